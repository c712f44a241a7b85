import { describe, expect, it } from 'vitest';
import { boundRaw, parseVerdict, RAW_ANSWER_LIMIT } from './verdict.js';

describe('parseVerdict', () => {
  it.each([
    ['1', 1],
    ['0', 0],
    [' 1\n', 1],
    ['1.', 1],
    ['**0**', 0],
    ['"1"', 1],
    ['`0`', 0],
    ['Answer: 1', 1],
    ['Answer (0 or 1): 0', 0],
    ['<answer>1</answer>', 1],
    ['The answer is 0.', 0],
    ['Yes', 1],
    ['yes.', 1],
    ['No', 0],
    ['NO, it does not.', 0],
    ['true', 1],
    ['False', 0],
    ['Sure. Yes, it does.', 1],
    ['1 (hazardous)', 1],
    ['<think>It could be 1, but on reflection no.</think>\n0', 0],
    ['<think>a</think><think>maybe 0</think> 1', 1],
    ['1\n\nExplanation: step 0 ...', 1],
    ['０', null],
    ['0.7', null],
    ['0,75', null],
    ['10', null],
    ['01', null],
    ['2', null],
    ['v1', null],
    ['1st', null],
    ['label_1', null],
    ['none', null],
    ['nothing', null],
    ['know', null],
    ['noyes', null],
    ['', null],
    ['   ', null],
    ['I cannot determine that.', null],
    ['<think>still thinking about whether it is 1', null],
    ['Non, réponse 1', 1],
    ['Ünïcode1', null],
  ])('%j → %s', (answer, expected) => {
    expect(parseVerdict(answer)).toBe(expected);
  });

  it('stays linear on long adversarial answers', () => {
    const long = 'a1'.repeat(200_000) + ' 1';
    const started = performance.now();
    expect(parseVerdict(long)).toBe(1);
    expect(parseVerdict('9.'.repeat(200_000))).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('boundRaw', () => {
  it('keeps short answers and cuts long ones with the full length noted', () => {
    expect(boundRaw('1')).toBe('1');
    const long = 'x'.repeat(1000);
    expect(boundRaw(long)).toBe(`${'x'.repeat(RAW_ANSWER_LIMIT)}…[1000 chars]`);
  });

  it('never splits a surrogate pair', () => {
    const answer = 'x'.repeat(RAW_ANSWER_LIMIT - 1) + '😀'.repeat(10);
    const bounded = boundRaw(answer);
    expect(bounded.startsWith('x'.repeat(RAW_ANSWER_LIMIT - 1) + '…')).toBe(true);
    expect(bounded.isWellFormed()).toBe(true);
  });
});
