import { LlmError, classifyLlmError, type ClassifiedError } from './errors.js';
import type { LlmErrorKind } from './types.js';

export interface RetryPolicy {
  /** Retries after the first attempt (0: one attempt only). */
  maxRetries: number;
  /** Ceiling of the first backoff; doubles per retry (full jitter: a uniform wait below it). */
  backoffMs: number;
  maxBackoffMs: number;
  /** A server's Retry-After longer than this is cut to it. */
  maxRetryAfterMs: number;
  /** 'full' (default): uniform in [0, ceiling]; 'equal': half the ceiling fixed, half random. */
  jitter?: 'full' | 'equal';
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, backoffMs: 500, maxBackoffMs: 30_000, maxRetryAfterMs: 60_000 };

/**
 * Wait before retry number `retry` (0 = the first retry). A server's Retry-After wins (capped
 * at `maxRetryAfterMs`, plus up to 10 % so that clients told the same time spread out, never
 * less than asked); else exponential backoff with full jitter: uniform in [0, ceiling] (or
 * equal jitter, see RetryPolicy.jitter).
 *
 * @example
 * backoffDelay(2, undefined, { maxRetries: 4, backoffMs: 100, maxBackoffMs: 10_000, maxRetryAfterMs: 60_000 }, () => 1); // 400
 */
export function backoffDelay(retry: number, retryAfter: number | undefined, policy: RetryPolicy, random: () => number = Math.random): number {
  if (retryAfter !== undefined) {
    const wait = Math.min(retryAfter, policy.maxRetryAfterMs);
    return Math.ceil(wait + wait * 0.1 * random());
  }
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(retry, 30));
  return policy.jitter === 'equal' ? Math.round(ceiling / 2 + (ceiling / 2) * random()) : Math.round(ceiling * random());
}

/**
 * A sleep that ends early, rejecting with a `cancelled` LlmError, when `signal` aborts.
 *
 * @example
 * await abortableSleep(100, AbortSignal.timeout(1000));
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(function slept() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(cancelled());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelled(): LlmError {
  return new LlmError('cancelled', 'the LLM call was cancelled');
}

export interface RetryEvent {
  /** The retry about to happen (1 = first retry). */
  retry: number;
  kind: LlmErrorKind;
  status: number | undefined;
  delayMs: number;
  message: string;
}

export interface RetryHooks {
  signal?: AbortSignal | undefined;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Called for every failed attempt (counted by kind), retried or not. */
  onFailure?: (failure: ClassifiedError) => void;
  onRetry?: (event: RetryEvent) => void;
  /** Turns a final failure into the error thrown (the caller adds endpoint, model, scrubbing). */
  toError: (failure: ClassifiedError, attempts: number, cause: unknown) => Error;
}

/**
 * Runs `attempt` up to 1 + maxRetries times: retryable failures (429, 408, 409, 5xx, timeouts,
 * connection errors) wait `backoffDelay` and go again; anything else, an abort, or the last
 * failure throws what `toError` builds. `attempt` gets its 1-based number.
 *
 * @example
 * const answer = await withRetries((n) => client.chat.completions.create(body), DEFAULT_RETRY_POLICY, { toError: (f) => new Error(f.message) });
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks): Promise<T> {
  const sleep = hooks.sleep ?? abortableSleep;
  for (let n = 1; ; n++) {
    if (hooks.signal?.aborted) throw cancelled();
    try {
      return await attempt(n);
    } catch (error) {
      const failure = classifyLlmError(error);
      if (hooks.signal?.aborted) failure.kind = 'cancelled';
      hooks.onFailure?.(failure);
      if (failure.kind === 'cancelled') throw error instanceof LlmError ? error : hooks.toError(failure, n, error);
      if (!failure.retryable || n > policy.maxRetries) throw hooks.toError(failure, n, error);
      const delayMs = backoffDelay(n - 1, failure.retryAfterMs, policy, hooks.random);
      hooks.onRetry?.({ retry: n, kind: failure.kind, status: failure.status, delayMs, message: failure.message });
      await sleep(delayMs, hooks.signal);
    }
  }
}
