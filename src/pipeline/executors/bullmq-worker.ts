import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { errorMessage, isWardenError, type ErrorCode } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/log.js';
import { WARDEN_VERSION } from '../../core/version.js';
import { RunDir, type ShardMarker } from '../run-dir.js';
import { runShard } from '../run-shard.js';
import {
  DEFAULT_PREFIX,
  closeAll,
  queueName,
  redisConnection,
  whenConnected,
  type QueueAddress,
  type ShardJobData,
  type ShardJobProgress,
} from './bullmq-connection.js';
import { StagePool } from './bullmq-stage-pool.js';

export interface ShardWorkerOptions extends QueueAddress {
  /** Shards run at once in this process (default 1). CPU-bound pipelines: one process per core. */
  concurrency?: number;
  /**
   * How long a shard stays claimed without a heartbeat (default 30 s). A worker that dies
   * loses its claim after this, and a live worker's stalled check puts the shard back.
   */
  lockMs?: number;
  /** How often this worker looks for shards whose worker died (default: lockMs / 2). */
  stalledIntervalMs?: number;
  /** Times a shard may be recovered from a dead worker before its run fails (default 3). */
  maxStalledCount?: number;
  /** Minimum time between two progress reports of a shard (default 250 ms). */
  progressMs?: number;
  connectTimeoutMs?: number;
  log?: Logger;
  /** Shown in Redis and logs (default: host:pid). */
  name?: string;
}

export interface ShardWorker {
  readonly name: string;
  readonly queue: string;
  /** Shards this worker finished (including ones it found already done). */
  readonly processed: number;
  /** Stops taking shards and waits for the ones running to finish. */
  close(): Promise<void>;
  /**
   * Puts the shards running back on the queue at once, for another worker, and stops taking
   * new ones; the caller exits the process (the abandoned shards are still running).
   */
  release(): Promise<number>;
}

/**
 * Data errors would fail the same way on every attempt; only these may pass on a retry (a
 * disk that filled up, a mount missing on one machine).
 */
const RETRYABLE_CODES = new Set<ErrorCode>(['W_IO_WRITE', 'W_IO_NOT_FOUND', 'W_RUN_WORKER']);

/**
 * Starts a BullMQ worker that takes shard jobs from the queue and runs each with `runShard`,
 * the same function every executor uses. A job whose shard already has a completion marker is
 * answered with that marker and not redone: with at-least-once delivery, a job re-delivered
 * after its worker died (or after its marker was written but before the job was acknowledged)
 * never writes a record twice.
 *
 * @example
 * const worker = await startShardWorker({ redis: 'redis://127.0.0.1:6379', concurrency: 1 });
 * process.once('SIGTERM', () => void worker.close());
 */
