import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WardenError, errorMessage } from '../core/errors.js';
import { sha256, stableStringify } from '../core/hash.js';
import { silentLogger, type Logger } from '../core/log.js';
import { ProgressBar, formatCount } from '../core/progress.js';
import { WARDEN_VERSION } from '../core/version.js';
import { writeHfDatasetDict, writeHfDatasetMetadata } from '../io/hf-dataset.js';
import { InlineExecutor } from './executors/inline.js';
import { LocalExecutor, defaultWorkerCount } from './executors/local.js';
import type { Executor } from './executors/types.js';
import { fingerprintInputs, planShards } from './plan.js';
import { RunDir, type Manifest, type ShardMarker, type ShardPlan } from './run-dir.js';
import type { RunConfig } from './spec.js';
import { mergeShardStats, type ShardStats } from './stats.js';

export interface RunOptions {
  /** Delete an existing run in the output directory and start over. */
  force?: boolean;
  executor?: Executor;
  log?: Logger;
  /** Draw a progress bar (default: when stderr is a TTY). */
  progress?: boolean;
}

export interface RunResult {
  runDir: string;
  manifest: Manifest;
  stats: ShardStats;
  /** Shards finished by an earlier, interrupted run and skipped now. */
  skipped: number;
  ran: number;
}

/** The part of the config that decides outputs; workers and paths of the run dir do not. */
export function configHash(config: RunConfig): string {
  const { workers: _workers, ...decisive } = config;
  return sha256(stableStringify(decisive));
}

/**
 * Runs a pipeline into `config.output` (the run directory). Running the same config again
 * resumes: shards with a completion marker are skipped, the rest are redone from their start.
 *
 * @example
 * const result = await runPipeline(parseRunConfig({ input: 'data.jsonl', output: 'out/run', stages: ['text-stats'] }));
 * console.log(result.stats.written);
 */
