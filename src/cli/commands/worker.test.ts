import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import { useRedis } from '../../../test/redis.js';
import { InlineExecutor } from '../../pipeline/executors/inline.js';
import type { Executor, ExecutorEvents, ExecutorJob } from '../../pipeline/executors/types.js';
import type { ShardMarker } from '../../pipeline/run-dir.js';
import { runPipeline } from '../../pipeline/runner.js';
import { parseRunConfig } from '../../pipeline/spec.js';
import { snapshotDir, writeCorpus } from '../../pipeline/test-helpers/fixtures.js';
import { executorFromFlags } from '../executor.js';

const redis = useRedis();
const repo = resolve(import.meta.dirname, '../../..');
const slowStage = pathToFileURL(join(repo, 'src/pipeline/test-helpers/slow-stage.ts')).href;
let dir: string;
useTempDir((path) => (dir = path), 'warden-worker-');
const io = useCliCapture(['worker']);

interface LogLine {
  msg: string;
  shard?: string;
  time: number;
}

interface Spawned {
  child: ChildProcess;
  name: string;
  stdout: () => string;
  logs: () => LogLine[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `warden worker ...` as a real process (so SIGKILL is a real crash); resolves once it is ready. */
async function spawnWorker(name: string, queue: string, lockMs = 1500): Promise<Spawned> {
  const args = ['worker', '--redis', redis.url, '--prefix', redis.prefix, '--queue', queue, '--lock-ms', String(lockMs), '--name', name];
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(repo, 'src/cli/main.ts'), ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const logs = () =>
    err
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`worker ${name} not ready after 30 s; stdout: ${out}; stderr: ${err}`)), 30_000);
    child.stdout!.on('data', () => {
      if (out.includes(' ready: ')) {
        clearTimeout(timer);
        ready();
      }
    });
    void exit.then(() => fail(new Error(`worker ${name} exited early; stdout: ${out}; stderr: ${err}`)));
  });
  return { child, name, stdout: () => out, logs, exit };
}

