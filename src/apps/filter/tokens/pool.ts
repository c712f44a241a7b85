import type { Worker } from 'node:worker_threads';
import { WardenError, deserializeError } from '../../../core/errors.js';
import { spawnWorker } from '../../../core/worker.js';
import type { InputPart } from '../../../io/parts.js';
import type { PartCount } from './count-part.js';
import type { CounterData, FromCounter, ToCounter } from './worker.js';


/**
 * Counts parts on `workers` threads, each taking the next part from a shared queue. Results are
 * stored by part index, so they do not depend on which worker counted what, or in what order.
 * The first failure stops every worker and is rethrown.
 */
export async function countOnWorkers(
  parts: readonly InputPart[],
  data: CounterData,
  workers: number,
  onBytes: (index: number, bytes: number) => void,
): Promise<PartCount[]> {
  const results = new Array<PartCount>(parts.length);
  const queue = parts.map((part, index) => ({ part, index }));
  const count = Math.min(Math.max(1, workers), queue.length);
  if (count === 0) return results;
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
      const task = queue.shift();
      if (task && !failed) thread.postMessage({ type: 'part', index: task.index, part: task.part } satisfies ToCounter);
      else thread.postMessage({ type: 'stop' } satisfies ToCounter);
    };
    for (let i = 0; i < count; i++) {
      const thread = spawnWorker(new URL('./worker.js', import.meta.url), data);
      threads.push(thread);
      thread.on('message', function onCounterReply(message: FromCounter) {
        switch (message.type) {
          case 'ready':
            next(thread);
            break;
          case 'progress':
            onBytes(message.index, message.bytes);
            break;
          case 'done':
            results[message.index] = message.count;
            next(thread);
            break;
          case 'error':
            fail(deserializeError(message.error));
            break;
        }
      });
      thread.on('error', (error) => fail(new WardenError('W_RUN_WORKER', `token counting worker ${i} crashed: ${error.message}`, { cause: error })));
      thread.on('exit', (code) => {
        if (failed) return;
        if (code !== 0) fail(new WardenError('W_RUN_WORKER', `token counting worker ${i} exited with code ${code}`));
        else if (--live === 0) resolve();
      });
    }
  });
  return results;
}
