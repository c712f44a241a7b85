import { describe, expect, it } from 'vitest';
import { LlmError } from './errors.js';
import { costUsd, priceOf } from './prices.js';
import { Semaphore, TokenBucket } from './rate-limit.js';
import { UsageMeter } from './usage.js';

/** A manual clock and a sleep that advances it, so bucket waits are exact. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; waits: number[] } {
  let t = 0;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
    },
    waits,
  };
}

describe('TokenBucket', () => {
  it('serves a burst up to the capacity, then spaces takes at the refill rate', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(1 / 100, 2, time.now); // one token per 100 ms, burst 2
    for (let i = 0; i < 5; i++) await bucket.take(1, undefined, time.sleep);
    expect(time.waits).toEqual([100, 100, 100]);
  });

  it('books ahead so that concurrent takers queue in order', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(1 / 100, 1, time.now);
    const booked: number[] = [];
    const sleep = async (ms: number): Promise<void> => void booked.push(ms);
    await Promise.all([bucket.take(1, undefined, sleep), bucket.take(1, undefined, sleep), bucket.take(1, undefined, sleep)]);
    expect(booked).toEqual([100, 200]);
  });

  it('settles bookings and clamps large costs to the capacity', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(1, 1000, time.now);
    await bucket.take(5000, undefined, time.sleep);
    expect(bucket.available()).toBe(0);
    bucket.adjust(600);
    expect(bucket.available()).toBe(600);
    bucket.adjust(-800);
    expect(bucket.available()).toBe(-200);
  });

  it('refuses a wait longer than its bound and gives the tokens back', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(1 / 1000, 1, time.now, 5000);
    await bucket.take(1, undefined, time.sleep);
    for (let i = 0; i < 5; i++) await bucket.take(1, undefined, async () => {});
    await expect(bucket.take(1, undefined, time.sleep)).rejects.toBeInstanceOf(LlmError);
  });

  it('perMinute holds one second of quota', () => {
    expect(TokenBucket.perMinute(60).capacity).toBe(1);
    expect(TokenBucket.perMinute(600).capacity).toBe(10);
  });
});

describe('Semaphore', () => {
  it('admits at most `limit` holders and hands slots over in order', async () => {
    const semaphore = new Semaphore(2);
    const order: string[] = [];
    const a = await semaphore.acquire();
    const b = await semaphore.acquire();
    const c = semaphore.acquire().then((release) => (order.push('c'), release));
    const d = semaphore.acquire().then((release) => (order.push('d'), release));
    expect(semaphore.inUse).toBe(2);
    a();
    a(); // idempotent
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(semaphore.inUse).toBe(0);
  });

  it('drops an aborted waiter from the queue', async () => {
    const semaphore = new Semaphore(1);
    const held = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
    held();
    expect(semaphore.inUse).toBe(0);
  });
});

describe('prices and usage', () => {
  it('matches dated snapshots to the longest table name and leaves unknown models unpriced', () => {
    expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf('gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 });
    expect(priceOf('gpt-4omni')).toBeUndefined();
    expect(priceOf('llama3.1:8b')).toBeUndefined();
    expect(priceOf('llama3.1:8b', { 'llama3.1:8b': { input: 0, output: 0 } })).toEqual({ input: 0, output: 0 });
    expect(costUsd('claude-haiku-4-5-20251001', 2_000_000, 1_000_000)).toBe(7);
  });

  it('meters tokens, cost, failures and output tokens per second', () => {
    const meter = new UsageMeter();
    meter.call();
    meter.request();
    meter.error('rate_limit');
    meter.retry();
    meter.request();
    meter.answer('gpt-4o-mini', { inputTokens: 1000, outputTokens: 400 }, 200);
    meter.answer('text-embedding-3-small', { inputTokens: 5000, outputTokens: 0 }, 1000, false);
    const stats = meter.snapshot();
    expect(stats).toMatchObject({ requests: 2, calls: 1, retries: 1, errors: { rate_limit: 1 }, inputTokens: 6000, outputTokens: 400 });
    expect(stats.outputTokensPerSecond).toBe(2000);
    expect(stats.costUsd).toBeCloseTo((1000 * 0.15 + 400 * 0.6 + 5000 * 0.02) / 1e6, 12);
    meter.answer('mystery-model', { inputTokens: 1, outputTokens: 1 }, 10);
    expect(meter.snapshot().costUsd).toBeNull();
  });
});