/** The shard a worker is running now (started, not done), with when it started. */
function running(worker: Spawned): LogLine | undefined {
  const logs = worker.logs();
  const done = new Set(logs.filter((l) => l.msg === 'shard done').map((l) => l.shard));
  return logs.filter((l) => l.msg === 'shard started' && !done.has(l.shard)).at(-1);
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Wraps an executor to see exactly what the runner is told. */
class Recording implements Executor {
  readonly name: string;
  readonly workers: number;
  readonly records = new Map<string, number>();
  readonly done: string[] = [];
  private readonly inner: Executor;

  constructor(inner: Executor) {
    this.inner = inner;
    this.name = inner.name;
    this.workers = inner.workers;
  }

  run(job: ExecutorJob, events: ExecutorEvents): Promise<void> {
    return this.inner.run(job, {
      progress: (shard, delta) => {
        this.records.set(shard, (this.records.get(shard) ?? 0) + delta.records);
        events.progress(shard, delta);
      },
      shardDone: (marker) => {
        this.done.push(marker.id);
        events.shardDone(marker);
      },
    });
  }
}

describe('warden worker', () => {
  it('--help explains running workers on several machines that share the output location', async () => {
    expect(await io.cli('--help')).toBe(0);
    for (const text of ['--redis <url>', '--queue <name>', '--prefix <prefix>', '--concurrency <n>', '--lock-ms <ms>', 'Examples:']) {
      expect(io.out).toContain(text);
    }
    expect(io.out).toContain('SAME\n      absolute paths');
    expect(io.out).toContain('NFS');
    expect(io.out).toContain('same Warden code');
    expect(io.out).toContain('never duplicates a record');
  });

  it('usage and connection errors exit 2 with a message that says what to fix', async () => {
    expect(await io.cli()).toBe(2);
    expect(io.err).toContain("required option '--redis <url>' not specified");
    expect(await io.cli('--redis', 'localhost:6379')).toBe(2);
    expect(io.err).toContain('--redis must start with redis://');
    io.err = '';
    expect(await io.cli('--redis', 'redis://127.0.0.1:1')).toBe(2);
    expect(io.err).toContain('cannot reach Redis at redis://127.0.0.1:1');
    expect(io.err).toContain('ECONNREFUSED');
  });

  it('three worker processes, one SIGKILLed mid-shard and one stopped by SIGTERM: the run equals the local run, no duplicates', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 1200);
    const config = (output: string, delayMs: number) =>
      parseRunConfig({
        input: join(dir, 'in.jsonl'),
        output: join(dir, output),
        part_size_mb: 0.02,
        stages: ['text-stats', { module: slowStage, export: 'createSlowStage', with: { delay_ms: delayMs } }, { use: 'length-filter', with: { min_chars: 30 } }],
      });
    // The delay only paces the shards; records are the same with or without it.
    const reference = await runPipeline(config('reference', 0), { executor: new InlineExecutor() });
    expect(reference.manifest.shards).toBeGreaterThanOrEqual(8);

    const queue = `q-${randomBytes(4).toString('hex')}`;
    const workers = await Promise.all(['w1', 'w2', 'w3'].map((name) => spawnWorker(name, queue)));
    const executor = new Recording(executorFromFlags({ executor: 'bullmq', redis: redis.url, queue, redisPrefix: redis.prefix }));
    const result = runPipeline(config('distributed', 700), { executor });
    try {
      // Kill a worker in the middle of a shard it started moments ago.
      const victim = await until('a worker in the middle of a shard', () =>
        workers.find((w) => {
          const shard = running(w);
          return shard && Date.now() - shard.time < 250 && executor.done.length >= 1 ? w : undefined;
        }),
      );
      const lost = running(victim)!.shard!;
      victim.child.kill('SIGKILL');
      expect((await victim.exit).signal).toBe('SIGKILL');

      // Stop another one gracefully while it runs a shard: it finishes that shard, then exits 0.
      const others = workers.filter((w) => w !== victim);
      const stopping = await until('another worker in the middle of a shard', () => others.find((w) => running(w)));
      const finishing = running(stopping)!.shard!;
      stopping.child.kill('SIGTERM');
      expect(await stopping.exit).toEqual({ code: 0, signal: null });
      expect(stopping.logs().some((l) => l.msg === 'shard done' && l.shard === finishing)).toBe(true);
      expect(stopping.stdout()).toContain('warden worker stopped (SIGTERM)');

      const run = await result;
      expect(run.manifest.status).toBe('complete');
      // The killed worker's shard was taken over by a live worker after its claim expired.
      const last = others.find((w) => w !== stopping)!;
      expect([...stopping.logs(), ...last.logs()].some((l) => l.msg === 'shard started' && l.shard === lost)).toBe(true);

      expect(await snapshotDir(join(dir, 'distributed', 'output'))).toEqual(await snapshotDir(join(dir, 'reference', 'output')));
      expect(await snapshotDir(join(dir, 'distributed', 'dropped'))).toEqual(await snapshotDir(join(dir, 'reference', 'dropped')));
      const ids: string[] = [];
      for (const file of (await readdir(join(dir, 'distributed', 'output'))).sort()) {
        const text = await readFile(join(dir, 'distributed', 'output', file), 'utf8');
        ids.push(...text.trim().split('\n').map((line) => String(JSON.parse(line).id)));
      }
      expect(ids).toHaveLength(reference.stats.written);
      expect(new Set(ids).size).toBe(ids.length);
      expect(run.stats.written).toBe(reference.stats.written);
      // Progress: every shard once, its records counted once despite the restarted attempt.
      expect([...executor.done].sort()).toEqual([...new Set(executor.done)].sort());
      expect(executor.done).toHaveLength(run.manifest.shards);
      for (const id of executor.done) {
        const marker = JSON.parse(await readFile(join(dir, 'distributed', '_done', `${id}.json`), 'utf8')) as ShardMarker;
        expect(executor.records.get(id)).toBe(marker.stats.read.records);
      }
      expect([...executor.records.values()].reduce((a, b) => a + b, 0)).toBe(1200);
      const leftovers = (await readdir(join(dir, 'distributed'), { recursive: true })).filter((f) => String(f).includes('.tmp-'));
      expect(leftovers).toEqual([]);

      last.child.kill('SIGTERM');
      expect(await last.exit).toEqual({ code: 0, signal: null });
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      result.catch(() => undefined);
    }
  }, 120_000);

  it('a second signal puts the running shard back on the queue at once, for another worker', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 300);
    const config = parseRunConfig({
      input: join(dir, 'in.jsonl'),
      output: join(dir, 'run'),
      part_size_mb: 0.02,
      stages: [{ module: slowStage, export: 'createSlowStage', with: { delay_ms: 1500 } }],
    });
    const queue = `q-${randomBytes(4).toString('hex')}`;
    // A long claim: the shard can only come back this fast if it is released.
    const first = await spawnWorker('first', queue, 60_000);
    const result = runPipeline(config, { executor: executorFromFlags({ executor: 'bullmq', redis: redis.url, queue, redisPrefix: redis.prefix }) });
    let second: Spawned | undefined;
    try {
      const shard = (await until('a shard running', () => running(first))).shard!;
      first.child.kill('SIGINT');
      await until('the first signal handled', () => (first.logs().some((l) => l.msg.startsWith('finishing running shards')) ? true : undefined));
      first.child.kill('SIGINT');
      expect(await first.exit).toEqual({ code: 0, signal: null });
      expect(first.stdout()).toMatch(/stopped \(SIGINT\): 0 shard\(s\) processed, 1 put back on the queue/);
      second = await spawnWorker('second', queue, 60_000);
      const run = await result;
      expect(run.stats.written).toBe(300);
      expect(second.logs().some((l) => l.msg === 'shard started' && l.shard === shard)).toBe(true);
    } finally {
      for (const worker of [first, second]) worker?.child.kill('SIGKILL');
      result.catch(() => undefined);
    }
  }, 120_000);
});
