import { describe, expect, it } from 'vitest';
import { openAuditStore } from './index.js';
import { retentionCutoff, startRetention } from './retention.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-30T00:00:00Z');

describe('retention', () => {
  it('computes the cutoff', () => {
    expect(retentionCutoff(30, NOW).toISOString()).toBe('2026-10-31T00:00:00.000Z');
  });

  it('prunes right away, then on every interval, and stops cleanly', async () => {
    const audit = await openAuditStore('sqlite::memory:');
    const base = { request_id: 'r', tenant: null, policy_id: 'default', route: '/v1/guard', model: null, action: 'allow' as const, blocked: false, risk_score: 0, latency_ms: 1, findings: [] };
    for (const age of [45, 31, 29, 1]) await audit.record({ ...base, request_id: `age-${age}`, time: new Date(NOW - age * DAY).toISOString() });
    let clock = NOW;
    const pruned: number[] = [];
    let done!: () => void;
    let waiting = new Promise<void>((resolve) => (done = resolve));
    const stop = startRetention(audit, {
      retentionDays: 30,
      intervalMs: 20,
      now: () => clock,
      onPrune: (n) => {
        pruned.push(n);
        done();
      },
    });
    await waiting;
    expect(pruned[0]).toBe(2);
    waiting = new Promise<void>((resolve) => (done = resolve));
    clock = NOW + 2 * DAY;
    await waiting;
    await stop();
    expect(pruned).toContain(1);
    expect((await audit.query()).map((e) => e.request_id)).toEqual(['age-1']);
    await audit.close();
  });
});
