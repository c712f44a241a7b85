import type { FastifyRequest } from 'fastify';
import type { AuditAction, AuditEntry, AuditStore } from '../audit/types.js';
import type { GuardConfig } from '../config.js';
import type { GuardEngine } from '../engine.js';
import { auditFinding } from '../server/audit-recorder.js';
import type { GuardMetrics } from '../server/metrics.js';
import type { GuardContext, GuardFinding, GuardResult } from '../types.js';
import type { StreamSummary } from './stream-guard.js';

/** What the proxy plugins need from the server (helper C's `(app, deps) => Promise<void>` contract). */
export interface ProxyDeps {
  config: GuardConfig;
  engine: GuardEngine;
  audit: Pick<AuditStore, 'record'> | null;
  metrics?: GuardMetrics | undefined;
  /** The server's audit recorder (bounded writes in flight, failures counted); else `audit` is written directly. */
  recorder?: { record(entry: AuditEntry): void } | undefined;
}

/** Who asks, under which policy: resolved once per request, before the upstream is called. */
export interface ProxyContext {
  requestId: string;
  route: string;
  tenant: string | null;
  policyId: string;
  guard: GuardContext;
  started: number;
}

/** Header a client may send to pick a named policy (else the API key's policy, else the default). */
export const POLICY_HEADER = 'x-warden-policy';
/** Header naming the tenant when the API key is not bound to one (or auth is off). */
export const TENANT_HEADER = 'x-warden-tenant';

/**
 * Resolves tenant and policy. The tenant of a tenant-bound key always wins over a claimed one;
 * an unknown policy id throws W_POLICY_UNKNOWN (the caller answers 400 before any upstream call).
 */
export function proxyContext(request: FastifyRequest, deps: ProxyDeps, route: string): ProxyContext {
  const principal = (request as { principal?: { tenant: string | null; policy?: string | undefined } | null }).principal ?? null;
  const claimedTenant = header(request, TENANT_HEADER);
  const tenant = principal?.tenant ?? claimedTenant ?? null;
  const policyId = deps.engine.policy(header(request, POLICY_HEADER) ?? principal?.policy).id;
  // The server's request log reads the tenant from here when it decorates requests with one.
  if ('tenant' in request) (request as { tenant: string | null }).tenant = tenant;
  const guard: GuardContext = { policyId, ...(tenant ? { tenant } : {}) };
  return { requestId: String(request.id), route, tenant, policyId, guard, started: performance.now() };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
}

/** The outcome of one proxied response, whatever its protocol or mode. */
export interface Outcome {
  blocked: boolean;
  shadow: boolean;
  would_block: boolean;
  risk_score: number;
  findings: GuardFinding[];
  guard_ms: number;
  /** A non-streaming body was changed (masked, blocked...); otherwise it is sent as the upstream wrote it. */
  rewritten?: boolean;
}

/** Folds several guarded texts (choices, content blocks, output parts) into one outcome. */
export function combine(parts: readonly (StreamSummary | GuardResult)[]): Outcome {
  const out: Outcome = { blocked: false, shadow: false, would_block: false, risk_score: 0, findings: [], guard_ms: 0 };
  for (const part of parts) {
    if ('decision' in part) {
      const d = part.decision;
      out.blocked ||= d.blocked;
      out.shadow ||= d.shadow === true;
      out.would_block ||= d.would_block === true || d.blocked;
      out.risk_score = Math.max(out.risk_score, d.risk_score);
      out.findings.push(...d.findings);
      out.guard_ms += d.latency_ms;
    } else {
      out.blocked ||= part.blocked;
      out.shadow ||= part.shadow;
      out.would_block ||= part.would_block;
      out.risk_score = Math.max(out.risk_score, part.risk_score);
      out.findings.push(...part.findings);
      out.guard_ms += part.guard_ms;
    }
  }
  out.guard_ms = Math.round(out.guard_ms * 100) / 100;
  return out;
}

const REWRITES = new Set(['mask', 'redact', 'hash', 'delink']);

/**
 * The one word a decision comes down to (`x-warden-decision`, the audit's `action`): shadow,
 * block, mask (any rewrite), annotate (findings reported, text kept), allow.
 */
export function outcomeAction(outcome: Outcome): AuditAction {
  if (outcome.shadow) return 'shadow';
  if (outcome.blocked) return 'block';
  if (outcome.findings.some((f) => REWRITES.has(f.action))) return 'mask';
  if (outcome.findings.some((f) => f.action === 'annotate')) return 'annotate';
  return 'allow';
}

/** Response headers that describe the decision (non-streaming answers; a stream sends the policy and request id only). */
export function decisionHeaders(ctx: ProxyContext, outcome?: Outcome): Record<string, string> {
  const headers: Record<string, string> = { 'x-warden-policy': ctx.policyId, 'x-warden-request-id': ctx.requestId };
  if (outcome) {
    headers['x-warden-decision'] = outcomeAction(outcome);
    headers['x-warden-risk'] = String(outcome.risk_score);
  }
  return headers;
}

/**
 * Records the decision (no text: masked previews and salted hashes only) and counts it in the
 * metrics. Never throws: a failing audit store is counted and logged, the answer still goes out.
 */
export function recordOutcome(request: FastifyRequest, deps: ProxyDeps, ctx: ProxyContext, outcome: Outcome, model: string | null): void {
  if (deps.metrics) {
    deps.metrics.observeResult(
      {
        decision: {
          response: '',
          blocked: outcome.blocked,
          findings: outcome.findings,
          risk_score: outcome.risk_score,
          policy_id: ctx.policyId,
          latency_ms: outcome.guard_ms,
          version: '',
          ...(outcome.shadow ? { shadow: true, would_block: outcome.would_block } : {}),
        },
        stats: { scan_ms: outcome.guard_ms, preclassifier_ms: 0, detector_ms: {} },
      },
      ctx.route,
    );
  }
  if (!deps.audit && !deps.recorder) return;
  const entry: AuditEntry = {
    request_id: ctx.requestId,
    time: new Date().toISOString(),
    tenant: ctx.tenant,
    policy_id: ctx.policyId,
    route: ctx.route,
    model: typeof model === 'string' ? model.slice(0, 200) : null,
    action: outcomeAction(outcome),
    blocked: outcome.blocked,
    risk_score: outcome.risk_score,
    latency_ms: outcome.guard_ms,
    findings: outcome.findings.map(auditFinding),
  };
  if (deps.recorder) {
    deps.recorder.record(entry);
    return;
  }
  deps.audit!.record(entry).catch(function auditFailed(error: unknown) {
    deps.metrics?.auditFailures.inc();
    request.log.warn({ code: (error as { code?: string }).code ?? 'W_STORE', request_id: ctx.requestId }, 'audit record failed');
  });
}
