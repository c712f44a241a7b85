import type { GuardDecision, GuardFinding } from '../types.js';

/** The Content-Type of the JSON answers serialized here (what Fastify would set). */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * The JSON of a decision as POST /v1/guard answers it (`withResponse`) or as /v1/scan does
 * (no text), holding exactly the properties of `decisionSchema` / `scanResultSchema` in their
 * order: fields are copied one by one, so nothing outside the schema (internal state, raw
 * values) can reach the wire. Native JSON.stringify escapes the echoed response text several
 * times faster than the schema-compiled serializer on Node 20; the schemas still describe the
 * answer in /openapi.json, and the response-schema tests check the two agree.
 *
 * @example
 * reply.header('content-type', JSON_CONTENT_TYPE).send(decisionJson(result.decision, true));
 */
export function decisionJson(decision: GuardDecision, withResponse: boolean): string {
  return JSON.stringify(decisionWire(decision, withResponse));
}

/**
 * The JSON of a POST /v1/guard/batch answer (`batchResultSchema`).
 *
 * @example
 * reply.header('content-type', JSON_CONTENT_TYPE).send(batchJson(results.map((r) => r.decision)));
 */
export function batchJson(decisions: readonly GuardDecision[]): string {
  return JSON.stringify({ results: decisions.map((d) => decisionWire(d, true)) });
}

function decisionWire(d: GuardDecision, withResponse: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = withResponse ? { response: d.response } : {};
  out['blocked'] = d.blocked;
  out['findings'] = d.findings.map(findingWire);
  out['risk_score'] = d.risk_score;
  out['policy_id'] = d.policy_id;
  out['latency_ms'] = d.latency_ms;
  out['version'] = d.version;
  if (d.shadow !== undefined) out['shadow'] = d.shadow;
  if (d.would_block !== undefined) out['would_block'] = d.would_block;
  if (d.not_scanned !== undefined) out['not_scanned'] = d.not_scanned.map((n) => ({ what: n.what, reason: n.reason }));
  return out;
}

function findingWire(f: GuardFinding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rule_id: f.rule_id,
    detector: f.detector,
    category: f.category,
    action: f.action,
    severity: f.severity,
    score: f.score,
    span: [f.span[0], f.span[1]],
    preview: f.preview,
    hash: f.hash,
    segment: f.segment,
    explain_only: f.explain_only,
  };
  if (f.attack !== undefined) out['attack'] = f.attack;
  if (f.intent !== undefined) out['intent'] = { label: f.intent.label, educational: f.intent.educational, threshold: f.intent.threshold };
  if (f.allowlisted !== undefined) out['allowlisted'] = f.allowlisted;
  return out;
}
