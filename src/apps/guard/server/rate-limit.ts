/** A token bucket per caller, in memory. */
export interface RateLimitOptions {
  requestsPerMinute: number;
  /** Bucket size: how many requests may arrive at once after a quiet spell. */
  burst: number;
  /** Most callers tracked; beyond it the least recently seen are forgotten (bounds memory under IP spraying). */
  maxKeys?: number;
  /** Clock in ms, for tests. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Per-key token buckets: each key starts with `burst` tokens, refills at requestsPerMinute/60 per
 * second up to `burst`, and a request takes one. A denied request learns how many seconds until
 * the next token (the Retry-After value).
 *
 * @example
 * const limiter = new TokenBucketLimiter({ requestsPerMinute: 60, burst: 2 });
 * limiter.take('key-a'); // { allowed: true, retryAfterS: 0 }
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  /** The most recently seen key: the last in Map order. */
  private lastKey: string | undefined;

  constructor(options: RateLimitOptions) {
    this.perMs = options.requestsPerMinute / 60_000;
    this.burst = Math.max(1, options.burst);
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? (() => performance.now());
  }

  take(key: string): { allowed: boolean; retryAfterS: number } {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
      // Re-insert so Map order is least-recently-seen first (already so when it was the last key seen).
      if (key !== this.lastKey) {
        this.buckets.delete(key);
        this.buckets.set(key, bucket);
      }
    } else {
      bucket = { tokens: this.burst, at: now };
      if (this.buckets.size >= this.maxKeys) this.evictOldest();
      this.buckets.set(key, bucket);
    }
    this.lastKey = key;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterS: 0 };
    }
    const waitMs = this.perMs > 0 ? (1 - bucket.tokens) / this.perMs : 60_000;
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private evictOldest(): void {
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}
