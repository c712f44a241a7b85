import { silentLogger, type Logger } from '../../core/log.js';
import { createStages } from '../registry.js';
import { runShard } from '../run-shard.js';
import type { Executor, ExecutorEvents, ExecutorJob } from './types.js';

/** Runs shards one after another in this thread: `--workers 1`, and the simplest to debug. */
export class InlineExecutor implements Executor {
  readonly name = 'inline';
  readonly workers = 1;
  private readonly log: Logger;

  constructor(log: Logger = silentLogger) {
    this.log = log;
  }

  async run(job: ExecutorJob, events: ExecutorEvents): Promise<void> {
    const stages = await createStages(job.config.stages);
    try {
      for (const stage of stages) await stage.init?.();
      for (const shard of job.shards) {
        const marker = await runShard({
          runDir: job.runDir,
          config: job.config,
          shard,
          stages,
          log: this.log,
          onProgress: (delta) => events.progress(shard.id, delta),
        });
        events.shardDone(marker);
      }
    } finally {
      for (const stage of stages) await stage.close?.();
    }
  }
}
