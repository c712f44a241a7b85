import { randomBytes } from 'node:crypto';
import { createServer, connect, type Socket } from 'node:net';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../test/helpers.js';
import { redisCommand, useRedis } from '../../../test/redis.js';
import { WARDEN_VERSION } from '../../core/version.js';
import type { ShardMarker } from '../run-dir.js';
import { configHash, runPipeline } from '../runner.js';
import { parseRunConfig, type RunConfigInput } from '../spec.js';
import { snapshotDir, writeCorpus } from '../test-helpers/fixtures.js';
import { BullMqExecutor } from './bullmq.js';
import { redisConnection, shardJobId, type ShardJobData } from './bullmq-connection.js';
import { startShardWorker, type ShardWorker } from './bullmq-worker.js';
import { InlineExecutor } from './inline.js';
import { LocalExecutor } from './local.js';
import type { Executor, ExecutorEvents, ExecutorJob } from './types.js';

const redis = useRedis();
const helpers = pathToFileURL(join(import.meta.dirname, '..', 'test-helpers', 'slow-stage.ts')).href;
let dir: string;
useTempDir((path) => (dir = path), 'warden-bullmq-');

const workers: ShardWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
});

const newQueue = () => `q-${randomBytes(4).toString('hex')}`;

function config(output: string, overrides: Partial<RunConfigInput> = {}) {
  return parseRunConfig({
    input: join(dir, 'in.jsonl'),
    output: join(dir, output),
    part_size_mb: 0.01,
    stages: ['text-stats', { use: 'length-filter', with: { min_chars: 30 } }],
    ...overrides,
  });
}

/** Worker i runs i + 1 shards at once (stage sets per concurrent shard). */
async function startWorkers(queue: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    workers.push(await startShardWorker({ redis: redis.url, prefix: redis.prefix, queue, name: `test-${i}`, concurrency: i + 1 }));
  }
}

/** Keys of a queue under the test's prefix: `KEYS` answers `*N` first. */
async function queueKeyCount(queue: string): Promise<number> {
  const reply = await redisCommand(['EVAL', "return #redis.call('KEYS', ARGV[1])", '0', `${redis.prefix}:${queue}:*`]);
  return Number(reply.slice(1));
}

/** Wraps an executor to see exactly what the runner is told. */
class Recording implements Executor {
  readonly name: string;
  readonly workers: number;
  readonly progress = new Map<string, { records: number; bytes: number }>();
  readonly done: string[] = [];
  private readonly inner: Executor;

  constructor(inner: Executor) {
    this.inner = inner;
    this.name = inner.name;
    this.workers = inner.workers;
  }

  run(job: ExecutorJob, events: ExecutorEvents): Promise<void> {
    return this.inner.run(job, {
      progress: (shard, delta) => {
        const seen = this.progress.get(shard) ?? { records: 0, bytes: 0 };
        this.progress.set(shard, { records: seen.records + delta.records, bytes: seen.bytes + delta.bytes });
        events.progress(shard, delta);
      },
      shardDone: (marker) => {
        this.done.push(marker.id);
        events.shardDone(marker);
      },
    });
  }
}

