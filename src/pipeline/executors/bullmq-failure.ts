import { existsSync } from 'node:fs';
import { ERROR_CODES, WardenError, errorMessage, type ErrorCode } from '../../core/errors.js';
import type { RunDir, ShardMarker, ShardPlan } from '../run-dir.js';
import { redisUnreachable } from './bullmq-connection.js';

/** How worker results and failures become the coordinator's markers and Warden errors. */

/**
 * A worker's failure reason back into the Warden error the local executor would raise: workers
 * fail jobs with "W_CODE: message", so exit code and hint are the same on every executor.
 *
 * @example
 * shardFailure('part-00003', 'W_RUN_STAGE: stage "x" failed on record "r1": boom').code; // 'W_RUN_STAGE'
 */
export function shardFailure(shard: string, reason: string): WardenError {
  const match = /^(W_[A-Z_]+): /.exec(reason);
  if (match && match[1]! in ERROR_CODES) return new WardenError(match[1] as ErrorCode, reason.slice(match[0].length));
  return new WardenError('W_RUN_WORKER', `shard ${shard} failed on a worker: ${reason}`);
}

/** The marker a worker returned, or the one on disk when the event did not carry it. */
export async function markerOf(returnvalue: unknown, shard: ShardPlan, dir: RunDir): Promise<ShardMarker> {
  const value = typeof returnvalue === 'string' ? safeParse(returnvalue) : returnvalue;
  if (value && typeof value === 'object' && (value as ShardMarker).id === shard.id && (value as ShardMarker).stats) return value as ShardMarker;
  const marker = await dir.readMarker(shard.id);
  if (marker) return marker;
  throw notShared(dir, shard.id);
}

/** Workers reported every shard done; their markers must be where this process reads the run. */
export function assertMarkersVisible(dir: RunDir, shards: readonly ShardPlan[]): void {
  const missing = shards.find((shard) => !existsSync(dir.markerPath(shard.id)));
  if (missing) throw notShared(dir, missing.id);
}

function notShared(dir: RunDir, shard: string): WardenError {
  return new WardenError(
    'W_RUN_WORKER',
    `a worker reported shard ${shard} done, but its completion marker is not at ${dir.markerPath(shard)}: ` +
      'workers and the coordinator must see the run directory at the same path (a shared file system)',
  );
}

/** Any error of the coordinator as a Warden error; connection trouble says how to fix it. */
export function asWardenError(url: string, error: unknown): WardenError {
  if (error instanceof WardenError) return error;
  const message = errorMessage(error);
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|Connection is closed|NOAUTH|WRONGPASS|ioredis/.test(message)) {
    return redisUnreachable(url, error);
  }
  return new WardenError('W_RUN_WORKER', `BullMQ executor: ${message}`, { cause: error });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
