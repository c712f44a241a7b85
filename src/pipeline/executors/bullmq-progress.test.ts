import { describe, expect, it } from 'vitest';
import type { ShardMarker } from '../run-dir.js';
import { ShardProgressTracker } from './bullmq-progress.js';

const marker = (id: string, records: number, bytes: number): ShardMarker => ({
  id,
  stats: { read: { records, rejects: 0, bytes, ms: 1 }, stages: [], written: records },
  output: { path: `${id}.jsonl`, rows: records },
  dropped: 0,
  rejects: 0,
  finished_at: '2025-01-01T00:00:00.000Z',
});

describe('ShardProgressTracker', () => {
  it('turns cumulative reports into deltas and counts a restarted attempt only past the furthest point seen', () => {
    const tracker = new ShardProgressTracker();
    expect(tracker.update('a', { records: 100, bytes: 1000 })).toEqual({ records: 100, bytes: 1000 });
    expect(tracker.update('a', { records: 250, bytes: 2500 })).toEqual({ records: 150, bytes: 1500 });
    // The worker died; another attempt starts over from zero.
    expect(tracker.update('a', { records: 50, bytes: 500 })).toEqual({ records: 0, bytes: 0 });
    expect(tracker.update('a', { records: 300, bytes: 3000 })).toEqual({ records: 50, bytes: 500 });
    // The marker settles the rest (updates are throttled, the last ones never sent).
    expect(tracker.finish(marker('a', 400, 4000))).toEqual({ records: 100, bytes: 1000 });
    expect(tracker.isFinished('a')).toBe(true);
  });

  it('settles a shard once: late progress and a second completion add nothing', () => {
    const tracker = new ShardProgressTracker();
    expect(tracker.finish(marker('b', 10, 99))).toEqual({ records: 10, bytes: 99 });
    expect(tracker.update('b', { records: 10, bytes: 99 })).toEqual({ records: 0, bytes: 0 });
    expect(tracker.finish(marker('b', 10, 99))).toBeUndefined();
    expect(tracker.update('c', { records: 5, bytes: 50 })).toEqual({ records: 5, bytes: 50 });
  });
});
