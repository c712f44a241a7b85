import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from './rate-limit.js';

describe('TokenBucketLimiter', () => {
  it('allows a burst, then refills at requests_per_minute / 60 per second', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ requestsPerMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterS: 1 });
    now += 500;
    expect(limiter.take('a').allowed).toBe(false);
    now += 500;
    expect(limiter.take('a').allowed).toBe(true);
    now += 10_000;
    // Refill is capped at the burst.
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per key and says how long to wait', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ requestsPerMinute: 6, burst: 1, now: () => now });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterS: 10 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 4000;
    expect(limiter.take('a').retryAfterS).toBe(6);
  });

  it('forgets the least recently seen keys beyond maxKeys', () => {
    const limiter = new TokenBucketLimiter({ requestsPerMinute: 1, burst: 1, maxKeys: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('a');
    limiter.take('c');
    expect(limiter.size).toBe(2);
    // 'b' was evicted (a fresh bucket), 'a' was kept (still empty).
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('a key seen twice in a row stays the most recent (the re-insert it skips would change nothing)', () => {
    const limiter = new TokenBucketLimiter({ requestsPerMinute: 1, burst: 1, maxKeys: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('b');
    limiter.take('a');
    limiter.take('a');
    limiter.take('c');
    // 'b' is the least recently seen and goes; 'a' stays.
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });
});
