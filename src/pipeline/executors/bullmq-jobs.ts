import type { Queue } from 'bullmq';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { WARDEN_VERSION } from '../../core/version.js';
import type { RunDir, ShardMarker, ShardPlan } from '../run-dir.js';
import { redisUnreachable, safeRedisUrl, type ShardJobData } from './bullmq-connection.js';
import { shardFailure } from './bullmq-failure.js';
import type { ExecutorJob } from './types.js';

/** The coordinator's side of the queue: adding a run's shard jobs, checking on them, removing them. */

export type ShardQueue = Queue<ShardJobData, ShardMarker>;

export interface RunJobs {
  queue: ShardQueue;
  /** Config hash of the run. */
  run: string;
  job: ExecutorJob;
  /** Job id → shard. */
  shards: Map<string, ShardPlan>;
  attempts: number;
  backoffMs: number;
}

function jobOptions(ctx: RunJobs, jobId: string) {
  return {
    jobId,
    attempts: ctx.attempts,
    backoff: { type: 'exponential', delay: ctx.backoffMs },
    // Completed jobs go at once (the marker on disk is the record); failed ones stay until
    // cleanup so their reason can be read.
    removeOnComplete: true,
    removeOnFail: false,
  };
}

function jobData(ctx: RunJobs, shard: ShardPlan): ShardJobData {
  return { v: 1, warden: WARDEN_VERSION, run: ctx.run, runDir: ctx.job.runDir, config: ctx.job.config, shard };
}

/**
 * Adds one job per shard. Jobs still queued or running from an earlier coordinator of the same
 * run are kept (adding an existing id is a no-op: this one re-attaches); finished ones are
 * replaced, since their shard is pending again.
 */
export async function enqueueShards(ctx: RunJobs): Promise<void> {
  const ids = [...ctx.shards.keys()];
  for (let i = 0; i < ids.length; i += 200) {
    await Promise.all(
      ids.slice(i, i + 200).map(async (id) => {
        const state = await ctx.queue.getJobState(id);
        if (state === 'failed' || state === 'completed') await ctx.queue.remove(id);
      }),
    );
  }
  const entries = [...ctx.shards].map(([jobId, shard]) => ({ name: 'shard', data: jobData(ctx, shard), opts: jobOptions(ctx, jobId) }));
  for (let i = 0; i < entries.length; i += 500) await ctx.queue.addBulk(entries.slice(i, i + 500));
}

export interface Reconcile extends RunJobs {
  dir: RunDir;
  /** Job ids of shards not settled yet. */
  remaining: Set<string>;
  complete(jobId: string, marker: ShardMarker): void;
  fail(error: Error, redisLost?: boolean): void;
  log: Logger;
  redisUrl: string;
  everyMs: number;
  redisDownMs: number;
}

/**
 * The safety net under the event stream: every few seconds, each unfinished shard's job is
 * looked up. A job finished while an event was missed is settled from its marker; a job that
 * vanished without a marker (another run's cleanup on a shared queue) is queued again; a Redis
 * that stays down past `redisDownMs` fails the run instead of leaving it waiting forever.
 */
export function startReconciler(ctx: Reconcile): NodeJS.Timeout {
  const { queue, log } = ctx;
  let lastOk = Date.now();
  let busy = false;
  let warnedNoWorkers = 0;
  const tick = async () => {
    for (const jobId of [...ctx.remaining]) {
      const shard = ctx.shards.get(jobId)!;
      const state = await withTimeout(queue.getJobState(jobId), ctx.everyMs);
      if (state === 'failed') {
        const failed = await queue.getJob(jobId);
        ctx.fail(shardFailure(shard.id, failed?.failedReason ?? 'failed'));
        return;
      }
      if (state !== 'unknown' && state !== 'completed') continue;
      // The marker is read after the state: a job is acknowledged only once its marker exists.
      const marker = await ctx.dir.readMarker(shard.id);
      if (marker) ctx.complete(jobId, marker);
      else if (state === 'unknown') {
        log.warn({ shard: shard.id }, 'shard job vanished from the queue without finishing; queued again');
        await queue.add('shard', jobData(ctx, shard), jobOptions(ctx, jobId));
      }
    }
    lastOk = Date.now();
    if (Date.now() - warnedNoWorkers > 60_000 && (await queue.getWorkersCount().catch(() => 1)) === 0) {
      warnedNoWorkers = Date.now();
      log.warn({ queue: queue.name }, `no worker is connected; start one with \`warden worker --redis ${safeRedisUrl(ctx.redisUrl)} --queue ${queue.name}\``);
    }
  };
  return setInterval(() => {
    if (busy) return;
    busy = true;
    tick()
      .catch((error: unknown) => {
        const down = Date.now() - lastOk;
        if (down > ctx.redisDownMs) ctx.fail(redisUnreachable(ctx.redisUrl, new Error(`lost for ${Math.round(down / 1000)} s (${errorMessage(error)})`)), true);
      })
      .finally(() => (busy = false));
  }, ctx.everyMs);
}

/**
 * Removes the run's jobs that are still there (after a failure: waiting, delayed, failed);
 * when the queue is then empty, its keys go too. A shard job that another run on the same
 * queue added meanwhile and loses to this is queued again by that run's reconciler.
 */
export async function cleanupRunJobs(queue: ShardQueue, ids: Iterable<string>, log: Logger): Promise<void> {
  await withTimeout(
    (async () => {
      for (const id of ids) await queue.remove(id).catch(() => 0);
      const counts = await queue.getJobCounts();
      if (Object.values(counts).some((n) => n > 0)) return;
      try {
        await queue.obliterate();
      } catch (error) {
        // Obliterate pauses the queue before it checks for active jobs: never leave it paused.
        await queue.resume();
        log.debug({ error: errorMessage(error) }, 'queue in use by another run; keys kept');
      }
    })(),
    10_000,
  );
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
