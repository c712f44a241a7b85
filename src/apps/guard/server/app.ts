import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AuditStore } from '../audit/index.js';
import type { GuardConfig } from '../config.js';
import type { GuardEngine } from '../engine.js';
import { AuditRecorder } from './audit-recorder.js';
import { ApiKeyRing, registerAuth } from './auth.js';
import type { GuardRoutePlugin, GuardServerDeps } from './deps.js';
import { guardErrorHandler, guardNotFoundHandler } from './errors.js';
import { registerJsonParser } from './body-parser.js';
import { registerLifecycle } from './lifecycle.js';
import { registerLimits } from './limits.js';
import { lazyChildLogger, registerRequestLog, serverLogger } from './logging.js';
import { GuardMetrics, registerMetrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';
import { auditRoutes } from './routes/audit.js';
import { guardRoutes } from './routes/guard.js';
import { healthRoutes } from './routes/health.js';
import { requestId } from './request-id.js';

export interface GuardServerOptions {
  /** Server, auth and policies; server and auth settings are read once here. */
  config: GuardConfig;
  engine: GuardEngine;
  /** Where decisions are recorded; the caller opens and closes it (close the server first). */
  audit: AuditStore;
  /** Request log; none: no logging. Only ids, routes, statuses and latencies are ever logged. */
  logger?: Logger;
  /** Registry for the guard's series (default: a new one per server). */
  metricsRegistry?: Registry;
  /** Further route plugins (the OpenAI/Anthropic proxies), behind the same auth, limits and metrics. */
  extraRoutes?: readonly GuardRoutePlugin[];
  /** Collect process metrics (CPU, memory, event loop) into the registry; default true. */
  processMetrics?: boolean;
}

/** Items one POST /v1/guard/batch may carry. */
export const BATCH_MAX_ITEMS = 256;

/**
 * Builds the guard HTTP service as a Fastify instance, not yet listening (use `inject()` in
 * tests, or `startGuardServer` to listen). Cross-cutting concerns are synchronous hooks added in
 * order — the request lifecycle (timing, x-request-id, one close listener that runs the metrics,
 * request-log and concurrency-slot handlers), auth, limits — and each route family is an
 * encapsulated plugin: guard/scan/batch, audit, health, then `extraRoutes`. The guard routes
 * answer with JSON serialized by serialize.ts (same bytes as their response schemas give);
 * JSON bodies are parsed by body-parser.ts. Closing the instance waits for audit writes still in
 * flight.
 *
 * @example
 * const app = buildGuardServer({ config, engine, audit });
 * const res = await app.inject({ method: 'POST', url: '/v1/guard', payload: { response: 'hello' } });
 */
export function buildGuardServer(options: GuardServerOptions): FastifyInstance {
  const { config, engine, audit } = options;
  const server = config.server;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: serverLogger(options.logger) as FastifyBaseLogger, childLoggerFactory: lazyChildLogger } : {}),
    // One line per request from registerRequestLog instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: server.body_limit_bytes,
    // Node's own cut-offs, checked every `connectionsCheckingInterval`: the whole request (headers
    // and body) must arrive within body_timeout_ms, so a trickling client (slowloris) is answered
    // 408 and disconnected instead of holding a socket and a concurrency slot.
    requestTimeout: server.body_timeout_ms,
    http: {
      headersTimeout: server.body_timeout_ms,
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(server.body_timeout_ms / 4))),
    },
    keepAliveTimeout: 5000,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    genReqId: requestId,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  // JSON only: anything else is 415, not a text body that fails validation later.
  app.removeContentTypeParser('text/plain');
  registerJsonParser(app);

  const metrics = new GuardMetrics(options.metricsRegistry, { defaultMetrics: options.processMetrics ?? true });
  const recorder = new AuditRecorder(audit, {
    onError: function auditFailed(error) {
      metrics.auditFailures.inc();
      app.log.warn({ err: error }, 'audit write failed');
    },
  });
  const deps: GuardServerDeps = { config, engine, audit, metrics, recorder };

  app.decorateReply('errorCode', undefined);
  app.decorateRequest('tenant', null);
  app.setErrorHandler(guardErrorHandler);
  app.setNotFoundHandler(guardNotFoundHandler);
  registerOpenApi(app);
  // First hook: arrival time, x-request-id, and the one close listener the concerns below share.
  const lifecycle = registerLifecycle(app);
  registerMetrics(app, metrics, lifecycle);
  registerRequestLog(app, lifecycle);
  registerAuth(app, { required: config.auth.required, ring: new ApiKeyRing(config.auth.keys) });
  registerLimits(
    app,
    {
      maxConcurrency: server.max_concurrency,
      rateLimit: { requestsPerMinute: server.rate_limit.requests_per_minute, burst: server.rate_limit.burst },
    },
    lifecycle,
  );

  const plugins: GuardRoutePlugin[] = [guardRoutes({ requestTimeoutMs: server.request_timeout_ms, batchMaxItems: BATCH_MAX_ITEMS }), auditRoutes, healthRoutes, ...(options.extraRoutes ?? [])];
  for (const plugin of plugins) {
    app.register(async function routePlugin(child) {
      await plugin(child, deps);
    });
  }
  app.addHook('onClose', async function flushAudit() {
    await recorder.flush();
  });
  return app;
}
