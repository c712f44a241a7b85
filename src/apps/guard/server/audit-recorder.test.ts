import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/index.js';
import { openAuditStore } from '../audit/index.js';
import type { GuardDecision, GuardFinding } from '../types.js';
import { AuditRecorder, auditAction, auditEntryFor, isoNow } from './audit-recorder.js';

const finding = (action: GuardFinding['action']): GuardFinding => ({
  rule_id: 'secrets.x',
  detector: 'secrets',
  category: 'generic',
  action,
  severity: 'high',
  score: 0.9,
  span: [0, 4],
  preview: 'a**b',
  hash: 'h',
  segment: 'prose',
  explain_only: false,
  intent: { label: 'command', educational: 0.1, threshold: 0.7 },
  allowlisted: 'x',
});
const decision = (over: Partial<GuardDecision> = {}): GuardDecision => ({ response: 'RAW TEXT', blocked: false, findings: [], risk_score: 0, policy_id: 'p', latency_ms: 1, version: '0', ...over });

describe('auditAction / auditEntryFor', () => {
  it('names the outcome: shadow, block, any rewrite as mask, annotate, allow', () => {
    expect(auditAction(decision({ shadow: true, would_block: true }))).toBe('shadow');
    expect(auditAction(decision({ blocked: true }))).toBe('block');
    for (const a of ['mask', 'redact', 'hash', 'delink'] as const) expect(auditAction(decision({ findings: [finding('annotate'), finding(a)] }))).toBe('mask');
    expect(auditAction(decision({ findings: [finding('annotate'), finding('allow')] }))).toBe('annotate');
    expect(auditAction(decision({ findings: [finding('allow')] }))).toBe('allow');
  });

  it('keeps finding metadata only: no response text, intent or allowlist detail', () => {
    const entry = auditEntryFor(decision({ findings: [finding('mask')] }), { requestId: 'r', tenant: null, route: '/v1/guard', model: null, latencyMs: 1.234 });
    expect(entry).toMatchObject({ request_id: 'r', action: 'mask', latency_ms: 1.23, policy_id: 'p' });
    expect(Object.keys(entry.findings[0]!).sort()).toEqual(['action', 'category', 'detector', 'explain_only', 'hash', 'preview', 'rule_id', 'score', 'severity', 'span']);
    expect(JSON.stringify(entry)).not.toContain('RAW TEXT');
  });
});

describe('isoNow', () => {
  it('formats like Date#toISOString, across seconds and for every millisecond', () => {
    for (const base of [0, 1_700_000_000_000, Date.now()]) {
      for (const ms of [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 61_234]) expect(isoNow(base + ms)).toBe(new Date(base + ms).toISOString());
    }
    expect(isoNow()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

/** A writer whose writes finish only when the test says so (the recorder needs only `record`). */
class SlowStore {
  readonly release: (() => void)[] = [];
  fail = false;
  record(_entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => this.release.push(() => (this.fail ? reject(new Error('down')) : resolve())));
  }
}

describe('AuditRecorder', () => {
  it('admits writes until maxPending, then hands out a promise that settles when one finishes', async () => {
    const store = new SlowStore();
    const recorder = new AuditRecorder(store, { maxPending: 2 });
    const entry = auditEntryFor(decision(), { requestId: 'r', tenant: null, route: '/v1/guard', model: null, latencyMs: 1 });
    expect(recorder.admission()).toBeUndefined();
    recorder.record(entry);
    recorder.record(entry);
    const wait = recorder.admission();
    expect(wait).toBeInstanceOf(Promise);
    let admitted = false;
    void wait!.then(() => (admitted = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(admitted).toBe(false);
    store.release.shift()!();
    await wait;
    expect(recorder.inFlight).toBe(1);
    expect(recorder.admission()).toBeUndefined();
    const flushed = recorder.flush();
    store.release.shift()!();
    await flushed;
    expect(recorder.inFlight).toBe(0);
  });

  it('reports failed writes instead of throwing', async () => {
    const store = new SlowStore();
    store.fail = true;
    const errors: unknown[] = [];
    const recorder = new AuditRecorder(store, { onError: (e) => errors.push(e) });
    recorder.record(auditEntryFor(decision(), { requestId: 'r', tenant: null, route: '/v1/guard', model: null, latencyMs: 1 }));
    store.release.shift()!();
    await recorder.flush();
    expect(errors).toHaveLength(1);
  });

  it('writes through to a real SQLite audit store', async () => {
    const audit = await openAuditStore('sqlite::memory:');
    try {
      const recorder = new AuditRecorder(audit);
      recorder.record(auditEntryFor(decision({ blocked: true }), { requestId: 'real-1', tenant: 'acme', route: '/v1/guard', model: null, latencyMs: 2 }));
      await recorder.flush();
      expect(await audit.query({ tenant: 'acme' })).toEqual([expect.objectContaining({ request_id: 'real-1', action: 'block', blocked: true })]);
    } finally {
      await audit.close();
    }
  });
});
