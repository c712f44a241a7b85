import type * as AnthropicSdk from '@anthropic-ai/sdk';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { WardenError, type ErrorCode } from '../core/errors.js';
import type { LlmErrorKind } from './types.js';

/** Every kind, in a stable order (reports list counts in it). */
export const LLM_ERROR_KINDS: readonly LlmErrorKind[] = ['timeout', 'connection', 'rate_limit', 'server', 'request', 'auth', 'content_filter', 'empty', 'unparseable', 'expired', 'cancelled'];

/** The WardenError code a failed call of each kind is raised with. */
const CODE_OF: Record<LlmErrorKind, ErrorCode> = {
  timeout: 'W_LLM_UNAVAILABLE',
  connection: 'W_LLM_UNAVAILABLE',
  rate_limit: 'W_LLM_UNAVAILABLE',
  server: 'W_LLM_UNAVAILABLE',
  expired: 'W_LLM_UNAVAILABLE',
  request: 'W_LLM_REQUEST',
  auth: 'W_LLM_AUTH',
  content_filter: 'W_LLM_ANSWER',
  empty: 'W_LLM_ANSWER',
  unparseable: 'W_LLM_ANSWER',
  cancelled: 'W_LLM_CANCELLED',
};

export interface LlmErrorOptions {
  status?: number | undefined;
  attempts?: number;
  cause?: unknown;
}

/**
 * A failed LLM call: a WardenError (code from the kind, exit 2) that also carries the kind,
 * the HTTP status when there was one, and the requests made. Messages never hold an API key
 * nor text of the request.
 *
 * @example
 * const error = new LlmError('auth', 'HTTP 401 invalid key');
 * error.code; // 'W_LLM_AUTH'
 */
export class LlmError extends WardenError {
  readonly kind: LlmErrorKind;
  readonly status: number | undefined;
  readonly attempts: number;

  constructor(kind: LlmErrorKind, message: string, options: LlmErrorOptions = {}) {
    super(CODE_OF[kind], message, { cause: options.cause });
    this.name = 'LlmError';
    this.kind = kind;
    this.status = options.status;
    this.attempts = options.attempts ?? 0;
  }
}

/**
 * The kind of any error a provider call threw: an LlmError's own, `cancelled` for aborts,
 * `request` for anything else (a bug or an unexpected reply shape).
 *
 * @example
 * llmErrorKind(new LlmError('rate_limit', 'HTTP 429')); // 'rate_limit'
 */
export function llmErrorKind(error: unknown): LlmErrorKind {
  if (error instanceof LlmError) return error.kind;
  return classifyLlmError(error).kind;
}

export interface ClassifiedError {
  kind: LlmErrorKind;
  /** Worth another attempt: 429, 408, 409, 5xx, timeouts, connection errors. */
  retryable: boolean;
  status: number | undefined;
  /** The server's retry-after-ms / Retry-After, in ms. */
  retryAfterMs: number | undefined;
  /** Short description (status and the server's message), bounded. */
  message: string;
}

const MESSAGE_LIMIT = 300;

/**
 * The Anthropic SDK's error classes. The SDK is loaded on first use (it costs ~150 ms at
 * start-up), so they are known once it is: none of its errors can exist before.
 */
let anthropicErrors: Pick<typeof AnthropicSdk, 'APIConnectionError' | 'APIConnectionTimeoutError' | 'APIError' | 'APIUserAbortError'> | undefined;

/** Loads `@anthropic-ai/sdk` once and records its error classes for classifyLlmError. */
export async function loadAnthropicSdk(): Promise<typeof AnthropicSdk> {
  const sdk = await import('@anthropic-ai/sdk');
  anthropicErrors ??= sdk;
  return sdk;
}

function isAnthropic<K extends 'APIConnectionError' | 'APIConnectionTimeoutError' | 'APIError' | 'APIUserAbortError'>(error: unknown, kind: K): error is InstanceType<(typeof AnthropicSdk)[K]> {
  return anthropicErrors !== undefined && error instanceof anthropicErrors[kind];
}

