import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';
import { WardenError } from '../../../core/errors.js';
import { HttpError } from './errors.js';
import type { RequestLifecycle } from './lifecycle.js';

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
 * Fastify's `childLoggerFactory`: `request.log` without a pino child built for every request.
 * Fastify asks for one per request, but most requests never log through it (the request line
 * goes through the server logger with the id as a field), so the child is made on first use.
 * It logs exactly what `logger.child(bindings, options)` would.
 *
 * @example
 * Fastify({ loggerInstance: serverLogger(logger), childLoggerFactory: lazyChildLogger });
 */
export function lazyChildLogger(this: unknown, logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options);
}

type Log = (...args: unknown[]) => void;

class LazyChildLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get log(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.made ? this.made.level : this.parent.level;
  }

  set level(level: string) {
    this.log.level = level;
  }

  fatal(...args: unknown[]): void {
    const log = this.log;
    Reflect.apply(log.fatal as Log, log, args);
  }

  error(...args: unknown[]): void {
    const log = this.log;
    Reflect.apply(log.error as Log, log, args);
  }

  warn(...args: unknown[]): void {
    const log = this.log;
    Reflect.apply(log.warn as Log, log, args);
  }

  info(...args: unknown[]): void {
    const log = this.log;
    Reflect.apply(log.info as Log, log, args);
  }

  debug(...args: unknown[]): void {
    const log = this.log;
    Reflect.apply(log.debug as Log, log, args);
  }

  trace(...args: unknown[]): void {
    const log = this.log;
    Reflect.apply(log.trace as Log, log, args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.log.child(bindings, options);
  }
}

/**
 * One line per request when its response closes: request id, route template, method, status,
 * latency, error code, key id and tenant. Never the body, headers or query. Logged through the
 * server logger with the id as a field (the same line a per-request child would write).
 *
 * @example
 * registerRequestLog(app, registerLifecycle(app));
 */
export function registerRequestLog(app: FastifyInstance, lifecycle: RequestLifecycle): void {
  const log = app.log;
  lifecycle.onEnd(function logRequest(request: FastifyRequest, reply: FastifyReply) {
    const status = reply.statusCode;
    const line: RequestLine = {
      reqId: request.id,
      route: request.routeOptions.url ?? 'unmatched',
      method: request.method,
      status,
      latency_ms: Math.round((performance.now() - request.startedAt) * 100) / 100,
    };
    if (reply.errorCode) line.code = reply.errorCode;
    if (request.principal) line.key = request.principal.keyId;
    if (request.tenant) line.tenant = request.tenant;
    if (!reply.raw.writableFinished) line.aborted = true;
    if (status >= 500) log.warn(line, 'request completed');
    else log.info(line, 'request completed');
  });
}

interface RequestLine {
  reqId: string;
  route: string;
  method: string;
  status: number;
  latency_ms: number;
  code?: string;
  key?: string;
  tenant?: string;
  aborted?: true;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant the request acted for, once a route resolved it (for the log line). */
    tenant: string | null;
  }
}
