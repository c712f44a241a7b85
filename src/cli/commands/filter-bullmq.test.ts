import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import { useRedis } from '../../../test/redis.js';
import { DEMO_CORPUS, DEMO_MODEL, DEMO_TERMS } from '../../apps/filter/test-helpers/fixtures.js';
import { silentLogger } from '../../core/log.js';
import { startShardWorker, type ShardWorker } from '../../pipeline/executors/bullmq-worker.js';

const redis = useRedis();
const io = useCliCapture(['filter', 'run']);
let dir: string;
useTempDir((path) => (dir = path), 'warden-filter-bullmq-');

const QUEUE = 'filter-test';
let workers: ShardWorker[] = [];
beforeAll(async () => {
  // Two workers on the machine's Redis under this run's own key prefix, as `warden worker` starts them.
  workers = await Promise.all([0, 1].map((i) => startShardWorker({ redis: redis.url, prefix: redis.prefix, queue: QUEUE, name: `filter-test-${i}`, log: silentLogger })));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
});

const flags = ['--input', DEMO_CORPUS, '--blocklist', DEMO_TERMS, '--classifier', DEMO_MODEL, '--save-every', '0.1', '--no-progress', '--quiet'];

/** Every record output of a run by name; the judgments CSV without its timing columns (report and manifest carry times). */
async function outputs(run: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(run, { recursive: true })).sort()) {
    if (name.endsWith('.jsonl')) out[name] = await readFile(join(run, name), 'utf8');
    if (name.endsWith('.csv')) out[name] = withoutTimings(await readFile(join(run, name), 'utf8'));
  }
  return out;
}

/** The demo's CSV has no quoted commas (ids, numbers, terms joined by |). */
function withoutTimings(csv: string): string {
  const rows = csv.split('\r\n').map((line) => line.split(','));
  const timing = new Set(rows[0]!.flatMap((name, i) => (name.endsWith('_ms') ? [i] : [])));
  expect(timing.size).toBeGreaterThan(0);
  return rows.map((cells) => cells.filter((_, i) => !timing.has(i)).join(',')).join('\n');
}

describe('warden filter run --executor bullmq', () => {
  it('shards become jobs for `warden worker`s; kept, removed and judgments equal the local run', async () => {
    const local = join(dir, 'local');
    const queued = join(dir, 'bullmq');
    expect(await io.cli(...flags, '--workers', '1', '--output', local, '--log-judgments')).toBe(0);
    const code = await io.cli(...flags, '--executor', 'bullmq', '--redis', redis.url, '--redis-prefix', redis.prefix, '--queue', QUEUE, '--output', queued, '--log-judgments');
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const [a, b] = [await outputs(local), await outputs(queued)];
    expect(Object.keys(b).length).toBeGreaterThan(1);
    expect(b).toEqual(a);
    const report = (run: string) => readFile(join(run, 'report.json'), 'utf8').then((t) => (JSON.parse(t) as { totals: unknown }).totals);
    expect(await report(queued)).toEqual(await report(local));
    const manifest = JSON.parse(await readFile(join(queued, 'manifest.json'), 'utf8')) as { executor?: unknown };
    expect(JSON.stringify(manifest)).toContain('bullmq');
  });
});
