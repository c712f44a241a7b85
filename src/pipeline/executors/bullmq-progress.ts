import type { ShardMarker } from '../run-dir.js';
import type { ShardProgress } from '../run-shard.js';

/**
 * Turns the cumulative progress that BullMQ workers report per job attempt into the deltas the
 * runner adds up, counting every shard's records once. A job re-delivered after a worker death
 * reports again from zero; only what goes past the furthest point already seen is new, and the
 * completion marker's read totals settle the shard exactly, whatever updates were throttled or
 * lost on the way.
 *
 * @example
 * const tracker = new ShardProgressTracker();
 * tracker.update('part-00000', { records: 500, bytes: 4096 }); // { records: 500, bytes: 4096 }
 * tracker.update('part-00000', { records: 200, bytes: 1024 }); // retried attempt: { records: 0, bytes: 0 }
 */
export class ShardProgressTracker {
  private readonly seen = new Map<string, ShardProgress>();
  private readonly finished = new Set<string>();

  /** The delta to report for a cumulative `{records, bytes}` of one attempt at `shard`. */
  update(shard: string, cumulative: ShardProgress): ShardProgress {
    if (this.finished.has(shard)) return { records: 0, bytes: 0 };
    const before = this.seen.get(shard) ?? { records: 0, bytes: 0 };
    const after = { records: Math.max(before.records, cumulative.records), bytes: Math.max(before.bytes, cumulative.bytes) };
    this.seen.set(shard, after);
    return { records: after.records - before.records, bytes: after.bytes - before.bytes };
  }

  /**
   * The delta that brings the shard to its marker's read totals, or undefined when it was
   * already settled. Attempts read the same bytes in the same order, so no attempt can have
   * reported more than the marker holds; the clamp only keeps the bar from running backwards.
   */
  finish(marker: ShardMarker): ShardProgress | undefined {
    if (this.finished.has(marker.id)) return undefined;
    this.finished.add(marker.id);
    const before = this.seen.get(marker.id) ?? { records: 0, bytes: 0 };
    return {
      records: Math.max(0, marker.stats.read.records - before.records),
      bytes: Math.max(0, marker.stats.read.bytes - before.bytes),
    };
  }

  isFinished(shard: string): boolean {
    return this.finished.has(shard);
  }
}
