import fastJsonStringify from 'fast-json-stringify';
import { describe, expect, it } from 'vitest';
import type { GuardDecision, GuardFinding } from '../types.js';
import { batchResultSchema, decisionSchema, scanResultSchema } from './schemas.js';
import { batchJson, decisionJson } from './serialize.js';

const finding = (over: Partial<GuardFinding> = {}): GuardFinding => ({
  rule_id: 'secrets.x',
  detector: 'secrets',
  category: 'generic',
  action: 'mask',
  severity: 'high',
  score: 0.9,
  span: [0, 4],
  preview: 'a**b',
  hash: '0123456789abcdef',
  segment: 'code',
  explain_only: false,
  ...over,
});

const DECISIONS: GuardDecision[] = [
  { response: 'plain', blocked: false, findings: [], risk_score: 0, policy_id: 'default', latency_ms: 0.42, version: '1.0.0' },
  {
    response: 'line "one"\nline \\two\\ \u2028 é \ud83d\ude00 \u0001',
    blocked: true,
    findings: [finding(), finding({ action: 'annotate', explain_only: true, attack: 'T1059', intent: { label: 'educational', educational: 0.91, threshold: 0.7 }, allowlisted: 'entry-1' })],
    risk_score: 88.5,
    policy_id: 'strict',
    latency_ms: 3.1,
    version: '1.0.0',
    shadow: true,
    would_block: true,
    not_scanned: [{ what: 'chars 10..20', reason: 'time budget' }],
  },
];

/** Fields an engine object may carry that are not part of the wire format. */
const withExtras = (d: GuardDecision) => ({ ...d, internal: 'RAW', findings: d.findings.map((f) => ({ ...f, context: [0, 9], value: 'RAW' })) }) as GuardDecision;

describe('decision serialization', () => {
  it('equals the schema-compiled serializer’s output for guard, scan and batch answers (same keys, same order)', () => {
    const guard = fastJsonStringify(decisionSchema as never);
    const scan = fastJsonStringify(scanResultSchema as never);
    const batch = fastJsonStringify(batchResultSchema as never);
    for (const d of DECISIONS) {
      expect(decisionJson(d, true)).toBe(guard(d));
      expect(decisionJson(d, false)).toBe(scan(d));
      expect(JSON.parse(decisionJson(d, true))).toEqual(JSON.parse(guard(d)));
    }
    expect(batchJson(DECISIONS)).toBe(batch({ results: DECISIONS }));
  });

  it('drops anything outside the schema, as the schema serializer does', () => {
    const json = decisionJson(withExtras(DECISIONS[1]!), true);
    expect(json).not.toContain('RAW');
    expect(json).not.toContain('context');
    expect(batchJson([withExtras(DECISIONS[0]!)])).not.toContain('RAW');
  });
});
