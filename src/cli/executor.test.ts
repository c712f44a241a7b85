import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { useCliCapture } from '../../test/cli.js';
import { useTempDir } from '../../test/helpers.js';
import { useRedis } from '../../test/redis.js';
import { BullMqExecutor } from '../pipeline/executors/bullmq.js';
import { startShardWorker, type ShardWorker } from '../pipeline/executors/bullmq-worker.js';
import { InlineExecutor } from '../pipeline/executors/inline.js';
import { LocalExecutor } from '../pipeline/executors/local.js';
import { writeCorpus } from '../pipeline/test-helpers/fixtures.js';
import { addExecutorFlags, executorFromFlags } from './executor.js';

const redis = useRedis();
let dir: string;
useTempDir((path) => (dir = path), 'warden-executor-');
const io = useCliCapture(['run']);
const workers: ShardWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
});

describe('executor flags', () => {
  it('parse into the executor they name, with usage errors for mixed-up flags', () => {
    const command = addExecutorFlags(new Command('x').exitOverride());
    command.parse(['--executor', 'bullmq', '--redis', 'redis://127.0.0.1:6379', '--queue', 'corpus', '--redis-prefix', 'p'], { from: 'user' });
    expect(command.opts()).toMatchObject({ executor: 'bullmq', redis: 'redis://127.0.0.1:6379', queue: 'corpus', redisPrefix: 'p' });
    const bullmq = executorFromFlags(command.opts());
    expect(bullmq).toBeInstanceOf(BullMqExecutor);
    expect((bullmq as BullMqExecutor).queue).toBe('corpus');
    expect(executorFromFlags({}, 1)).toBeInstanceOf(InlineExecutor);
    expect(executorFromFlags({ executor: 'local' }, 3)).toMatchObject({ name: 'local', workers: 3 });
    expect(executorFromFlags({ executor: 'local' }, 3)).toBeInstanceOf(LocalExecutor);
    expect(() => executorFromFlags({ executor: 'bullmq' })).toThrow('--executor bullmq needs --redis');
    expect(() => executorFromFlags({ executor: 'local', queue: 'q' })).toThrow('--queue apply to --executor bullmq only');
    expect(() => executorFromFlags({ executor: 'bullmq', redis: 'redis://h:6379', queue: 'a:b' })).toThrow('without ":"');
    expect(() => executorFromFlags({ executor: 'bullmq', redis: 'redis://h:6379/x' })).toThrow('database must be a number');
  });

  it('warden run --executor bullmq runs the pipeline through workers on Redis', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 500);
    const queue = `q-${randomBytes(4).toString('hex')}`;
    workers.push(await startShardWorker({ redis: redis.url, prefix: redis.prefix, queue }));
    const args = ['--input', join(dir, 'in.jsonl'), '--output', join(dir, 'run'), '--part-size-mb', '1', '--stage', 'text-stats', '--json', '--quiet'];
    const code = await io.cli(...args, '--executor', 'bullmq', '--redis', redis.url, '--queue', queue, '--redis-prefix', redis.prefix);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(io.out).stats.written).toBe(500);
    const manifest = JSON.parse(await readFile(join(dir, 'run', 'manifest.json'), 'utf8'));
    expect(manifest.executor).toEqual({ name: 'bullmq', workers: 0 });
    expect(workers[0]!.processed).toBe(manifest.shards);

    io.err = '';
    expect(await io.cli(...args, '--force', '--executor', 'bullmq')).toBe(2);
    expect(io.err).toContain('--executor bullmq needs --redis');
  });
});