export async function runPipeline(config: RunConfig, options: RunOptions = {}): Promise<RunResult> {
  const log = options.log ?? silentLogger;
  const dir = new RunDir(config.output);
  const hash = configHash(config);
  if (options.force) await dir.clear();
  await dir.ensure();
  await dir.removeTempFiles();

  let plan: ShardPlan[];
  let manifest: Manifest;
  const now = new Date().toISOString();
  if (dir.exists()) {
    manifest = await dir.readManifest();
    if (manifest.config_hash !== hash) {
      throw new WardenError('W_RUN_MISMATCH', 'the run directory holds a run with a different configuration', { where: config.output });
    }
    const current = await fingerprintInputs(manifest.inputs);
    const changed = current.find((fp, i) => fp.size !== manifest.inputs[i]!.size || fp.mtime_ms !== manifest.inputs[i]!.mtime_ms);
    if (changed) throw new WardenError('W_RUN_MISMATCH', 'an input file changed since the run started', { where: changed.path });
    plan = await dir.readPlan();
    manifest = { ...manifest, status: 'running', started_at: now };
    delete manifest.finished_at;
    delete manifest.error;
  } else {
    const planned = await planShards(config);
    plan = planned.shards;
    await dir.writePlan(plan);
    manifest = {
      warden: WARDEN_VERSION,
      status: 'running',
      created_at: now,
      started_at: now,
      config,
      config_hash: hash,
      inputs: await fingerprintInputs(planned.files),
      shards: plan.length,
    };
  }

  const markers = new Map<string, ShardMarker>();
  for (const shard of plan) {
    const marker = await dir.readMarker(shard.id);
    if (marker) markers.set(shard.id, marker);
  }
  const pending = plan.filter((shard) => !markers.has(shard.id));
  const skipped = plan.length - pending.length;
  const executor = options.executor ?? defaultExecutor(config);
  manifest.executor = { name: executor.name, workers: executor.workers };
  await dir.writeManifest(manifest);
  if (skipped > 0) log.info({ skipped, pending: pending.length }, 'resuming run: finished shards are kept');

  // Progress in input bytes; each shard's share is capped at its estimate (compressed inputs
  // report more bytes than the file holds), so the bar never runs backwards or past 100 %.
  const estimate = new Map(plan.map((shard) => [shard.id, shard.bytes]));
  const counted = new Map<string, number>();
  const totalBytes = plan.reduce((sum, shard) => sum + shard.bytes, 0);
  let doneBytes = plan.filter((shard) => markers.has(shard.id)).reduce((sum, shard) => sum + shard.bytes, 0);
  const bar = new ProgressBar({ label: 'run', total: totalBytes, unit: 'B', ...(options.progress === undefined ? {} : { enabled: options.progress }) });
  const advance = (shard: string, delta: number) => {
    const before = counted.get(shard) ?? 0;
    const after = Math.min(before + delta, estimate.get(shard) ?? 0);
    counted.set(shard, after);
    doneBytes += after - before;
  };
  bar.update(doneBytes);
  let records = 0;
  let bytes = 0;
  const started = performance.now();
  try {
    await executor.run(
      { runDir: config.output, config, shards: pending },
      {
        progress(shard, delta) {
          records += delta.records;
          bytes += delta.bytes;
          advance(shard, delta.bytes);
          bar.update(doneBytes, `shards ${markers.size}/${plan.length}, ${formatCount(records)} records`);
        },
        shardDone(marker) {
          markers.set(marker.id, marker);
          advance(marker.id, Number.POSITIVE_INFINITY);
          log.debug({ shard: marker.id, rows: marker.output.rows }, 'shard done');
          bar.update(doneBytes, `shards ${markers.size}/${plan.length}, ${formatCount(records)} records`);
        },
      },
    );
  } catch (error) {
    bar.done();
    manifest.status = 'failed';
    manifest.error = errorMessage(error);
    await dir.writeManifest(manifest);
    throw error;
  }
  bar.done();
  const wallMs = performance.now() - started;

  await finalizeOutput(config, dir, plan);
  const stats = mergeShardStats(plan.map((shard) => markers.get(shard.id)!.stats), stageNames(config, plan, markers));
  manifest.status = 'complete';
  manifest.finished_at = new Date().toISOString();
  manifest.stats = {
    ...stats,
    wall_ms: Math.round(wallMs),
    records_per_s: wallMs > 0 ? Math.round((records * 1000) / wallMs) : 0,
    mb_per_s: wallMs > 0 ? Math.round((bytes / 1e6 / (wallMs / 1000)) * 10) / 10 : 0,
  };
  await dir.writeManifest(manifest);
  return { runDir: config.output, manifest, stats, skipped, ran: pending.length };
}

function stageNames(config: RunConfig, plan: ShardPlan[], markers: Map<string, ShardMarker>): string[] {
  const first = plan[0] && markers.get(plan[0].id);
  if (first) return first.stats.stages.map((s) => s.name);
  return config.stages.map((s) => ('use' in s ? s.use : s.module));
}

function defaultExecutor(config: RunConfig): Executor {
  const workers = config.workers ?? defaultWorkerCount();
  return workers <= 1 ? new InlineExecutor() : new LocalExecutor(workers);
}

/** Hugging Face layout: metadata files beside the shards (per split for a DatasetDict). */
async function finalizeOutput(config: RunConfig, dir: RunDir, plan: ShardPlan[]): Promise<void> {
  if (config.output_format !== 'hf') return;
  const bySplit = new Map<string, string[]>();
  for (const shard of plan) {
    const key = shard.part.split ?? '';
    const list = bySplit.get(key) ?? [];
    list.push(shard.output.slice(shard.output.lastIndexOf('/') + 1));
    bySplit.set(key, list);
  }
  const splits = [...bySplit.keys()].filter(Boolean);
  for (const [split, files] of bySplit) {
    const folder = split ? join(dir.outputDir, split) : dir.outputDir;
    await mkdir(folder, { recursive: true });
    await writeHfDatasetMetadata(folder, files, split || undefined);
  }
  if (splits.length > 0) await writeHfDatasetDict(dir.outputDir, splits);
}
