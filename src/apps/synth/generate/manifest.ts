import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import { sha256, stableStringify } from '../../../core/hash.js';
import type { RejectReason } from './check.js';
import type { ModelSwitch } from './models.js';
import type { PromptFile } from './prompt-file.js';

export type PromptStatus = 'pending' | 'running' | 'complete' | 'short' | 'failed';

export interface PromptEntry {
  name: string;
  file: string;
  sha256: string;
  labels: string[];
  /** Accepted rows per label. */
  label_counts: Record<string, number>;
  output: string;
  status: PromptStatus;
  requested: number;
  accepted: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Follow-up requests sent for missing rows. */
  reprompts: number;
  /** Rounds run (the first round plus re-prompt rounds). */
  attempts: number;
  requests: number;
  /** Fields outside the schema that models added and that were dropped from accepted rows. */
  extra_fields_dropped: number;
  models: string[];
  error?: string;
}

/** What shapes the rows: two runs with the same config hash ask for the same thing. */
export interface GenerateConfig {
  model: string;
  fallback_models: string[];
  /** Rows per prompt file; null uses each file's `samples`. */
  samples: number | null;
  max_reprompts: number;
  seed: number | null;
  near_dup: number;
}

/** How the run was invoked, so `warden synth resume DIR` can run it again. */
export interface Invocation {
  prompts: string[];
  out: string;
  concurrency: number;
  batch: 'auto' | 'on' | 'off';
  no_cache: boolean;
}

export interface UsageTotals {
  /** Chat calls made plus batch answers received. */
  requests: number;
  /** Of those, answers that came through a batch API (billed at half price there). */
  batch_requests: number;
  cache_hits: number;
  retries: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  /** Output tokens per second of request time, over the whole run. */
  tokens_per_s: number;
  /** Output tokens and request seconds behind tokens_per_s (so resumed sessions combine correctly). */
  timed_output_tokens: number;
  request_seconds: number;
}

export interface GenerateManifest {
  warden: string;
  kind: 'synth-generate';
  status: 'running' | 'complete' | 'short' | 'failed';
  command: string[];
  created_at: string;
  updated_at: string;
  finished_at?: string;
  config: GenerateConfig;
  config_hash: string;
  invocation: Invocation;
  prompts: PromptEntry[];
  models: { chain: string[]; current: string; switches: ModelSwitch[] };
  usage: UsageTotals;
  /** Batch runs of the first rounds: the tracker's run id (a re-run resumes it) and its remote batches. */
  batches: { run_id: string; prompts: string[]; remote: { id: string; status: string }[]; status: 'running' | 'collected' }[];
  sessions: number;
  error?: string;
}

export interface DoneMarker {
  name: string;
  status: 'complete' | 'short';
  rows: number;
  output_sha256: string;
  reprompts: number;
  finished_at: string;
}

/**
 * The config hash covers what decides the rows (prompt bytes, models, counts, seed), not how
 * they are fetched (concurrency, batch, cache).
 *
 * @example
 * configHash(config, prompts); // '5e1c…'
 */
export function configHash(config: GenerateConfig, prompts: readonly PromptFile[]): string {
  const { max_reprompts: _ignored, ...shaping } = config;
  return sha256(stableStringify({ ...shaping, prompts: prompts.map((p) => ({ name: p.name, sha256: p.sha256 })) }));
}

/** Paths of a generation run directory (the --out directory). */
export class GenerateRunDir {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  get manifestPath(): string {
    return join(this.root, 'manifest.json');
  }

  outputPath(name: string): string {
    return join(this.root, `${name}.jsonl`);
  }

  markerPath(name: string): string {
    return join(this.root, '_done', `${name}.json`);
  }

  exists(): boolean {
    return existsSync(this.manifestPath);
  }

  async readManifest(): Promise<GenerateManifest> {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(this.manifestPath, 'utf8'));
    } catch (cause) {
      throw new WardenError('W_RUN_MISMATCH', `cannot read the run manifest: ${(cause as Error).message}`, { where: this.manifestPath, cause });
    }
    const m = value as Partial<GenerateManifest>;
    if (m.kind !== 'synth-generate' || !Array.isArray(m.prompts) || typeof m.config_hash !== 'string') {
      throw new WardenError('W_RUN_MISMATCH', 'not a `warden synth generate` run manifest', { where: this.manifestPath });
    }
    return m as GenerateManifest;
  }

  async writeManifest(manifest: GenerateManifest): Promise<void> {
    await writeFileAtomic(this.manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  }

  async readMarker(name: string): Promise<DoneMarker | undefined> {
    const path = this.markerPath(name);
    if (!existsSync(path)) return undefined;
    try {
      return JSON.parse(await readFile(path, 'utf8')) as DoneMarker;
    } catch {
      // A marker is written atomically; an unreadable one was damaged by hand: redo the file.
      return undefined;
    }
  }

  async writeMarker(marker: DoneMarker): Promise<void> {
    await writeFileAtomic(this.markerPath(marker.name), JSON.stringify(marker) + '\n');
  }
}

/** A fresh entry for a prompt file. */
export function newEntry(prompt: PromptFile, requested: number, output: string): PromptEntry {
  return {
    name: prompt.name,
    file: prompt.path,
    sha256: prompt.sha256,
    labels: prompt.labels,
    label_counts: {},
    output,
    status: 'pending',
    requested,
    accepted: 0,
    rejected: {},
    reprompts: 0,
    attempts: 0,
    requests: 0,
    extra_fields_dropped: 0,
    models: [],
  };
}

export function emptyUsage(): UsageTotals {
  return { requests: 0, batch_requests: 0, cache_hits: 0, retries: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0, tokens_per_s: 0, timed_output_tokens: 0, request_seconds: 0 };
}
