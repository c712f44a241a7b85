/**
 * Errors in the client's own protocol, so that the official SDKs raise their usual classes
 * (RateLimitError, InternalServerError, APIConnectionError...) for failures of the upstream
 * and of the proxy alike.
 */

export type Protocol = 'openai' | 'anthropic';

export interface ProtocolError {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const OPENAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  500: 'server_error',
  502: 'server_error',
  503: 'server_error',
  504: 'timeout',
};

/**
 * An error body in the protocol's shape: OpenAI `{error: {message, type, param, code}}`,
 * Anthropic `{type: 'error', error: {type, message}}`.
 *
 * @example
 * errorBodyFor('anthropic', 504, 'upstream timed out'); // { type: 'error', error: { type: 'timeout_error', message: 'upstream timed out' } }
 */
export function errorBodyFor(protocol: Protocol, status: number, message: string, code: string | null = null): unknown {
  if (protocol === 'anthropic') return { type: 'error', error: { type: ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message } };
  return { error: { message, type: OPENAI_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'), param: null, code } };
}

/** Whether a parsed upstream body already has the protocol's error shape (then it is forwarded as is). */
export function isProtocolErrorBody(protocol: Protocol, body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  if (protocol === 'anthropic') return (body as { type?: unknown }).type === 'error' && typeof (error as { type?: unknown }).type === 'string';
  return typeof (error as { message?: unknown }).message === 'string';
}

/**
 * The answer for an upstream error response: its own body when it is well-formed for the
 * protocol (an OpenAI 429 stays an OpenAI 429), else a protocol error naming the status. The
 * text is bounded: an HTML error page from a load balancer is not relayed.
 *
 * @example
 * upstreamErrorFor('openai', 502, '<html>Bad gateway</html>').body; // { error: { message: 'upstream answered 502', ... } }
 */
export function upstreamErrorFor(protocol: Protocol, status: number, text: string): { status: number; body: unknown } {
  let parsed: unknown;
  try {
    parsed = text.length <= 1024 * 1024 ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (isProtocolErrorBody(protocol, parsed)) return { status, body: parsed };
  return { status, body: errorBodyFor(protocol, status, `upstream answered ${status}`, 'upstream_error') };
}

/**
 * A mid-stream error as an SSE event the SDKs turn into an exception: OpenAI `data: {"error": ...}`,
 * Anthropic `event: error`.
 */
export function streamErrorEvent(protocol: Protocol, status: number, message: string, code: string | null = null): { event?: string; data: string } {
  const body = errorBodyFor(protocol, status, message, code);
  return protocol === 'anthropic' ? { event: 'error', data: JSON.stringify(body) } : { data: JSON.stringify(body) };
}