/**
 * Sorts an error thrown by the `openai` or `@anthropic-ai/sdk` SDK into retry classes.
 * 401/403 are `auth` and 404 and other 4xx are `request` (all final); 429 is `rate_limit`;
 * 408, 409 and 5xx are `server`; timeouts and connection failures are retryable too.
 * Messages are cut at `messageLimit` characters (default 300).
 *
 * @example
 * classifyLlmError(new APIConnectionTimeoutError()).kind; // 'timeout'
 */
export function classifyLlmError(error: unknown, options: { messageLimit?: number } = {}): ClassifiedError {
  const limit = options.messageLimit ?? MESSAGE_LIMIT;
  const bound = (message: string): string => (message.length > limit ? `${message.slice(0, limit)}…` : message);
  const plain = (kind: LlmErrorKind, retryable: boolean, message: string): ClassifiedError => ({ kind, retryable, status: undefined, retryAfterMs: undefined, message: bound(message) });
  if (error instanceof APIUserAbortError || isAnthropic(error, 'APIUserAbortError') || isAbort(error)) return plain('cancelled', false, 'the call was cancelled');
  if (error instanceof APIConnectionTimeoutError || isAnthropic(error, 'APIConnectionTimeoutError')) return plain('timeout', true, 'request timed out');
  if (error instanceof APIConnectionError || isAnthropic(error, 'APIConnectionError')) return plain('connection', true, `connection failed: ${causeOf(error)}`);
  if ((error instanceof APIError || isAnthropic(error, 'APIError')) && typeof error.status === 'number') {
    const status = error.status;
    const headers = error.headers instanceof Headers ? error.headers : undefined;
    const text = error.message.startsWith(String(status)) ? `HTTP ${error.message}` : `HTTP ${status} ${error.message}`;
    const base = { status, retryAfterMs: retryAfterMs(headers), message: bound(text) };
    if (status === 401 || status === 403) return { kind: 'auth', retryable: false, ...base };
    if (status === 429) return { kind: 'rate_limit', retryable: true, ...base };
    if (status === 408 || status === 409 || status >= 500) return { kind: 'server', retryable: true, ...base };
    const code = (error as { code?: unknown }).code;
    const filtered = code === 'content_filter' || code === 'content_policy_violation';
    return { kind: filtered ? 'content_filter' : 'request', retryable: false, ...base };
  }
  if (error instanceof LlmError) return { kind: error.kind, retryable: false, status: error.status, retryAfterMs: undefined, message: error.message };
  return plain('request', false, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR');
}

function causeOf(error: Error): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error.message;
}

/**
 * Retry-After as ms: `retry-after-ms` (OpenAI, Azure), else `retry-after` in seconds or as an
 * HTTP date. Undefined when absent, malformed or in the past.
 *
 * @example
 * retryAfterMs(new Headers({ 'retry-after': '2' })); // 2000
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) && date > now ? date - now : undefined;
}

const ECHO_WINDOW = 24;

/**
 * Removes secrets and echoed request text from an error message before it reaches an error,
 * a log or a report: every occurrence of a `secrets` value becomes `***`, and a message that
 * shares any 24-character stretch with `sent` (some servers quote the input in validation
 * errors) is cut to its first two words.
 *
 * @example
 * scrubMessage('HTTP 401 bad key sk-live-123', [], ['sk-live-123']); // 'HTTP 401 bad key ***'
 */
export function scrubMessage(message: string, sent: readonly string[], secrets: readonly string[] = []): string {
  let out = message;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  for (const text of sent) {
    if (text.length < ECHO_WINDOW) {
      if (text.length >= 8 && out.includes(text)) return withheld(out);
      continue;
    }
    // Error path only and the message is bounded (~300 chars): every window is affordable.
    for (let i = 0; i + ECHO_WINDOW <= out.length; i++) if (text.includes(out.slice(i, i + ECHO_WINDOW))) return withheld(out);
  }
  return out;
}

function withheld(message: string): string {
  return `${message.split(' ', 2).join(' ')} [server message withheld: it quotes the request]`;
}
