import type { ShardMarker, ShardPlan } from '../run-dir.js';
import type { ShardProgress } from '../run-shard.js';
import type { RunConfig } from '../spec.js';

/** Everything an executor needs to run the pending shards of a run; plain data throughout. */
export interface ExecutorJob {
  runDir: string;
  config: RunConfig;
  shards: ShardPlan[];
  verbose?: boolean;
}

export interface ExecutorEvents {
  progress(shard: string, delta: ShardProgress): void;
  shardDone(marker: ShardMarker): void;
}

/**
 * Runs shards somewhere: this process, a worker-thread pool, or (later) BullMQ workers on
 * other machines. Executors own scheduling only; what a shard does is `runShard`, the same
 * everywhere, and completion markers make every executor resumable.
 */
export interface Executor {
  readonly name: string;
  readonly workers: number;
  run(job: ExecutorJob, events: ExecutorEvents): Promise<void>;
}
