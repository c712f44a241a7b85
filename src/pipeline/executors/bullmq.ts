import { Queue, QueueEvents } from 'bullmq';
import { errorMessage } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/log.js';
import { RunDir, type ShardMarker } from '../run-dir.js';
import { configHash } from '../runner.js';
import {
  DEFAULT_PREFIX,
  closeAll,
  queueName,
  redisConnection,
  safeRedisUrl,
  shardJobId,
  whenConnected,
  type QueueAddress,
  type ShardJobData,
  type ShardJobProgress,
} from './bullmq-connection.js';
import { asWardenError, assertMarkersVisible, markerOf, shardFailure } from './bullmq-failure.js';
import { cleanupRunJobs, enqueueShards, startReconciler, type RunJobs } from './bullmq-jobs.js';
import { ShardProgressTracker } from './bullmq-progress.js';
import type { Executor, ExecutorEvents, ExecutorJob } from './types.js';

export interface BullMqExecutorOptions extends QueueAddress {
  /** Attempts per shard for failures a retry may cure (default 3); data errors fail at once. */
  attempts?: number;
  /** First retry delay, doubled each time (default 2 s). */
  backoffMs?: number;
  /** How often the coordinator checks the queue against its view (default 5 s). */
  reconcileMs?: number;
  /** Fail the run when Redis stays unreachable this long mid-run (default 120 s). */
  redisDownMs?: number;
  connectTimeoutMs?: number;
  log?: Logger;
}

/**
 * Runs shards as BullMQ jobs on Redis, processed by `warden worker` processes on any number of
 * machines that share the run directory. This process only dispatches and waits: it adds one
 * job per pending shard (ids stable per run, so a restarted coordinator re-attaches to jobs
 * still queued), turns the workers' progress into the runner's progress and shard-done events,
 * and cleans its jobs off the queue at the end. Delivery is at least once; completion markers
 * make a re-delivered shard a no-op, so outputs equal the local executor's.
 *
 * @example
 * await runPipeline(config, { executor: new BullMqExecutor({ redis: 'redis://127.0.0.1:6379' }) });
 */
export class BullMqExecutor implements Executor {
  readonly name = 'bullmq';
  /** Workers are separate processes this executor does not know in advance. */
  readonly workers = 0;
  private readonly options: BullMqExecutorOptions;

  constructor(options: BullMqExecutorOptions) {
    redisConnection(options.redis); // a malformed URL fails here, before the run starts
    queueName(options);
    this.options = options;
  }

  get queue(): string {
    return queueName(this.options);
  }

  async run(job: ExecutorJob, events: ExecutorEvents): Promise<void> {
    if (job.shards.length === 0) return;
    const { redis: url } = this.options;
    const log = this.options.log ?? silentLogger;
    const name = queueName(this.options);
    const connection = redisConnection(url);
    const prefix = this.options.prefix ?? DEFAULT_PREFIX;
    const run = configHash(job.config);
    const shards = new Map(job.shards.map((shard) => [shardJobId(run, shard.id), shard]));
    const remaining = new Set(shards.keys());
    const tracker = new ShardProgressTracker();
    const dir = new RunDir(job.runDir);
    const queue = new Queue<ShardJobData, ShardMarker>(name, { connection, prefix });
    const jobs: RunJobs = { queue, run, job, shards, attempts: this.options.attempts ?? 3, backoffMs: this.options.backoffMs ?? 2000 };

    let queueEvents: QueueEvents | undefined;
    let reconciler: NodeJS.Timeout | undefined;
    // Cleanup and close talk to Redis: skipped, or kept short, when it is gone.
    let connected = false;
    let settled = false;
    let settle!: { resolve: () => void; reject: (error: Error) => void };
    const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const fail = (error: Error, redisLost = false) => {
      if (redisLost) connected = false;
      if (settled) return;
      settled = true;
      settle.reject(error);
    };
    const complete = (jobId: string, marker: ShardMarker) => {
      const shard = shards.get(jobId);
      if (!shard || tracker.isFinished(shard.id) || settled) return;
      const delta = tracker.finish(marker);
      if (delta && (delta.records > 0 || delta.bytes > 0)) events.progress(shard.id, delta);
      remaining.delete(jobId);
      events.shardDone(marker);
      if (remaining.size === 0) {
        settled = true;
        settle.resolve();
      }
    };

    // BullMQ retries lost connections itself; an 'error' without a listener would be printed.
    const quiet = (error: Error) => log.debug({ error: errorMessage(error) }, 'Redis connection error (retrying)');
    queue.on('error', quiet);
    try {
      await whenConnected(queue, url, this.options.connectTimeoutMs);
      connected = true;
      // Events are read from a point set now, so none between this and the first job is missed.
      const client = await queue.backend.client;
      const startId = await client.xadd(queue.keys.events!, '*', { event: 'warden-run', run });
      queueEvents = new QueueEvents(name, { connection, prefix, lastEventId: startId });
      queueEvents.on('error', quiet);
      await whenConnected(queueEvents, url, this.options.connectTimeoutMs);
      queueEvents.on('progress', function onProgress({ jobId, data }) {
        const shard = shards.get(jobId);
        if (!shard || settled) return;
        const delta = tracker.update(shard.id, progressOf(data));
        if (delta.records > 0 || delta.bytes > 0) events.progress(shard.id, delta);
      });
      queueEvents.on('completed', function onCompleted({ jobId, returnvalue }) {
        const shard = shards.get(jobId);
        if (shard) void markerOf(returnvalue, shard, dir).then((marker) => complete(jobId, marker), fail);
      });
      queueEvents.on('failed', function onFailed({ jobId, failedReason }) {
        const shard = shards.get(jobId);
        if (shard) fail(shardFailure(shard.id, failedReason));
      });

      await enqueueShards(jobs);
      log.info({ queue: name, redis: safeRedisUrl(url), shards: shards.size }, 'shards queued; waiting for `warden worker` processes');
      reconciler = startReconciler({
        ...jobs,
        dir,
        remaining,
        complete,
        fail,
        log,
        redisUrl: url,
        everyMs: this.options.reconcileMs ?? 5000,
        redisDownMs: this.options.redisDownMs ?? 120_000,
      });
      await finished;
      assertMarkersVisible(dir, job.shards);
      // A worker killed mid-shard leaves its temp files behind; no attempt is running now.
      await dir.removeTempFiles();
    } catch (error) {
      settled = true;
      throw asWardenError(url, error);
    } finally {
      clearInterval(reconciler);
      if (connected) await cleanupRunJobs(queue, shards.keys(), log).catch((error: unknown) => log.warn({ error: errorMessage(error) }, 'queue cleanup failed'));
      await closeAll([queueEvents, queue], connected ? 5000 : 500);
    }
  }
}

function progressOf(data: unknown): ShardJobProgress {
  const value = (data ?? {}) as Partial<ShardJobProgress>;
  return { records: Number(value.records) || 0, bytes: Number(value.bytes) || 0 };
}
