import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isWardenError } from '../../../core/errors.js';

/**
 * The HTTP API's error vocabulary. Every error body is `{"error": {"code", "message"}}` with one of
 * these codes (or a WardenError code such as W_POLICY_UNKNOWN), so clients branch on `code`
 * and never parse messages. Messages never echo the request body.
 */
export const HTTP_ERROR_CODES = {
  W_HTTP_BAD_JSON: 400,
  W_HTTP_INVALID_REQUEST: 400,
  W_HTTP_UNAUTHORIZED: 401,
  W_HTTP_FORBIDDEN: 403,
  W_HTTP_NOT_FOUND: 404,
  W_HTTP_METHOD_NOT_ALLOWED: 405,
  W_HTTP_BODY_TOO_LARGE: 413,
  W_HTTP_UNSUPPORTED_MEDIA_TYPE: 415,
  W_HTTP_RATE_LIMITED: 429,
  W_HTTP_OVERLOADED: 503,
  W_HTTP_TIMEOUT: 503,
  W_HTTP_NOT_READY: 503,
  W_INTERNAL: 500,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;

/** The wire shape of every error answer of the guard API. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * An error a hook or handler throws to answer with a given status, code and headers
 * (e.g. Retry-After). The route's error handler renders it; a proxy plugin with its own error
 * handler can render it in the OpenAI or Anthropic shape instead.
 *
 * @example
 * throw new HttpError('W_HTTP_RATE_LIMITED', 'rate limit exceeded', { 'retry-after': '2' });
 */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly statusCode: number;
  readonly headers: Record<string, string>;

  constructor(code: HttpErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.statusCode = HTTP_ERROR_CODES[code];
    this.headers = headers;
  }
}

/** Fastify's own error codes mapped to ours, with messages that never quote the body. */
const FASTIFY_CODES: Record<string, { code: HttpErrorCode; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'W_HTTP_BAD_JSON', message: 'request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'W_HTTP_BAD_JSON', message: 'request body is empty; send a JSON object' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'W_HTTP_BODY_TOO_LARGE', message: 'request body exceeds server.body_limit_bytes' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'W_HTTP_INVALID_REQUEST', message: 'content-length does not match the body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'W_HTTP_UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'W_HTTP_UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' },
  FST_ERR_VALIDATION: { code: 'W_HTTP_INVALID_REQUEST' },
  FST_ERR_HANDLER_TIMEOUT: { code: 'W_HTTP_TIMEOUT', message: 'request did not finish within server.request_timeout_ms' },
  FST_ERR_NOT_FOUND: { code: 'W_HTTP_NOT_FOUND', message: 'no such route' },
};

/** Status, code, message and headers for any thrown value; unknown errors become a bare 500. */
export function describeError(error: unknown): { status: number; code: string; message: string; headers: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.statusCode, code: error.code, message: error.message, headers: error.headers };
  if (isWardenError(error)) {
    // Policy problems are the caller's (400); a store failure is ours but transient (503).
    const status = error.code === 'W_POLICY_UNKNOWN' || error.code === 'W_POLICY_INVALID' ? 400 : error.code === 'W_STORE' ? 503 : 500;
    return { status, code: error.code, message: status === 500 ? 'internal error' : error.message, headers: {} };
  }
  const fastifyCode = (error as FastifyError | undefined)?.code;
  const mapped = fastifyCode ? FASTIFY_CODES[fastifyCode] : undefined;
  if (mapped) {
    const message = mapped.message ?? (error as Error).message;
    const headers: Record<string, string> = mapped.code === 'W_HTTP_TIMEOUT' ? { 'retry-after': '1' } : {};
    return { status: HTTP_ERROR_CODES[mapped.code], code: mapped.code, message, headers };
  }
  const status = (error as FastifyError | undefined)?.statusCode;
  // Other 4xx from Fastify (bad header, bad URL): keep the status, say it plainly.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: 'W_HTTP_INVALID_REQUEST', message: 'invalid request', headers: {} };
  }
  return { status: 500, code: 'W_INTERNAL', message: 'internal error', headers: {} };
}

/** Builds the wire error body. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * The guard API's error handler: one JSON shape for every failure, with the error logged by code
 * only (5xx with the stack, which never holds request text).
 */
export function guardErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): ErrorBody {
  const { status, code, message, headers } = describeError(error);
  if (status >= 500 && code !== 'W_HTTP_OVERLOADED' && code !== 'W_HTTP_TIMEOUT' && code !== 'W_HTTP_NOT_READY') {
    request.log.error({ err: error, code }, 'request failed');
  }
  reply.code(status).headers(headers);
  reply.errorCode = code;
  return errorBody(code, message);
}

/** 404 in the same shape. */
export function guardNotFoundHandler(request: FastifyRequest, reply: FastifyReply): ErrorBody {
  reply.code(404);
  reply.errorCode = 'W_HTTP_NOT_FOUND';
  return errorBody('W_HTTP_NOT_FOUND', `no route ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}`);
}

declare module 'fastify' {
  interface FastifyReply {
    /** The error code answered, for metrics and the request log line. */
    errorCode?: string;
  }
}
