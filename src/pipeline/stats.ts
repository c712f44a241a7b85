import { formatCount } from '../core/progress.js';

export interface StageStats {
  name: string;
  in: number;
  out: number;
  dropped: number;
  errors: number;
  /** Time spent inside this stage alone (its upstream excluded), in milliseconds. */
  ms: number;
}

export interface ShardStats {
  read: { records: number; rejects: number; bytes: number; ms: number };
  stages: StageStats[];
  written: number;
}

export function emptyStageStats(name: string): StageStats {
  return { name, in: 0, out: 0, dropped: 0, errors: 0, ms: 0 };
}

/** Sums shard stats; the result is independent of the order shards finished in. */
export function mergeShardStats(all: readonly ShardStats[], stageNames: readonly string[]): ShardStats {
  const total: ShardStats = {
    read: { records: 0, rejects: 0, bytes: 0, ms: 0 },
    stages: stageNames.map(emptyStageStats),
    written: 0,
  };
  for (const shard of all) {
    total.read.records += shard.read.records;
    total.read.rejects += shard.read.rejects;
    total.read.bytes += shard.read.bytes;
    total.read.ms += shard.read.ms;
    total.written += shard.written;
    shard.stages.forEach((stage, i) => {
      const into = total.stages[i];
      if (!into) return;
      into.in += stage.in;
      into.out += stage.out;
      into.dropped += stage.dropped;
      into.errors += stage.errors;
      into.ms += stage.ms;
    });
  }
  return total;
}

/** A plain-text table of per-stage stats, as printed at the end of a run. */
export function formatStatsTable(stats: ShardStats): string {
  const rows = [
    ['stage', 'in', 'out', 'dropped', 'errors', 'time', 'records/s'],
    ['(read)', '-', String(stats.read.records), '-', String(stats.read.rejects), seconds(stats.read.ms), rate(stats.read.records, stats.read.ms)],
    ...stats.stages.map((s) => [s.name, String(s.in), String(s.out), String(s.dropped), String(s.errors), seconds(s.ms), rate(s.in, s.ms)]),
    ['(write)', String(stats.written), String(stats.written), '-', '-', '-', '-'],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((row, r) => {
      const line = row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
      return r === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

function rate(records: number, ms: number): string {
  return ms > 0 ? formatCount((records * 1000) / ms) : '-';
}
