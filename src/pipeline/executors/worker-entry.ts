import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../core/errors.js';
import { silentLogger } from '../../core/log.js';
import { createStages } from '../registry.js';
import type { ShardPlan } from '../run-dir.js';
import { runShard } from '../run-shard.js';
import type { Stage } from '../stage.js';
import type { ExecutorJob } from './types.js';

/** Messages from the pool to a worker and back. */
export type ToWorker = { type: 'shard'; shard: ShardPlan } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; shard: string; records: number; bytes: number }
  | { type: 'done'; marker: Awaited<ReturnType<typeof runShard>> }
  | { type: 'error'; shard?: string; error: ReturnType<typeof serializeError> };

const port = parentPort!;
const job = workerData as Omit<ExecutorJob, 'shards'>;

async function main(): Promise<void> {
  let stages: Stage[];
  try {
    // Stages (and any model they load) are built once per worker, not once per shard.
    stages = await createStages(job.config.stages);
    for (const stage of stages) await stage.init?.();
  } catch (error) {
    port.postMessage({ type: 'error', error: serializeError(error) } satisfies FromWorker);
    return;
  }
  port.on('message', async function onMessage(message: ToWorker) {
    if (message.type === 'stop') {
      for (const stage of stages) await stage.close?.();
      port.close();
      return;
    }
    const { shard } = message;
    try {
      const marker = await runShard({
        runDir: job.runDir,
        config: job.config,
        shard,
        stages,
        log: silentLogger,
        onProgress: ({ records, bytes }) => port.postMessage({ type: 'progress', shard: shard.id, records, bytes } satisfies FromWorker),
      });
      port.postMessage({ type: 'done', marker } satisfies FromWorker);
    } catch (error) {
      port.postMessage({ type: 'error', shard: shard.id, error: serializeError(error) } satisfies FromWorker);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

void main();
