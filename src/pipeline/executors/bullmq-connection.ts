import type { ConnectionOptions } from 'bullmq';
import { WardenError, errorMessage, type ErrorCode } from '../../core/errors.js';
import type { ShardPlan } from '../run-dir.js';
import type { RunConfig } from '../spec.js';

/**
 * What the coordinator (`--executor bullmq`) and `warden worker` share: the queue's address,
 * the job format and the error for an unreachable Redis.
 */

/** Queue that `warden run --executor bullmq` and `warden worker` use when neither names one. */
export const DEFAULT_QUEUE = 'warden-shards';
/** Redis key prefix of Warden's queues: every key is `<prefix>:<queue>:...`. */
export const DEFAULT_PREFIX = 'warden';

/**
 * The error code of "Redis is unreachable or refused us".
 */
export const REDIS_ERROR_CODE: ErrorCode = 'W_RUN_REDIS';

export interface QueueAddress {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...` for TLS. */
  redis: string;
  queue?: string;
  prefix?: string;
}

/** One shard as a job: plain data, so any worker on any machine can build the stages. */
export interface ShardJobData {
  /** Job format; a worker refuses formats it does not know. */
  v: 1;
  /** Warden version of the coordinator; workers must run the same one. */
  warden: string;
  /** Config hash of the run (namespaces job ids when runs share a queue). */
  run: string;
  runDir: string;
  config: RunConfig;
  shard: ShardPlan;
}

/** Cumulative progress a worker reports for the current attempt at a shard. */
export interface ShardJobProgress {
  records: number;
  bytes: number;
}

/**
 * A shard's job id: stable for the run, so adding the same shard twice is a no-op (a restarted
 * coordinator re-attaches to jobs still queued) and runs sharing a queue never collide.
 */
export function shardJobId(run: string, shard: string): string {
  return `run-${run.slice(0, 16)}-${shard}`;
}

/** The queue name, checked where BullMQ would reject it later with a less helpful message. */
export function queueName(address: QueueAddress): string {
  const name = address.queue ?? DEFAULT_QUEUE;
  if (!name || name.includes(':')) throw new WardenError('W_USAGE', `--queue must be a non-empty name without ":" (got "${name}")`);
  return name;
}

/**
 * BullMQ connection options from a Redis URL. Parsed here so a typo fails at once with the
 * flag's name, not as a connection error after retries.
 *
 * @example
 * redisConnection('redis://127.0.0.1:6379/2'); // { host: '127.0.0.1', port: 6379, db: 2, ... }
 */
export function redisConnection(url: string): ConnectionOptions & { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WardenError('W_USAGE', `--redis must be a URL like redis://HOST:PORT (got "${url}")`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new WardenError('W_USAGE', `--redis must start with redis:// or rediss:// (got "${url}")`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) throw new WardenError('W_USAGE', `--redis database must be a number (got "${db}" in "${url}")`);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    connectTimeout: 5000,
    // Workers block on Redis; BullMQ requires null here and retries commands itself.
    maxRetriesPerRequest: null,
  };
}

/** The URL without its password, for messages and logs. */
export function safeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The error for a Redis that cannot be reached (or a missing client library). */
export function redisUnreachable(url: string, cause: unknown): WardenError {
  const reason = errorMessage(cause);
  if (reason.includes("could not load the optional 'ioredis'")) {
    return new WardenError(
      REDIS_ERROR_CODE,
      "the BullMQ executor needs the 'ioredis' package, which is not installed: run `npm install ioredis` in Warden's folder",
      { cause },
    );
  }
  return new WardenError(
    REDIS_ERROR_CODE,
    `cannot reach Redis at ${safeRedisUrl(url)}: ${reason}. Start Redis there or fix --redis (redis://HOST:PORT); ` +
      'the coordinator and every worker must reach the same server',
    { cause },
  );
}

interface Connectable {
  waitUntilReady(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Waits until a BullMQ object's connection is ready, failing on the first connection error or
 * after `timeoutMs` instead of retrying forever as ioredis would.
 */
export async function whenConnected(target: Connectable, url: string, timeoutMs = 10_000): Promise<void> {
  let onError!: (error: Error) => void;
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    onError = (error) => reject(redisUnreachable(url, error));
    target.on('error', onError);
    timer = setTimeout(() => reject(redisUnreachable(url, new Error(`no connection within ${timeoutMs} ms`))), timeoutMs);
  });
  try {
    await Promise.race([target.waitUntilReady().catch((error: unknown) => Promise.reject(redisUnreachable(url, error))), failed]);
  } finally {
    clearTimeout(timer);
    target.off('error', onError);
  }
}

/** Closes BullMQ objects without hanging on a connection that is already gone. */
export async function closeAll(targets: readonly ({ close(): Promise<unknown> } | undefined)[], timeoutMs = 5000): Promise<void> {
  await Promise.all(
    targets.map(async (target) => {
      if (!target) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        target.close().catch(() => undefined),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    }),
  );
}
