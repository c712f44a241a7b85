import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GuardResult } from '../types.js';
import { FastHistogram } from './histogram.js';
import type { RequestLifecycle } from './lifecycle.js';

const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DETECTOR_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1];

/**
 * The guard's Prometheus series, on a registry of its own (two servers in one process, as in
 * tests, never share counters). Label values come from bounded sets: route templates, rule ids
 * of the loaded packs and policies, actions, detector and intent labels, error codes.
 *
 * @example
 * const metrics = new GuardMetrics();
 * metrics.observeResult(engine.guard(text), '/v1/guard');
 * await metrics.registry.metrics(); // exposition text
 */
export class GuardMetrics {
  readonly registry: Registry;
  /** Histograms on the request path are FastHistograms (same exposition, far cheaper observations). */
  readonly requestDuration: FastHistogram<'route' | 'method' | 'status'>;
  readonly detectorDuration: FastHistogram<'detector'>;
  readonly ruleHits: Counter<'rule' | 'action'>;
  readonly blocks: Counter<'policy' | 'route' | 'shadow'>;
  readonly decisions: Counter<'policy' | 'route'>;
  readonly preclassifierDecisions: Counter<'label'>;
  readonly errors: Counter<'route' | 'code'>;
  readonly inFlight: Gauge;
  readonly auditFailures: Counter;
  /** Where the in-flight gauge reads its value when scraped (set by registerMetrics). */
  private readInFlight: (() => number) | undefined;

  constructor(registry: Registry = new Registry(), options: { defaultMetrics?: boolean } = {}) {
    this.registry = registry;
    const registers = [registry];
    this.requestDuration = new FastHistogram({
      name: 'warden_guard_http_request_duration_seconds',
      help: 'HTTP request latency by route template, method and status.',
      labelNames: ['route', 'method', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.detectorDuration = new FastHistogram({
      name: 'warden_guard_detector_duration_seconds',
      help: 'Wall time per detector per decision, summed over the text views.',
      labelNames: ['detector'],
      buckets: DETECTOR_BUCKETS,
      registers,
    });
    this.ruleHits = new Counter({ name: 'warden_guard_rule_hits_total', help: 'Findings by rule id and the action the policy gave them.', labelNames: ['rule', 'action'], registers });
    this.blocks = new Counter({
      name: 'warden_guard_blocks_total',
      help: 'Blocked responses; shadow="true" counts those a shadow policy would have blocked.',
      labelNames: ['policy', 'route', 'shadow'],
      registers,
    });
    this.decisions = new Counter({ name: 'warden_guard_decisions_total', help: 'Decisions made, by policy and route.', labelNames: ['policy', 'route'], registers });
    this.preclassifierDecisions = new Counter({
      name: 'warden_guard_preclassifier_decisions_total',
      help: "The pre-classifier's reading of command findings, by label.",
      labelNames: ['label'],
      registers,
    });
    this.errors = new Counter({ name: 'warden_guard_errors_total', help: 'Error answers by route and error code.', labelNames: ['route', 'code'], registers });
    const readInFlight = (): number | undefined => this.readInFlight?.();
    this.inFlight = new Gauge({
      name: 'warden_guard_requests_in_flight',
      help: 'Requests being served now.',
      registers,
      // Read at scrape time from the server's own count: nothing to update per request.
      collect() {
        const count = readInFlight();
        if (count !== undefined) this.set(count);
      },
    });
    this.auditFailures = new Counter({ name: 'warden_guard_audit_failures_total', help: 'Decisions the audit store failed to record.', registers });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'warden_' });
  }

  /** Counts one decision: detector timings, rule hits, blocks, pre-classifier labels. */
  observeResult(result: GuardResult, route: string): void {
    const { decision, stats } = result;
    this.decisions.inc({ policy: decision.policy_id, route });
    const detectorMs = stats.detector_ms;
    for (const detector in detectorMs) {
      const ms = detectorMs[detector as keyof typeof detectorMs];
      if (ms !== undefined) this.detectorDuration.labels(detector).observe(ms / 1000);
    }
    for (const finding of decision.findings) {
      this.ruleHits.inc({ rule: finding.rule_id, action: finding.action });
      if (finding.intent) this.preclassifierDecisions.inc({ label: finding.intent.label });
    }
    if (decision.blocked || decision.would_block) this.blocks.inc({ policy: decision.policy_id, route, shadow: decision.shadow ? 'true' : 'false' });
  }

  /** The in-flight gauge reports `read()` when scraped. */
  trackInFlight(read: () => number): void {
    this.readInFlight = read;
  }
}

/**
 * Request latency, errors and in-flight count for every route, and GET /metrics (public).
 * Routes are labelled by their template (`/v1/guard`), never the raw URL. Observed when the
 * response closes, from the server's request lifecycle (no hook of its own per request).
 */
export function registerMetrics(app: FastifyInstance, metrics: GuardMetrics, lifecycle: RequestLifecycle): void {
  metrics.trackInFlight(() => lifecycle.inFlight);
  lifecycle.onEnd(function observeRequest(request: FastifyRequest, reply: FastifyReply) {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestDuration.labels(route, request.method, reply.statusCode).observe((performance.now() - request.startedAt) / 1000);
    if (reply.errorCode) metrics.errors.inc({ route, code: reply.errorCode });
  });
  app.get('/metrics', { config: { public: true, openapi: 'text' }, schema: { summary: 'Prometheus metrics (text exposition format)', operationId: 'metrics' } }, async function metricsRoute(_request, reply) {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
