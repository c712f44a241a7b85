import { classifyLlmError as classifyShared, retryAfterMs } from '../../../llm/errors.js';
import { backoffDelay as sharedBackoffDelay } from '../../../llm/retry.js';

/**
 * Why a judge call produced no verdict. Stable strings: they appear in judgments
 * (`judgments.llm.error_kind`) and in the report's error counts.
 */
export type LlmErrorKind = 'timeout' | 'connection' | 'rate_limit' | 'server' | 'request' | 'content_filter' | 'empty' | 'unparseable';

export const LLM_ERROR_KINDS: readonly LlmErrorKind[] = ['timeout', 'connection', 'rate_limit', 'server', 'request', 'content_filter', 'empty', 'unparseable'];

export interface ClassifiedError {
  kind: LlmErrorKind;
  /** Worth another attempt (429, 408, 409, 5xx, timeout, connection). */
  retryable: boolean;
  /**
   * The endpoint refuses every request (401, 403, 404: bad key, no access, wrong URL or
   * model): no per-record policy applies, the run stops with a configuration error.
   */
  fatal: boolean;
  /** The server's Retry-After (or retry-after-ms), in ms. */
  retryAfterMs: number | undefined;
  /** Short description without document text (status, server error message), bounded. */
  message: string;
}

const MESSAGE_LIMIT = 200;

/**
 * Sorts an error thrown by the OpenAI SDK (or anything else) into retry classes: the LLM
 * layer's classification (src/llm), with the judge's own kinds: 401/403/404 are `request`
 * and `fatal` (the run stops), an aborted call is a `request` error like any non-SDK error.
 *
 * @example
 * classifyLlmError(new APIConnectionTimeoutError()).retryable; // true
 */
export function classifyLlmError(error: unknown): ClassifiedError {
  const shared = classifyShared(error, { messageLimit: MESSAGE_LIMIT });
  if (shared.kind === 'cancelled') {
    // An abort is no transport or HTTP failure for the judge: a `request` error, as any non-SDK error.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind: 'request', retryable: false, fatal: false, retryAfterMs: undefined, message: message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT)}…` : message };
  }
  const status = shared.status;
  return {
    kind: shared.kind === 'auth' ? 'request' : (shared.kind as LlmErrorKind), // the rest are judge kinds too
    retryable: shared.retryable,
    fatal: status === 401 || status === 403 || status === 404,
    retryAfterMs: shared.retryAfterMs,
    message: shared.message,
  };
}

/**
 * Retry-After as ms: `retry-after-ms` (OpenAI, Azure), else `retry-after` in seconds or as an
 * HTTP date. Undefined when absent, malformed or in the past. (The LLM layer's reader.)
 *
 * @example
 * retryAfter(new Headers({ 'retry-after': '2' })); // 2000
 */
export function retryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  return retryAfterMs(headers, now);
}

export interface BackoffPolicy {
  backoff_ms: number;
  max_backoff_ms: number;
  max_retry_after_ms: number;
}

/**
 * Wait before retry number `retry` (0 = the first retry). A Retry-After from the server wins
 * (capped at max_retry_after_ms, plus up to 10 % so that workers told the same time do not
 * come back together); else exponential backoff with equal jitter: half fixed, half random.
 *
 * @example
 * backoffDelay(2, undefined, { backoff_ms: 100, max_backoff_ms: 10_000, max_retry_after_ms: 60_000 }, () => 0); // 200
 */
export function backoffDelay(retry: number, retryAfterMs: number | undefined, policy: BackoffPolicy, random: () => number = Math.random): number {
  const shared = { maxRetries: 0, backoffMs: policy.backoff_ms, maxBackoffMs: policy.max_backoff_ms, maxRetryAfterMs: policy.max_retry_after_ms, jitter: 'equal' as const };
  return sharedBackoffDelay(retry, retryAfterMs, shared, random);
}