describe('BullMqExecutor', () => {
  it('two in-process workers produce the local run record for record, progress counted once, queue keys removed', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 2000);
    const local = await runPipeline(config('local'), { executor: new LocalExecutor(2) });
    const queue = newQueue();
    await startWorkers(queue, 2);
    const recording = new Recording(new BullMqExecutor({ redis: redis.url, prefix: redis.prefix, queue, reconcileMs: 500 }));
    const result = await runPipeline(config('bullmq'), { executor: recording });

    expect(result.manifest.shards).toBeGreaterThan(5);
    expect(result.manifest.executor).toEqual({ name: 'bullmq', workers: 0 });
    expect(await snapshotDir(join(dir, 'bullmq', 'output'))).toEqual(await snapshotDir(join(dir, 'local', 'output')));
    expect(await snapshotDir(join(dir, 'bullmq', 'dropped'))).toEqual(await snapshotDir(join(dir, 'local', 'dropped')));
    expect(result.stats.written).toBe(local.stats.written);
    expect(result.stats.stages).toEqual(local.stats.stages.map((s) => ({ ...s, ms: expect.any(Number) })));
    // Every shard reported done once, and its progress adds up to exactly what it read.
    expect([...recording.done].sort()).toEqual([...new Set(recording.done)].sort());
    expect(recording.done).toHaveLength(result.manifest.shards);
    for (const id of recording.done) {
      const marker = JSON.parse(await readFile(join(dir, 'bullmq', '_done', `${id}.json`), 'utf8')) as ShardMarker;
      expect(recording.progress.get(id)).toEqual({ records: marker.stats.read.records, bytes: marker.stats.read.bytes });
    }
    expect([...recording.progress.values()].reduce((sum, p) => sum + p.records, 0)).toBe(2000);
    expect(workers.reduce((sum, w) => sum + w.processed, 0)).toBe(result.manifest.shards);
    expect(await queueKeyCount(queue)).toBeLessThanOrEqual(1); // at most a live worker's stalled-check key

    // The same long-running workers serve the next run on the queue after the cleanup.
    const again = await runPipeline(config('bullmq2', { output_format: 'parquet' }), {
      executor: new BullMqExecutor({ redis: redis.url, prefix: redis.prefix, queue }),
    });
    expect(again.stats.written).toBe(local.stats.written);
  });

  it('a job for a shard that is already done is answered from its marker, nothing rewritten', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 600);
    const cfg = config('run');
    await runPipeline(cfg, { executor: new InlineExecutor() });
    const queue = newQueue();
    await startWorkers(queue, 1);
    const plan = JSON.parse(await readFile(join(dir, 'run', 'plan.json'), 'utf8'));
    const output = join(dir, 'run', 'output', plan[0].output);
    const before = await stat(output);
    const entries = await readdir(join(dir, 'run'), { recursive: true });

    // A re-delivery as BullMQ would make it after a worker died past the marker.
    const connection = redisConnection(redis.url);
    const q = new Queue<ShardJobData, ShardMarker>(queue, { connection, prefix: redis.prefix });
    const events = new QueueEvents(queue, { connection, prefix: redis.prefix });
    try {
      await events.waitUntilReady();
      const job = await q.add('shard', {
        v: 1,
        warden: WARDEN_VERSION,
        run: configHash(cfg),
        runDir: cfg.output,
        config: cfg,
        shard: plan[0],
      }, { jobId: shardJobId(configHash(cfg), plan[0].id) });
      const marker = await job.waitUntilFinished(events, 30_000);
      expect(marker.id).toBe(plan[0].id);
      expect(marker.output.rows).toBeGreaterThan(0);

      // A job from another Warden version is refused, not run: outputs could differ.
      const foreign = await q.add('shard', { v: 1, warden: '0.0.0-other', run: 'x', runDir: join(dir, 'other'), config: cfg, shard: plan[1] }, { attempts: 3 });
      await expect(foreign.waitUntilFinished(events, 30_000)).rejects.toThrow(
        `W_RUN_WORKER: the run was started by warden 0.0.0-other but worker test-0 runs ${WARDEN_VERSION}; run the same version everywhere`,
      );
      expect((await q.getJob(foreign.id!))!.attemptsMade).toBe(1);
    } finally {
      await q.obliterate({ force: true });
      await events.close();
      await q.close();
    }
    const after = await stat(output);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
    expect(await readdir(join(dir, 'run'), { recursive: true })).toEqual(entries);
  });

  it('a stage error on a worker fails the run with the Warden error the local run gives, without retries', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 400, (i) => (i === 250 ? { text: 'BOOM here' } : {}));
    const queue = newQueue();
    await startWorkers(queue, 2);
    const started = Date.now();
    const error = await expectWardenError(
      runPipeline(config('boom', { stages: [{ module: helpers, export: 'createExplodingStage' }] }), {
        executor: new BullMqExecutor({ redis: redis.url, prefix: redis.prefix, queue, backoffMs: 5000 }),
      }),
    );
    expect(error.code).toBe('W_RUN_STAGE');
    expect(error.message).toContain('stage "exploding" failed on record "r250": boom');
    expect(Date.now() - started).toBeLessThan(5000); // not retried with the 5 s backoff
    const manifest = JSON.parse(await readFile(join(dir, 'boom', 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('failed');
    // Its jobs are off the queue (a shard still running may finish and remove itself later).
    const q = new Queue(queue, { connection: redisConnection(redis.url), prefix: redis.prefix });
    await new Promise((r) => setTimeout(r, 300));
    const counts = await q.getJobCounts();
    await q.close();
    expect((counts.failed ?? 0) + (counts.waiting ?? 0) + (counts.delayed ?? 0)).toBe(0);
  });

  it('Redis lost mid-run fails the run with a clear error once it stays away past redisDownMs', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 300);
    // A loopback proxy in front of the real server, so the test can cut the line.
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect(redis.port, redis.host);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `redis://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const executor = new BullMqExecutor({ redis: url, prefix: redis.prefix, queue: newQueue(), reconcileMs: 300, redisDownMs: 1500 });
    const result = runPipeline(config('lost'), { executor });
    await new Promise((r) => setTimeout(r, 1000)); // queued; no worker, so the run waits
    proxy.close();
    for (const socket of sockets) socket.destroy();
    const started = Date.now();
    const error = await expectWardenError(result);
    expect(error.code).toBe('W_RUN_REDIS');
    expect(error.message).toMatch(new RegExp(`cannot reach Redis at ${url}: lost for \\d+ s`));
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('an unreachable Redis is a clear error for the coordinator and for a worker, within seconds', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 100);
    const url = 'redis://127.0.0.1:1';
    const started = Date.now();
    const error = await expectWardenError(runPipeline(config('down'), { executor: new BullMqExecutor({ redis: url }) }));
    expect(error.code).toBe('W_RUN_REDIS');
    expect(error.message).toContain('cannot reach Redis at redis://127.0.0.1:1');
    expect(error.message).toContain('ECONNREFUSED');
    const workerError = await expectWardenError(startShardWorker({ redis: url }));
    expect(workerError.message).toContain('cannot reach Redis at redis://127.0.0.1:1');
    expect(Date.now() - started).toBeLessThan(10_000);
    const usage = await expectWardenError(Promise.resolve().then(() => new BullMqExecutor({ redis: 'http://x' })));
    expect(usage.message).toContain('--redis must start with redis://');
  });
});
