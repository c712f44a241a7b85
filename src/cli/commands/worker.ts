import { Command, Option } from 'commander';
import { errorMessage } from '../../core/errors.js';
import { DEFAULT_PREFIX, DEFAULT_QUEUE, redisConnection, safeRedisUrl } from '../../pipeline/executors/bullmq-connection.js';
import { startShardWorker } from '../../pipeline/executors/bullmq-worker.js';
import { addGlobalFlags, examples, loggerFor, parseIntFlag, type GlobalFlags } from '../common.js';

interface WorkerFlags extends GlobalFlags {
  redis: string;
  queue?: string;
  prefix?: string;
  concurrency?: number;
  lockMs?: number;
  name?: string;
}

const HOW_IT_WORKS = `
How it works:
  \`warden run ... --executor bullmq --redis URL\` (and \`warden filter run\`) plans the shards, puts one job
  per shard on a BullMQ queue in Redis and waits; any number of \`warden worker\` processes, on any
  machines that reach that Redis, take the jobs and run each shard exactly as the local executor would.
  Workers can start before or after the run and serve run after run; the coordinator shows live
  progress and cleans its jobs off the queue at the end.

Several machines, one output location:
  A job carries the coordinator's absolute paths (inputs, run directory, module: stage files) and
  its Warden version. So every machine must
    - run the same Warden code (a worker fails jobs from another release number, and says so;
      it cannot tell two commits of one release apart: deploy one build everywhere);
    - see the inputs, the run directory (--output) and any module: stage files at the SAME
      absolute paths, e.g. one NFS (or other shared file system) mount at the same mount point
      everywhere: workers write shard outputs and completion markers there, and the coordinator
      reads them back (it fails the run if a marker a worker reported is not visible to it);
    - reach Redis at the URL given (firewalls: the Redis port only; workers need no open port).
  Use the same --queue and --redis-prefix/--prefix on both sides when you change them.

Failures:
  Delivery is at least once. A shard's files are written under temp names and renamed, and its
  completion marker is written last; a job whose marker already exists is answered without
  running again, so a shard delivered twice never duplicates a record. A worker that dies
  (SIGKILL, lost machine) loses its claim after --lock-ms; another worker's stalled check puts
  the shard back on the queue and it is redone from its start. Failures a retry may cure are
  retried with backoff; data errors (a bad row with --on-error fail, a failing stage) fail the
  run at once with the same error as a local run. Re-running the coordinator resumes.

Stopping:
  SIGINT/SIGTERM: take no new shard, finish the ones running, exit 0. A second signal puts the
  running shards back on the queue for other workers and exits at once.

CPU:
  A worker runs --concurrency shards in one thread: raise it for I/O-bound stages (an LLM judge);
  for CPU-bound pipelines start one worker process per core instead.
`;

/**
 * `warden worker`: a long-running process that takes shard jobs from a BullMQ queue and runs
 * them with the same code as the local executor.
 */
export function workerCommand(): Command {
  const command = new Command('worker')
    .summary('process pipeline shards from Redis (BullMQ) for `warden run --executor bullmq`, on any number of machines')
    .description(
      'Takes shard jobs that `warden run --executor bullmq` (or `warden filter run --executor bullmq`) puts on a BullMQ queue, ' +
        'builds the pipeline from the job and runs the shard into the shared run directory. Runs until SIGINT/SIGTERM.',
    )
    .addOption(new Option('--redis <url>', 'Redis: redis://HOST:PORT[/DB] (or rediss:// for TLS)').env('WARDEN_REDIS_URL').makeOptionMandatory())
    .option('--queue <name>', `queue to take shards from (default: ${DEFAULT_QUEUE})`)
    .option('--prefix <prefix>', `Redis key prefix (default: ${DEFAULT_PREFIX}); the coordinator's --redis-prefix`)
    .option('--concurrency <n>', 'shards at once in this process (default: 1)', parseIntFlag('--concurrency'))
    .option('--lock-ms <ms>', 'how long a dead worker keeps its shard before another takes it over (default: 30000)', parseIntFlag('--lock-ms'))
    .option('--name <name>', 'worker name in logs and Redis (default: HOST:PID)');
  addGlobalFlags(command);
  examples(command, [
    'warden worker --redis redis://127.0.0.1:6379',
    'warden worker --redis redis://redis.internal:6379 --queue corpus-a --concurrency 4',
    'for i in 1 2 3 4; do warden worker --redis redis://10.0.0.5:6379 & done   # one per core',
    'warden run pipeline.yaml --executor bullmq --redis redis://10.0.0.5:6379   # the coordinator',
  ]);
  command.addHelpText('after', HOW_IT_WORKS);
  return command.action(async function workerAction(flags: WorkerFlags) {
    const log = loggerFor(flags);
    redisConnection(flags.redis); // usage errors before connecting
    const worker = await startShardWorker({
      redis: flags.redis,
      log,
      ...(flags.queue ? { queue: flags.queue } : {}),
      ...(flags.prefix ? { prefix: flags.prefix } : {}),
      ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
      ...(flags.lockMs ? { lockMs: flags.lockMs } : {}),
      ...(flags.name ? { name: flags.name } : {}),
    });
    const ready = { worker: worker.name, queue: worker.queue, redis: safeRedisUrl(flags.redis), concurrency: flags.concurrency ?? 1 };
    process.stdout.write(
      flags.json
        ? JSON.stringify({ ready: true, ...ready }) + '\n'
        : `warden worker ${ready.worker} ready: queue ${ready.queue} on ${ready.redis}, concurrency ${ready.concurrency}\n`,
    );

    const released = await new Promise<number>((resolve) => {
      let signals = 0;
      let stopped = false;
      const onSignal = (signal: NodeJS.Signals) => {
        signals++;
        if (signals === 1) {
          log.info({ signal }, 'finishing running shards, then stopping (signal again to put them back on the queue and stop now)');
          worker.close().then(() => done(signal, 0), (error: unknown) => fail(error));
        } else if (signals === 2) {
          worker.release().then((released) => done(signal, released), (error: unknown) => fail(error));
        }
      };
      const done = (signal: string, released: number) => {
        if (stopped) return;
        stopped = true;
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.stdout.write(
          flags.json
            ? JSON.stringify({ stopped: true, signal, processed: worker.processed, released }) + '\n'
            : `warden worker stopped (${signal}): ${worker.processed} shard(s) processed${released ? `, ${released} put back on the queue` : ''}\n`,
        );
        resolve(released);
      };
      const fail = (error: unknown) => {
        log.error({ error: errorMessage(error) }, 'worker: shutdown failed');
        process.exitCode = 2;
        done('error', 0);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    // Whatever still holds the event loop (a reconnecting socket, a shard put back on the queue
    // but still running here) must not keep a stopped worker alive.
    setTimeout(() => process.exit(), released > 0 ? 0 : 5000).unref();
  });
}
