import { LlmError } from './errors.js';
import type { ChatRequest, EmbedRequest, ProviderKind, Usage } from './types.js';

/**
 * One HTTP request to a provider through its official SDK, nothing more: the provider around
 * it (provider.ts) owns retries, limits, the cache and accounting. SDK retries are off.
 */
export interface Transport {
  readonly kind: ProviderKind;
  /** Base URL for messages (no credentials). */
  readonly endpoint: string;
  chat(request: ChatRequest & { model: string }, options: AttemptOptions): Promise<TransportAnswer>;
  embed?(request: EmbedRequest & { model: string }, options: AttemptOptions): Promise<TransportEmbedding>;
}

export interface AttemptOptions {
  signal: AbortSignal | undefined;
  /** This attempt's timeout. */
  timeoutMs: number;
}

export interface TransportAnswer {
  text: string;
  json?: unknown;
  model: string;
  finishReason: string | null;
  usage: Usage;
}

export interface TransportEmbedding {
  vectors: number[][];
  model: string;
  usage: Usage;
}

/**
 * Parses a structured answer: the text as JSON, else the body of a ```json fence (local
 * models add one even when asked not to). Undefined when neither parses.
 *
 * @example
 * parseJsonAnswer('```json\n{"a": 1}\n```'); // { a: 1 }
 */
export function parseJsonAnswer(text: string): unknown {
  const trimmed = text.trim();
  const direct = tryParse(trimmed);
  if (direct !== undefined) return direct;
  const open = trimmed.indexOf('```');
  if (open < 0) return undefined;
  const bodyStart = trimmed.indexOf('\n', open);
  const close = trimmed.lastIndexOf('```');
  if (bodyStart < 0 || close <= bodyStart) return undefined;
  return tryParse(trimmed.slice(bodyStart + 1, close).trim());
}

function tryParse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** An answer that carries nothing: filtered by the endpoint, or empty. Final, never retried. */
export function unusableAnswer(kind: 'content_filter' | 'empty', finishReason: string | null, detail = ''): LlmError {
  const why = kind === 'content_filter' ? 'the endpoint filtered or refused the answer' : 'the model returned an empty answer';
  return new LlmError(kind, `${why} (finish reason ${finishReason ?? 'none'})${detail ? `: ${detail}` : ''}`);
}

/**
 * The base URL without user/password, query or fragment, and without a trailing slash.
 *
 * @example
 * displayEndpoint('http://user:pw@127.0.0.1:8000/v1/'); // 'http://127.0.0.1:8000/v1'
 */
export function displayEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return withoutTrailingSlashes(parsed.toString());
  } catch {
    return '(invalid URL)';
  }
}

/**
 * A base URL without its trailing slashes (a loop: `/\/+$/` backtracks polynomially on a long
 * run of slashes that does not end the string).
 *
 * @example
 * withoutTrailingSlashes('http://127.0.0.1:8000/v1//'); // 'http://127.0.0.1:8000/v1'
 */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 0x2f) end--;
  return url.slice(0, end);
}
