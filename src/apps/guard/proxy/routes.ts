import type { FastifyContextConfig, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from '../server/errors.js';
import type { ProxyDeps } from './context.js';
import { errorBodyFor, type Protocol } from './errors.js';
import { forward, type RouteSpec } from './forward.js';

/**
 * Registers proxied routes in a scope of their own, with an error handler that answers in the
 * client's protocol (auth, limits, bad JSON and unknown policies included), so the official
 * SDKs raise their usual error classes.
 */
export async function registerProxyRoutes(app: FastifyInstance, deps: ProxyDeps, protocol: Protocol, specs: readonly RouteSpec[]): Promise<void> {
  await app.register(async function proxyScope(scope) {
    scope.setErrorHandler(function proxyErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      const { status, code, message, headers } = describeError(error);
      if (status >= 500 && status !== 503) request.log.error({ err: error, code }, 'proxy request failed');
      reply.errorCode = code;
      return reply.code(status).headers(headers).send(errorBodyFor(protocol, status, message, code));
    });
    for (const spec of specs) {
      scope.post(spec.route, {
        // Authorization / x-api-key belong to the upstream here; the guard's key is x-warden-key.
        config: { scope: 'proxy', upstreamKeys: true } as FastifyContextConfig,
        // No handlerTimeout: a generation takes long and the upstream call has its own (idle)
        // timeout; Fastify's would add an AbortController, a timer and, on every close, a
        // DOMException per request (a sixth of a non-streaming proxy request's CPU time).
      }, function proxyRoute(request, reply) {
        return forward(request, reply, deps, spec);
      });
    }
  });
}
