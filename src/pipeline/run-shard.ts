import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AtomicFile } from '../core/atomic.js';
import { WardenError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Compression } from '../io/formats.js';
import { toJsonlText } from '../io/jsonl.js';
import { readPart } from '../io/parts.js';
import type { Rec, Reject } from '../io/record.js';
import { openRecordWriter, type RecordWriter } from '../io/writer.js';
import { RunDir, type ShardMarker, type ShardPlan } from './run-dir.js';
import type { RunConfig } from './spec.js';
import type { ShardContext, Stage } from './stage.js';
import { emptyStageStats, type ShardStats } from './stats.js';

export interface ShardProgress {
  records: number;
  bytes: number;
}

export interface RunShardArgs {
  runDir: string;
  config: RunConfig;
  shard: ShardPlan;
  stages: readonly Stage[];
  log: Logger;
  onProgress?: (delta: ShardProgress) => void;
}

/**
 * Runs one shard from its first record to its last and leaves either nothing or a complete
 * result: output, dropped and rejects files are written to temp names and renamed, and the
 * completion marker is written last. Re-running a shard without a marker redoes it from the
 * start and overwrites its files, so a killed run resumes without duplicates.
 */
export async function runShard(args: RunShardArgs): Promise<ShardMarker> {
  const { config, shard, stages, log } = args;
  const dir = new RunDir(args.runDir);
  const fields = { text: config.text_field, id: config.id_field };
  const stats: ShardStats = {
    read: { records: 0, rejects: 0, bytes: 0, ms: 0 },
    stages: stages.map((s) => emptyStageStats(s.name)),
    written: 0,
  };
  const dropped = new SideFile(dir.droppedPath(shard.id), config.keep_dropped);
  const rejects = new SideFile(dir.rejectsPath(shard.id), true);
  const stageIndex = new Map(stages.map((s, i) => [s.name, i]));

  const ctx: ShardContext = {
    shard: shard.id,
    fields,
    onError: config.on_error,
    log,
    drop(stage, record, reason) {
      stats.stages[stageIndex.get(stage) ?? 0]!.dropped++;
      dropped.add({ stage, reason, id: record[fields.id], record });
    },
    fail(stage, record, error) {
      const id = record?.[fields.id];
      if (config.on_error === 'fail') {
        if (error instanceof WardenError) throw error;
        throw new WardenError('W_RUN_STAGE', `stage "${stage}" failed on record ${JSON.stringify(id)}: ${errorMessage(error)}`, { where: shard.part.path, cause: error });
      }
      stats.stages[stageIndex.get(stage) ?? 0]!.errors++;
      rejects.add({ stage, id, reason: errorMessage(error) });
    },
  };

  // Files of an earlier, unfinished attempt at this shard must not survive into this one.
  await Promise.all([dir.droppedPath(shard.id), dir.rejectsPath(shard.id)].map((p) => rm(p, { force: true })));
  const writer: RecordWriter = await openRecordWriter(join(dir.outputDir, shard.output), outputKind(config.output_format));
  try {
    // Inclusive time of each step's next(); a stage's own time is its figure minus its upstream's.
    const inclusive = new Float64Array(stages.length + 1);
    let source: AsyncIterable<Rec[]> = readRecords(shard, config, stats, rejects, inclusive, args.onProgress);
    stages.forEach((stage, i) => {
      source = timed(stage.run(counted(source, stats.stages[i]!, 'in'), ctx), inclusive, i + 1, stats.stages[i]!);
    });
    const reuseRaw = stages.every((stage) => stage.preservesRecords === true);
    for await (const batch of source) {
      await writer.write(batch, reuseRaw);
      stats.written += batch.length;
      await dropped.flushIfLarge();
      await rejects.flushIfLarge();
    }
    stats.read.ms = inclusive[0]!;
    stages.forEach((_, i) => (stats.stages[i]!.ms = Math.max(0, inclusive[i + 1]! - inclusive[i]!)));
    const summary = await writer.close();
    await dropped.commit();
    await rejects.commit();
    const marker: ShardMarker = {
      id: shard.id,
      stats,
      output: { path: shard.output, rows: summary.rows },
      dropped: dropped.count,
      rejects: rejects.count,
      finished_at: new Date().toISOString(),
    };
    await dir.writeMarker(marker);
    return marker;
  } catch (error) {
    await writer.abort();
    await dropped.abort();
    await rejects.abort();
    throw error;
  }
}

function outputKind(format: RunConfig['output_format']): { format: 'jsonl' | 'parquet' | 'hf'; compression: Compression } {
  if (format === 'jsonl.gz') return { format: 'jsonl', compression: 'gzip' };
  if (format === 'jsonl.zst') return { format: 'jsonl', compression: 'zstd' };
  return { format, compression: 'none' };
}

async function* readRecords(
  shard: ShardPlan,
  config: RunConfig,
  stats: ShardStats,
  rejects: SideFile,
  inclusive: Float64Array,
  onProgress: RunShardArgs['onProgress'],
): AsyncGenerator<Rec[]> {
  const batches = readPart(shard.part, {
    fields: { text: config.text_field, id: config.id_field },
    onError: config.on_error,
    requireText: config.require_text,
  });
  for (;;) {
    const started = performance.now();
    const next = await batches.next();
    inclusive[0]! += performance.now() - started;
    if (next.done) return;
    const { records, rejects: bad, bytes } = next.value;
    stats.read.records += records.length;
    stats.read.rejects += bad.length;
    stats.read.bytes += bytes;
    for (const reject of bad) rejects.add(reject satisfies Reject);
    onProgress?.({ records: records.length, bytes });
    if (records.length > 0) yield records;
  }
}

async function* counted(source: AsyncIterable<Rec[]>, stats: { in: number }, _field: 'in'): AsyncGenerator<Rec[]> {
  for await (const batch of source) {
    stats.in += batch.length;
    yield batch;
  }
}

async function* timed(source: AsyncIterable<Rec[]>, inclusive: Float64Array, slot: number, stats: { out: number }): AsyncGenerator<Rec[]> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const started = performance.now();
      const next = await iterator.next();
      inclusive[slot]! += performance.now() - started;
      if (next.done) return;
      stats.out += next.value.length;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** A per-shard JSONL side output (dropped records, rejects), created only when used. */
class SideFile {
  private readonly path: string;
  private readonly enabled: boolean;
  private file: AtomicFile | undefined;
  private buffer: unknown[] = [];
  count = 0;

  constructor(path: string, enabled: boolean) {
    this.path = path;
    this.enabled = enabled;
  }

  add(entry: unknown): void {
    this.count++;
    if (this.enabled) this.buffer.push(entry);
  }

  async flushIfLarge(): Promise<void> {
    if (this.buffer.length >= 1000) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    this.file ??= await AtomicFile.open(this.path);
    await this.file.write(toJsonlText(this.buffer as Rec[]));
    this.buffer = [];
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.file?.commit();
  }

  async abort(): Promise<void> {
    await this.file?.abort();
  }
}
