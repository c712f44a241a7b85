import { Option, type Command } from 'commander';
import { WardenError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { BullMqExecutor } from '../pipeline/executors/bullmq.js';
import { DEFAULT_PREFIX, DEFAULT_QUEUE } from '../pipeline/executors/bullmq-connection.js';
import { InlineExecutor } from '../pipeline/executors/inline.js';
import { LocalExecutor, defaultWorkerCount } from '../pipeline/executors/local.js';
import type { Executor } from '../pipeline/executors/types.js';

export interface ExecutorFlags {
  executor?: 'local' | 'bullmq';
  redis?: string;
  queue?: string;
  redisPrefix?: string;
}

/**
 * Adds `--executor local|bullmq`, `--redis URL`, `--queue NAME` and `--redis-prefix P` to a
 * command that runs a pipeline; `executorFromFlags` turns them into the executor.
 *
 * @example
 * const command = addExecutorFlags(new Command('run').option('-w, --workers <n>', 'workers', Number));
 */
export function addExecutorFlags(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--executor <name>',
        'where shards run: local (--workers threads here) or bullmq (jobs on Redis for `warden worker` processes; --workers does not apply)',
      )
        .choices(['local', 'bullmq'])
        .default('local'),
    )
    .addOption(new Option('--redis <url>', 'Redis for --executor bullmq: redis://HOST:PORT[/DB]').env('WARDEN_REDIS_URL'))
    .option('--queue <name>', `BullMQ queue for --executor bullmq (default: ${DEFAULT_QUEUE}); workers use the same --queue`)
    .option('--redis-prefix <prefix>', `Redis key prefix of the queue (default: ${DEFAULT_PREFIX}); workers use the same --prefix`);
}

/**
 * The executor the flags ask for. Local: `workers` threads (one: this thread; default: one per
 * core). BullMQ: shards become jobs on Redis and `warden worker` processes run them; `workers`
 * does not apply there, since workers are started apart.
 *
 * @example
 * const executor = executorFromFlags({ executor: 'bullmq', redis: 'redis://127.0.0.1:6379' }, undefined, log);
 * await runPipeline(config, { executor });
 */
export function executorFromFlags(flags: ExecutorFlags, workers?: number, log?: Logger): Executor {
  if ((flags.executor ?? 'local') === 'local') {
    const used = [flags.queue && '--queue', flags.redisPrefix && '--redis-prefix'].filter(Boolean);
    if (used.length > 0) throw new WardenError('W_USAGE', `${used.join(' and ')} apply to --executor bullmq only`);
    const count = workers ?? defaultWorkerCount();
    return count <= 1 ? new InlineExecutor() : new LocalExecutor(count);
  }
  if (!flags.redis) throw new WardenError('W_USAGE', '--executor bullmq needs --redis redis://HOST:PORT (or WARDEN_REDIS_URL)');
  return new BullMqExecutor({
    redis: flags.redis,
    ...(flags.queue ? { queue: flags.queue } : {}),
    ...(flags.redisPrefix ? { prefix: flags.redisPrefix } : {}),
    ...(log ? { log } : {}),
  });
}
