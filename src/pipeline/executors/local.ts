import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { WardenError, deserializeError } from '../../core/errors.js';
import { spawnWorker } from '../../core/worker.js';
import type { ShardPlan } from '../run-dir.js';
import type { Executor, ExecutorEvents, ExecutorJob } from './types.js';
import type { FromWorker, ToWorker } from './worker-entry.js';

export function defaultWorkerCount(): number {
  return availableParallelism();
}


/**
 * A pool of worker threads on this machine (`--workers N`). Each worker builds the stages once
 * and takes shards from a shared queue; the first failure stops the pool and is rethrown.
 * Outputs do not depend on N: shards are planned before, and written apart.
 */
export class LocalExecutor implements Executor {
  readonly name = 'local';
  readonly workers: number;

  constructor(workers = defaultWorkerCount()) {
    this.workers = Math.max(1, workers);
  }

  async run(job: ExecutorJob, events: ExecutorEvents): Promise<void> {
    const queue: ShardPlan[] = [...job.shards];
    const count = Math.min(this.workers, queue.length);
    if (count === 0) return;
    const { shards: _pending, ...shared } = job;
    const threads: Worker[] = [];
    let failed = false;

    await new Promise<void>((resolve, reject) => {
      let live = count;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        for (const thread of threads) void thread.terminate();
        reject(error);
      };
      const next = (thread: Worker) => {
        const shard = queue.shift();
        if (shard && !failed) thread.postMessage({ type: 'shard', shard } satisfies ToWorker);
        else thread.postMessage({ type: 'stop' } satisfies ToWorker);
      };
      for (let i = 0; i < count; i++) {
        const thread = spawnWorker(new URL('./worker-entry.js', import.meta.url), shared);
        threads.push(thread);
        thread.on('message', function onWorkerMessage(message: FromWorker) {
          switch (message.type) {
            case 'ready':
              next(thread);
              break;
            case 'progress':
              events.progress(message.shard, { records: message.records, bytes: message.bytes });
              break;
            case 'done':
              events.shardDone(message.marker);
              next(thread);
              break;
            case 'error':
              fail(deserializeError(message.error));
              break;
          }
        });
        thread.on('error', (error) => fail(new WardenError('W_RUN_WORKER', `worker ${i} crashed: ${error.message}`, { cause: error })));
        thread.on('exit', (code) => {
          if (failed) return;
          if (code !== 0) fail(new WardenError('W_RUN_WORKER', `worker ${i} exited with code ${code}`));
          else if (--live === 0) resolve();
        });
      }
    });
  }
}
