import { LlmError } from './errors.js';
import { abortableSleep, cancelled } from './retry.js';

/**
 * A token bucket with reservations: `take(cost)` books the tokens at once (the level may go
 * negative) and waits until the refill has covered the booking, so callers are served in
 * arrival order and spaced at the refill rate. `adjust` settles a booking with what was really
 * used (tokens per minute: estimate before, usage after). Waits are bounded by `maxWaitMs`
 * and abortable; an abandoned wait gives its tokens back.
 */
export class TokenBucket {
  private level: number;
  private last: number;

  /**
   * @param ratePerMs refill rate
   * @param capacity most tokens held (the burst)
   */
  constructor(
    readonly ratePerMs: number,
    readonly capacity: number,
    private readonly now: () => number = performance.now.bind(performance),
    readonly maxWaitMs = 600_000,
  ) {
    if (!(ratePerMs > 0) || !(capacity > 0)) throw new RangeError('a token bucket needs a positive rate and capacity');
    this.level = capacity;
    this.last = this.now();
  }

  /**
   * Books `cost` tokens (clamped to the capacity, so one large request still passes once the
   * bucket is full) and resolves when they are there.
   *
   * @example
   * const perMinute = TokenBucket.perMinute(120); // 2 per second, burst 2
   * await perMinute.take(1);
   */
  async take(cost: number, signal?: AbortSignal, sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep): Promise<void> {
    if (signal?.aborted) throw cancelled();
    const booked = Math.min(Math.max(0, cost), this.capacity);
    this.refill();
    this.level -= booked;
    const waitMs = this.level >= 0 ? 0 : Math.ceil(-this.level / this.ratePerMs);
    if (waitMs > this.maxWaitMs) {
      this.level += booked;
      throw new LlmError('rate_limit', `the client-side rate limit would delay this call by ${Math.round(waitMs / 1000)} s, more than the ${Math.round(this.maxWaitMs / 1000)} s allowed: raise the limit or lower the concurrency`);
    }
    if (waitMs === 0) return;
    try {
      await sleep(waitMs, signal);
    } catch (error) {
      this.level += booked;
      throw error;
    }
  }

  /** Settles a booking: positive gives tokens back, negative takes more (usage above the estimate). */
  adjust(delta: number): void {
    this.refill();
    this.level = Math.min(this.capacity, this.level + delta);
  }

  /** Tokens available now (negative: booked ahead). */
  available(): number {
    this.refill();
    return this.level;
  }

  private refill(): void {
    const t = this.now();
    this.level = Math.min(this.capacity, this.level + (t - this.last) * this.ratePerMs);
    this.last = t;
  }

  /**
   * A bucket for `perMinute` units, refilled evenly, holding at most one second's worth
   * (at least 1): requests are spaced, not sent in a burst of a whole minute's quota.
   *
   * @example
   * TokenBucket.perMinute(60).capacity; // 1
   */
  static perMinute(perMinute: number, burstMs = 1000, now?: () => number): TokenBucket {
    return new TokenBucket(perMinute / 60_000, Math.max(1, Math.ceil((perMinute * burstMs) / 60_000)), now);
  }
}

/**
 * At most `limit` holders at once; others wait in arrival order. `acquire` returns the release
 * function (idempotent); an aborted wait leaves the queue.
 */
export class Semaphore {
  private active = 0;
  private readonly queue: { grant: () => void; reject: (error: Error) => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('a semaphore needs a positive integer limit');
  }

  /**
   * @example
   * const release = await semaphore.acquire();
   * try { await work(); } finally { release(); }
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(cancelled());
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
        reject,
      };
      const onAbort = (): void => {
        const index = this.queue.indexOf(entry);
        if (index >= 0) this.queue.splice(index, 1);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  /** Holders now. */
  get inUse(): number {
    return this.active;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
