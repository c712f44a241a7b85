/** The guard's HTTP service: Fastify app, auth, limits, metrics, OpenAPI, and its route plugins. */
export { buildGuardServer, BATCH_MAX_ITEMS, type GuardServerOptions } from './app.js';
export { startGuardServer, type RunningGuardServer, type StartOptions } from './start.js';
export type { GuardRoutePlugin, GuardServerDeps } from './deps.js';
export { AuditRecorder, auditAction, auditEntryFor, type AuditFacts } from './audit-recorder.js';
export { ApiKeyRing, hashApiKey, presentedKey, requestTenant, type ApiKeyConfig, type Principal } from './auth.js';
export { HttpError, describeError, errorBody, HTTP_ERROR_CODES, type ErrorBody, type HttpErrorCode } from './errors.js';
export { GuardMetrics } from './metrics.js';
export { TokenBucketLimiter } from './rate-limit.js';
export { watchAndReload, withShadow } from './reload.js';
