import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Runs once a request's response has closed: sent in full, failed, or abandoned by the client. */
export type RequestEndHandler = (request: FastifyRequest, reply: FastifyReply) => void;

export interface RequestLifecycle {
  /** Adds a handler; handlers run in the order they were added. */
  onEnd(handler: RequestEndHandler): void;
  /** Requests that arrived and whose response has not closed yet (every route, public ones too). */
  readonly inFlight: number;
}

/**
 * The first onRequest hook of the server: stamps the arrival time, echoes the request id in
 * `x-request-id`, and attaches ONE 'close' listener to the response that runs every end
 * handler (request metrics, the request log line, the concurrency slot). The concerns stay in
 * their own modules; a request pays for one synchronous hook and one listener instead of one
 * of each per concern. A handler that throws is logged and does not stop the others.
 *
 * @example
 * const lifecycle = registerLifecycle(app);
 * lifecycle.onEnd(function logLine(request, reply) { request.log.info({ status: reply.statusCode }, 'done'); });
 */
export function registerLifecycle(app: FastifyInstance): RequestLifecycle {
  const handlers: RequestEndHandler[] = [];
  let inFlight = 0;
  app.decorateRequest('startedAt', 0);
  app.addHook('onRequest', function startRequest(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    request.startedAt = performance.now();
    inFlight++;
    reply.header('x-request-id', request.id);
    reply.raw.on('close', function requestClosed() {
      inFlight--;
      for (const handler of handlers) {
        try {
          handler(request, reply);
        } catch (error) {
          request.log.error({ err: error }, 'request end handler failed');
        }
      }
    });
    done();
  });
  return {
    onEnd(handler) {
      handlers.push(handler);
    },
    get inFlight() {
      return inFlight;
    },
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** performance.now() when the request arrived. */
    startedAt: number;
  }
}
