import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import { WriteQueue } from './write-queue.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-queue-');

describe('WriteQueue', () => {
  it('writes full batches at once and the remainder after the interval, in order', async () => {
    const batches: number[][] = [];
    const queue = new WriteQueue<number>(async (batch) => void batches.push(batch), { batchSize: 3, flushIntervalMs: 10, maxPending: 100 });
    await Promise.all([1, 2, 3].map((n) => queue.push(n)));
    expect(batches).toEqual([[1, 2, 3]]);
    const last = queue.push(4);
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(batches).toEqual([[1, 2, 3]]);
    await last;
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('fills the next batch while one is being written', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const queue = new WriteQueue<number>(
      async (batch) => {
        batches.push(batch);
        if (batches.length === 1) await slow;
      },
      { batchSize: 100, flushIntervalMs: 0, maxPending: 1000 },
    );
    void queue.push(0);
    for (let n = 1; n <= 5; n++) void queue.push(n);
    release();
    await queue.flush();
    expect(batches).toEqual([[0], [1, 2, 3, 4, 5]]);
    expect(queue.size).toBe(0);
  });

  it('items of one batch share one promise; the next batch gets its own', async () => {
    const queue = new WriteQueue<number>(async () => undefined, { batchSize: 2, flushIntervalMs: 10, maxPending: 100 });
    const [a, b, c] = [queue.push(1), queue.push(2), queue.push(3)];
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(queue.size).toBe(1);
    await Promise.all([a, c]);
    expect(queue.size).toBe(0);
  });

  it('rejects a failed batch, reports it once, and goes on with the next', async () => {
    const lost: number[] = [];
    let fail = true;
    const queue = new WriteQueue<number>(
      async () => {
        if (fail) throw new Error('disk full');
      },
      { batchSize: 2, flushIntervalMs: 0, maxPending: 10, onError: (_e, n) => lost.push(n) },
    );
    const first = queue.push(1);
    await expect(first).rejects.toThrow('disk full');
    fail = false;
    await expect(queue.push(2)).resolves.toBeUndefined();
    expect(lost).toEqual([1]);
  });

  it('keeps the process alive until a queued entry is written (a script need not close to keep its records)', async () => {
    const out = join(dir, 'written.txt');
    const script = `
      import { writeFileSync } from 'node:fs';
      import { WriteQueue } from ${JSON.stringify(join(import.meta.dirname, 'write-queue.ts'))};
      const queue = new WriteQueue(async (batch) => writeFileSync(${JSON.stringify(out)}, batch.join(',')), { batchSize: 10, flushIntervalMs: 50, maxPending: 10 });
      void queue.push('kept');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'inherit' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(out, 'utf8')).toBe('kept');
  });
});
