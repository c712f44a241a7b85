import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';
import type { RequestLifecycle } from './lifecycle.js';
import { TokenBucketLimiter } from './rate-limit.js';

export interface LimitOptions {
  /** Requests served at once (non-public routes); beyond it: 503 + Retry-After. */
  maxConcurrency: number;
  /** Per key (or per client IP without a key); absent: no rate limit. */
  rateLimit?: { requestsPerMinute: number; burst: number } | undefined;
}

/** Live counters of the limits, read by /metrics and tests. */
export interface LimitState {
  inFlight: number;
}

/**
 * Admission control for every non-public route, after authentication: first the concurrency
 * limit (503, Retry-After: 1, no token spent), then the caller's token bucket (429 with the
 * seconds until the next token). An admitted request holds its slot until its response closes
 * (finished or aborted), so a client that disconnects mid-body frees it too. The hook is
 * synchronous (no promise per request); the slot is released by the request lifecycle.
 */
export function registerLimits(app: FastifyInstance, options: LimitOptions, lifecycle: RequestLifecycle): LimitState {
  const state: LimitState = { inFlight: 0 };
  const limiter = options.rateLimit ? new TokenBucketLimiter(options.rateLimit) : undefined;
  app.decorateRequest('holdsSlot', false);
  app.addHook('onRequest', function admit(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) {
    if (request.routeOptions.config.public) return done();
    if (state.inFlight >= options.maxConcurrency) {
      return done(new HttpError('W_HTTP_OVERLOADED', `server busy: ${options.maxConcurrency} requests in flight; retry shortly`, { 'retry-after': '1' }));
    }
    if (limiter) {
      const who = request.principal ? `key:${request.principal.keyId}` : `ip:${request.ip}`;
      const { allowed, retryAfterS } = limiter.take(who);
      if (!allowed) return done(new HttpError('W_HTTP_RATE_LIMITED', 'rate limit exceeded for this key', { 'retry-after': String(retryAfterS) }));
    }
    state.inFlight++;
    request.holdsSlot = true;
    done();
  });
  lifecycle.onEnd(function releaseSlot(request: FastifyRequest) {
    if (request.holdsSlot) {
      request.holdsSlot = false;
      state.inFlight--;
    }
  });
  return state;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request holds one of the max_concurrency slots until its response closes. */
    holdsSlot: boolean;
  }
}
