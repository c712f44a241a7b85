import { describe, expect, it } from 'vitest';
import { applyContext, contextRules, contextWord, hasPositiveContext } from './context.js';
import { report, REPORT_MIN, Score } from './score.js';
import type { PiiRule } from './types.js';

const [phone, ids] = contextRules([
  { words: ['tel', 'call', 'phone number', 'e-mail', '电话', '§'], delta: 0.3 },
  { words: ['order'], delta: -0.4, before: 10, after: 0 },
]) as [ReturnType<typeof contextRules>[0], ReturnType<typeof contextRules>[0]];

describe('context words', () => {
  it('match whole Latin words and phrases, case-insensitively', () => {
    expect(contextWord('Call me at 555', 11, 14, phone)).toBe('call');
    expect(contextWord('hotel 555', 6, 9, phone)).toBeUndefined();
    expect(contextWord('Phone Number: 555', 14, 17, phone)).toBe('phone number');
    expect(contextWord('phone 555', 6, 9, phone)).toBeUndefined();
    expect(contextWord('E-Mail 555', 7, 10, phone)).toBe('e-mail');
  });

  it('match unspaced scripts and symbols anywhere', () => {
    expect(contextWord('我的电话是555', 6, 9, phone)).toBe('电话');
    expect(contextWord('siehe §555', 7, 10, phone)).toBe('§');
  });

  it('look only inside the window and never at the match itself', () => {
    const far = `${'x'.repeat(60)} call ${'y'.repeat(60)} 555`;
    expect(contextWord(far, far.length - 3, far.length, phone)).toBeUndefined();
    expect(contextWord('order in the past 555', 18, 21, ids)).toBeUndefined();
    expect(contextWord('xx call-555 xx', 8, 11, phone)).toBe('call');
    expect(contextWord('tel', 0, 3, phone)).toBeUndefined();
  });

  it('move the score in recorded steps', () => {
    const score = new Score(0.3, 'shape');
    score.validated(0.45, 'valid');
    applyContext(score, 'order tel 555', 10, 13, [phone, ids]);
    expect(score.steps.map((s) => [s.step, s.score])).toEqual([
      ['pattern', 0.3],
      ['validator', 0.45],
      ['context', 0.75],
      ['context', 0.35],
    ]);
    expect(hasPositiveContext('order tel 555', 10, 13, [phone, ids])).toBe(true);
  });

  it('report drops scores under REPORT_MIN and anything invalidated to zero', () => {
    const rule: PiiRule = { id: 'pii.x', description: 'x', category: 'phone', severity: 'low', score: 0.3, examples: { tp: [], fp: [] } };
    expect(report(rule, 0, 1, new Score(REPORT_MIN - 0.01, 'low'))).toBeUndefined();
    const dead = new Score(0.9, 'shape').invalidated(1, 'fake').context(0.5, 'cue');
    expect(dead.value).toBe(0.5);
    expect(report(rule, 0, 1, dead)).toBeUndefined();
    expect(report(rule, 0, 1, new Score(0.5, 'ok'), 'detail')?.message).toBe('x (detail)');
  });
});
