import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';

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
 * Sorts an error thrown by the OpenAI SDK (or anything else) into retry classes.
 *
 * @example
 * classifyLlmError(new APIConnectionTimeoutError()).retryable; // true
 */
export function classifyLlmError(error: unknown): ClassifiedError {
  if (error instanceof APIConnectionTimeoutError) return plain('timeout', true, 'request timed out');
  if (error instanceof APIConnectionError) return plain('connection', true, `connection failed: ${causeOf(error)}`);
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const message = bound(error.message.startsWith(String(status)) ? `HTTP ${error.message}` : `HTTP ${status} ${error.message}`);
    const retryAfterMs = retryAfter(error.headers);
    if (status === 401 || status === 403 || status === 404) return { kind: 'request', retryable: false, fatal: true, retryAfterMs, message };
    if (status === 429) return { kind: 'rate_limit', retryable: true, fatal: false, retryAfterMs, message };
    if (status === 408 || status === 409 || status >= 500) return { kind: 'server', retryable: true, fatal: false, retryAfterMs, message };
    const filtered = error.code === 'content_filter' || error.code === 'content_policy_violation';
    return { kind: filtered ? 'content_filter' : 'request', retryable: false, fatal: false, retryAfterMs, message };
  }
  // Not from the SDK's transport: a bug or an unexpected reply shape; retrying would not help.
  return plain('request', false, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

function plain(kind: LlmErrorKind, retryable: boolean, message: string): ClassifiedError {
  return { kind, retryable, fatal: false, retryAfterMs: undefined, message: bound(message) };
}

function causeOf(error: APIConnectionError): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error.message;
}

function bound(message: string): string {
  return message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT)}…` : message;
}

/**
 * Retry-After as ms: `retry-after-ms` (OpenAI, Azure), else `retry-after` in seconds or as an
 * HTTP date. Undefined when absent, malformed or in the past.
 *
 * @example
 * retryAfter(new Headers({ 'retry-after': '2' })); // 2000
 */
export function retryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (value.trim() !== '' && Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) && date > now ? date - now : undefined;
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
  if (retryAfterMs !== undefined) {
    const wait = Math.min(retryAfterMs, policy.max_retry_after_ms);
    return Math.round(wait + wait * 0.1 * random());
  }
  const ceiling = Math.min(policy.max_backoff_ms, policy.backoff_ms * 2 ** Math.min(retry, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
