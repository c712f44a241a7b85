import type { FastifyInstance } from 'fastify';
import type { AuditStore } from '../audit/index.js';
import type { GuardConfig } from '../config.js';
import type { GuardEngine } from '../engine.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { GuardMetrics } from './metrics.js';

/**
 * What route plugins get: the guard API's own routes and the proxy plugins registered through
 * `extraRoutes` alike. `recorder` writes audit rows off the response path; `metrics.observeResult`
 * counts a decision.
 */
export interface GuardServerDeps {
  config: GuardConfig;
  engine: GuardEngine;
  audit: AuditStore;
  metrics: GuardMetrics;
  recorder: AuditRecorder;
}

/** A route plugin: registered in its own encapsulated context, after auth, limits and metrics. */
export type GuardRoutePlugin = (app: FastifyInstance, deps: GuardServerDeps) => Promise<void>;
