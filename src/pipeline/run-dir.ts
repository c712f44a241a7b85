import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { WardenError } from '../core/errors.js';
import type { InputPart } from '../io/parts.js';
import type { OutputFormat, RunConfig } from './spec.js';
import type { ShardStats } from './stats.js';

export interface ShardPlan {
  id: string;
  index: number;
  part: InputPart;
  /** Output path relative to `output/`. */
  output: string;
  /** Estimated input bytes, for progress only. */
  bytes: number;
}

export interface InputFingerprint {
  path: string;
  size: number;
  mtime_ms: number;
}

export interface Manifest {
  warden: string;
  status: 'running' | 'complete' | 'failed';
  created_at: string;
  started_at: string;
  finished_at?: string;
  config: RunConfig;
  config_hash: string;
  inputs: InputFingerprint[];
  shards: number;
  executor?: { name: string; workers: number };
  stats?: ShardStats & { wall_ms: number; records_per_s: number; mb_per_s: number };
  error?: string;
}

export interface ShardMarker {
  id: string;
  stats: ShardStats;
  output: { path: string; rows: number };
  dropped: number;
  rejects: number;
  finished_at: string;
}

/** Paths inside a run directory; one place so executors and tools agree. */
export class RunDir {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  get manifestPath(): string {
    return join(this.root, 'manifest.json');
  }
  get planPath(): string {
    return join(this.root, 'plan.json');
  }
  get outputDir(): string {
    return join(this.root, 'output');
  }
  markerPath(shard: string): string {
    return join(this.root, '_done', `${shard}.json`);
  }
  droppedPath(shard: string): string {
    return join(this.root, 'dropped', `${shard}.jsonl`);
  }
  rejectsPath(shard: string): string {
    return join(this.root, 'rejects', `${shard}.jsonl`);
  }

  exists(): boolean {
    return existsSync(this.manifestPath);
  }

  async readManifest(): Promise<Manifest> {
    try {
      return JSON.parse(await readFile(this.manifestPath, 'utf8')) as Manifest;
    } catch (cause) {
      throw new WardenError('W_RUN_MISMATCH', `cannot read run manifest: ${(cause as Error).message}; use --force to start over`, { where: this.manifestPath, cause });
    }
  }

  async writeManifest(manifest: Manifest): Promise<void> {
    await writeFileAtomic(this.manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  }

  async readPlan(): Promise<ShardPlan[]> {
    return JSON.parse(await readFile(this.planPath, 'utf8')) as ShardPlan[];
  }

  async writePlan(plan: ShardPlan[]): Promise<void> {
    await writeFileAtomic(this.planPath, JSON.stringify(plan) + '\n');
  }

  async writeMarker(marker: ShardMarker): Promise<void> {
    await writeFileAtomic(this.markerPath(marker.id), JSON.stringify(marker) + '\n');
  }

  async readMarker(shard: string): Promise<ShardMarker | undefined> {
    const path = this.markerPath(shard);
    if (!existsSync(path)) return undefined;
    return JSON.parse(await readFile(path, 'utf8')) as ShardMarker;
  }

  /** Deletes everything: `--force`. */
  async clear(): Promise<void> {
    for (const name of ['manifest.json', 'plan.json', 'output', 'dropped', 'rejects', '_done']) {
      await rm(join(this.root, name), { recursive: true, force: true });
    }
  }

  /** Removes temp files a killed run left behind (finished files are never temp). */
  async removeTempFiles(): Promise<void> {
    if (!existsSync(this.root)) return;
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    await Promise.all(
      entries.filter((e) => e.isFile() && e.name.startsWith('.tmp-')).map((e) => rm(join(e.parentPath, e.name), { force: true })),
    );
  }

  async ensure(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }
}

/** Output file name of shard `index` (within its split) for a format. */
export function shardOutputName(format: OutputFormat, index: number, count: number, split?: string): string {
  const prefix = split ? `${split}/` : '';
  if (format === 'hf') return `${prefix}data-${String(index).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.arrow`;
  const ext = format === 'parquet' ? 'parquet' : format;
  return `${prefix}part-${String(index).padStart(5, '0')}.${ext}`;
}
