import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { WardenError } from '../../../core/errors.js';
import { HttpError } from './errors.js';

/**
 * Serializers that keep request text out of the logs: a request is its method, path (no query)
 * and client address; an error is its type, code and stack frames, with the message only when it
 * is one of ours (messages of foreign errors can quote their input).
 */
export const safeSerializers = {
  req(request: { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } }) {
    return { method: request.method, path: (request.url ?? '').split('?')[0], remote: request.ip ?? request.socket?.remoteAddress };
  },
  res(reply: { statusCode?: number }) {
    return { status: reply.statusCode };
  },
  err(error: unknown) {
    if (!(error instanceof Error)) return { type: typeof error };
    const ours = error instanceof WardenError || error instanceof HttpError;
    const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    return {
      type: error.name,
      code: (error as { code?: unknown }).code,
      ...(ours ? { message: error.message } : {}),
      stack: frames.slice(0, 12).join('\n'),
    };
  },
};

/** The logger Fastify gets: the caller's, with the safe serializers bound. */
export function serverLogger(logger: Logger): Logger {
  return logger.child({}, { serializers: safeSerializers });
}

/**
 * One line per request when its response closes: request id (bound by Fastify), route template,
 * method, status, latency, error code, key id and tenant. Never the body, headers or query.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', async function logOnClose(request: FastifyRequest, reply: FastifyReply) {
    reply.raw.once('close', function requestDone() {
      const status = reply.statusCode;
      const line = {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status,
        latency_ms: Math.round((performance.now() - request.startedAt) * 100) / 100,
        ...(reply.errorCode ? { code: reply.errorCode } : {}),
        ...(request.principal ? { key: request.principal.keyId } : {}),
        ...(request.tenant ? { tenant: request.tenant } : {}),
        ...(reply.raw.writableFinished ? {} : { aborted: true }),
      };
      if (status >= 500) request.log.warn(line, 'request completed');
      else request.log.info(line, 'request completed');
    });
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant the request acted for, once a route resolved it (for the log line). */
    tenant: string | null;
  }
}