export async function startShardWorker(options: ShardWorkerOptions): Promise<ShardWorker> {
  const log = options.log ?? silentLogger;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const queue = queueName(options);
  const lockMs = options.lockMs ?? 30_000;
  const progressMs = options.progressMs ?? 250;
  const pool = new StagePool();
  const running = new Map<string, { job: Job<ShardJobData, ShardMarker>; token: string | undefined }>();
  let processed = 0;

  async function processShard(job: Job<ShardJobData, ShardMarker>, token?: string): Promise<ShardMarker> {
    const data = job.data;
    if (data.v !== 1) throw new UnrecoverableError(`W_RUN_WORKER: job ${job.id} has format ${String(data.v)}, which this worker does not know`);
    if (data.warden !== WARDEN_VERSION) {
      throw new UnrecoverableError(
        `W_RUN_WORKER: the run was started by warden ${data.warden} but worker ${name} runs ${WARDEN_VERSION}; run the same version everywhere`,
      );
    }
    const { shard } = data;
    const existing = await new RunDir(data.runDir).readMarker(shard.id);
    if (existing) {
      // Done by an earlier delivery of this job: answer with its marker, write nothing.
      log.info({ shard: shard.id, run: data.run.slice(0, 12), attempt: job.attemptsMade + 1 }, 'shard already done; skipped');
      processed++;
      return existing;
    }
    running.set(job.id!, { job, token });
    const started = performance.now();
    const stages = await pool.acquire(data.config.stages);
    const total: ShardJobProgress = { records: 0, bytes: 0 };
    let lastReport = 0;
    let reporting = false;
    try {
      log.info({ shard: shard.id, run: data.run.slice(0, 12), attempt: job.attemptsMade + 1 }, 'shard started');
      const marker = await runShard({
        runDir: data.runDir,
        config: data.config,
        shard,
        stages,
        log,
        onProgress(delta) {
          total.records += delta.records;
          total.bytes += delta.bytes;
          const now = performance.now();
          if (reporting || now - lastReport < progressMs) return;
          lastReport = now;
          reporting = true;
          // Cumulative per attempt: the coordinator counts only what goes past what it saw.
          job
            .updateProgress({ ...total })
            .catch((error: unknown) => log.debug({ shard: shard.id, error: errorMessage(error) }, 'progress not reported'))
            .finally(() => (reporting = false));
        },
      });
      processed++;
      log.info({ shard: shard.id, rows: marker.output.rows, ms: Math.round(performance.now() - started) }, 'shard done');
      return marker;
    } catch (error) {
      throw jobError(error);
    } finally {
      pool.release(data.config.stages, stages);
      running.delete(job.id!);
    }
  }

  const worker = new Worker<ShardJobData, ShardMarker>(queue, processShard, {
    connection: redisConnection(options.redis),
    prefix: options.prefix ?? DEFAULT_PREFIX,
    name,
    concurrency: Math.max(1, options.concurrency ?? 1),
    lockDuration: lockMs,
    stalledInterval: options.stalledIntervalMs ?? Math.max(500, Math.floor(lockMs / 2)),
    maxStalledCount: options.maxStalledCount ?? 3,
    autorun: false,
  });
  worker.on('failed', (job, error) => {
    log.warn({ shard: job?.data.shard.id, attempt: job?.attemptsMade, error: errorMessage(error) }, 'shard failed on this worker');
  });
  // Connection errors after start are retried by BullMQ; say so once a while, not per retry.
  let lastWarning = 0;
  let ready = false;
  worker.on('error', (error) => {
    if (!ready || Date.now() - lastWarning < 10_000) return;
    lastWarning = Date.now();
    log.warn({ error: errorMessage(error) }, 'worker: Redis error (retrying)');
  });
  try {
    await whenConnected(worker, options.redis, options.connectTimeoutMs);
    ready = true;
  } catch (error) {
    await closeAll([worker], 500);
    throw error;
  }
  void worker.run().catch((error: unknown) => log.error({ error: errorMessage(error) }, 'worker stopped on an error'));

  let closing: Promise<void> | undefined;
  return {
    name,
    queue,
    get processed() {
      return processed;
    },
    close: () =>
      (closing ??= (async () => {
        await worker.close();
        await pool.close();
      })()),
    async release() {
      const jobs = [...running.values()];
      // Back to wait with this worker's lock token: another worker takes them at once,
      // without waiting for the stalled check.
      const released = await Promise.all(jobs.map(({ job, token }) => job.moveToWait(token).then(() => 1, () => 0)));
      // The abandoned shards keep running until the process exits; their results are dropped
      // (BullMQ refuses them without the lock), and the shard's next attempt rewrites its files.
      void worker.close(true).catch(() => undefined);
      return released.reduce<number>((a, b) => a + b, 0);
    },
  };
}

/**
 * The error a job fails with: "W_CODE: message" so the coordinator rebuilds the same Warden
 * error (exit code and hint as with the local executor); data errors are not retried.
 */
function jobError(error: unknown): Error {
  if (!isWardenError(error)) return error instanceof Error ? error : new Error(String(error));
  const text = `${error.code}: ${error.message}`;
  return RETRYABLE_CODES.has(error.code) ? new Error(text) : new UnrecoverableError(text);
}
