import { WardenError } from '../../../core/errors.js';
import type { AuditEntry, AuditFinding } from './types.js';

/** Per-field limits: an audit row has a bounded size whatever a caller or client sends. */
export const LIMITS = {
  id: 128,
  name: 128,
  model: 256,
  short: 32,
  preview: 64,
  hash: 128,
  findingsPerEntry: 1000,
} as const;

/** An entry reduced to what is stored: exactly the audit fields, bounded, times as epoch ms. */
export interface AuditRow {
  request_id: string;
  time_ms: number;
  tenant: string | null;
  policy_id: string;
  route: string;
  model: string | null;
  action: string;
  blocked: boolean;
  risk_score: number;
  latency_ms: number;
  finding_count: number;
  findings: AuditFinding[];
}

/**
 * Copies the audit fields out of an entry and bounds them. Fields are picked one by one, never
 * spread, so anything else a caller hands over (raw text, an intent, an allowlist match) never
 * reaches the database.
 */
export function toAuditRow(entry: AuditEntry): AuditRow {
  const time = Date.parse(entry.time);
  if (!Number.isFinite(time)) throw new WardenError('W_STORE', `audit entry ${cut(String(entry.request_id), LIMITS.id)} has an invalid time "${cut(String(entry.time), 40)}"`);
  const findings = Array.isArray(entry.findings) ? entry.findings : [];
  return {
    request_id: cut(entry.request_id, LIMITS.id),
    time_ms: time,
    tenant: entry.tenant == null ? null : cut(entry.tenant, LIMITS.name),
    policy_id: cut(entry.policy_id, LIMITS.name),
    route: cut(entry.route, LIMITS.name),
    model: entry.model == null ? null : cut(entry.model, LIMITS.model),
    action: cut(entry.action, LIMITS.short),
    blocked: entry.blocked === true,
    risk_score: Math.min(100, Math.max(0, finite(entry.risk_score))),
    latency_ms: Math.max(0, finite(entry.latency_ms)),
    finding_count: findings.length,
    findings: findings.slice(0, LIMITS.findingsPerEntry).map(toAuditFinding),
  };
}

function toAuditFinding(f: AuditFinding): AuditFinding {
  const span = Array.isArray(f.span) ? f.span : [0, 0];
  return {
    rule_id: cut(f.rule_id, LIMITS.name),
    detector: cut(f.detector, LIMITS.short) as AuditFinding['detector'],
    category: cut(f.category, LIMITS.name),
    action: cut(f.action, LIMITS.short) as AuditFinding['action'],
    severity: cut(f.severity, LIMITS.short) as AuditFinding['severity'],
    score: finite(f.score),
    span: [Math.max(0, Math.trunc(finite(span[0]))), Math.max(0, Math.trunc(finite(span[1])))],
    preview: cut(f.preview, LIMITS.preview),
    hash: cut(f.hash, LIMITS.hash),
    explain_only: f.explain_only === true,
  };
}

function cut(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : value == null ? '' : String(value);
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
