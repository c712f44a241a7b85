import { describe, expect, it } from 'vitest';
import { RAW_LINE } from '../../io/jsonl.js';
import { decide, escalatedBy, judgmentsOf, reachesStage, restoreRecord, type Judgments } from './judgment.js';

const b = (escalate: boolean) => ({ terms: [], distinct: escalate ? 2 : 0, escalate, ms: 0 });
const c = (escalate: boolean) => ({ max: escalate ? 0.9 : 0.1, mean: 0.5, min: 0.1, chunks: 1, escalate, ms: 0 });

describe('decide', () => {
  it('follows the documented examples', () => {
    expect(escalatedBy({ blocklist: b(true) }, 'blocklist', 'flag')).toBe(true);
    expect(decide({ blocklist: b(true) }, ['blocklist'], 'flag')).toEqual({ removed: true, stage: 'blocklist' });
  });

  it('removes only what every stage escalated; the last stage that judged decides', () => {
    const filters = ['blocklist', 'classifier'] as const;
    expect(decide({ blocklist: b(false) }, filters, 'flag')).toEqual({ removed: false, stage: 'blocklist' });
    expect(decide({ blocklist: b(true), classifier: c(false) }, filters, 'flag')).toEqual({ removed: false, stage: 'classifier' });
    expect(decide({ blocklist: b(true), classifier: c(true) }, filters, 'flag')).toEqual({ removed: true, stage: 'classifier' });
    // Stage order is the --filters order.
    expect(decide({ classifier: c(true), blocklist: b(false) }, ['classifier', 'blocklist'], 'flag')).toEqual({ removed: false, stage: 'blocklist' });
  });

  it('reads the LLM verdict, its escalate field first, else the error policy', () => {
    const llm = (v: Partial<NonNullable<Judgments['llm']>>): Judgments => ({ blocklist: b(true), llm: { verdict: null, raw: '', cached: false, ms: 1, ...v } });
    const f = ['blocklist', 'llm'] as const;
    expect(decide(llm({ verdict: 1 }), f, 'pass').removed).toBe(true);
    expect(decide(llm({ verdict: 0 }), f, 'flag').removed).toBe(false);
    expect(decide(llm({ error: 'timeout' }), f, 'flag').removed).toBe(true);
    expect(decide(llm({ error: 'timeout' }), f, 'pass').removed).toBe(false);
    expect(decide(llm({ verdict: null, error: 'x', escalate: false }), f, 'flag').removed).toBe(false);
  });

  it('lets a later stage judge only what the previous one escalated', () => {
    expect(reachesStage({}, null, 'flag')).toBe(true);
    expect(reachesStage({ judgments: { blocklist: b(false) } }, 'blocklist', 'flag')).toBe(false);
    expect(reachesStage({ judgments: { blocklist: b(true) } }, 'blocklist', 'flag')).toBe(true);
  });
});

describe('judgments on records', () => {
  it('are removed again, leaving the input line reusable', () => {
    const record: Record<string | symbol, unknown> = { id: 'a', text: 'x' };
    record[RAW_LINE] = '{"id":"a","text":"x"}';
    judgmentsOf(record).blocklist = b(true);
    expect(Object.keys(record)).toEqual(['id', 'text', 'judgments']);
    restoreRecord(record);
    expect(Object.keys(record)).toEqual(['id', 'text']);
    expect(record[RAW_LINE]).toBe('{"id":"a","text":"x"}');
  });

  it('keep a record\'s own "judgments" field aside and restore it', () => {
    const own = { reviewer: 'ann', ok: true };
    const record: Record<string, unknown> = { id: 'a', judgments: own };
    const j = judgmentsOf(record);
    j.classifier = c(true);
    expect(judgmentsOf(record)).toBe(j);
    restoreRecord(record);
    expect(record.judgments).toBe(own);
  });

  it('continue a judgments object another cascade stage started (the LLM judge spreads records)', () => {
    const record: Record<string, unknown> = { id: 'a', judgments: { blocklist: b(true), llm: { verdict: 1, raw: '1', cached: false, ms: 3 } } };
    const j = judgmentsOf(record);
    expect(j.llm?.verdict).toBe(1);
    restoreRecord(record);
    expect('judgments' in record).toBe(false);
  });
});
