import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { parseOperator, redact } from './redact.js';

function finding(start: number, end: number, over: Partial<Finding> = {}): Finding {
  return {
    detector: 'secrets', rule: 'secrets.test', category: 'cloud', start, end, severity: 'high', score: 0.9, message: 'm',
    preview: '**', hash: 'h', segment: { kind: 'prose' }, context: [0, 0], views: [], ...over,
  };
}

describe('redact', () => {
  const text = 'key=AKIAABCDEFGHIJKLMNOP and mail a@b.co';
  const key = finding(4, 24);
  const mail = finding(34, 40, { detector: 'pii', rule: 'pii.email', category: 'email', severity: 'medium' });

  it('applies each operator to the ORIGINAL text, right to left', () => {
    expect(redact(text, [key, mail], () => ({ type: 'redact' })).text).toBe('key=[REDACTED:cloud] and mail [REDACTED:email]');
    expect(redact(text, [key], () => ({ type: 'replace', with: '<KEY>' })).text).toBe('key=<KEY> and mail a@b.co');
    expect(redact(text, [key], () => ({ type: 'keep' })).text).toBe(text);
    const masked = redact(text, [key], () => parseOperator({ type: 'mask', keep: 2 })).text;
    expect(masked).toBe('key=AK****************OP and mail a@b.co');
    const hashed = redact(text, [key], () => ({ type: 'hash', salt: 's' })).text;
    expect(hashed).toMatch(/^key=\[HASH:[0-9a-f]{16}\] and mail a@b\.co$/);
    expect(hashed).not.toContain('AKIA');
  });

  it('resolves overlaps first: spans join and the stronger operator wins', () => {
    const inner = finding(10, 14, { rule: 'other', severity: 'low', score: 0.2 });
    const { text: out, applied } = redact(text, [inner, key], (f) => (f.rule === 'other' ? { type: 'replace', with: 'X' } : { type: 'redact', label: 'KEY' }));
    expect(out).toBe('key=[REDACTED:KEY] and mail a@b.co');
    expect(applied).toEqual([{ start: 4, end: 24, operator: 'redact', rule: 'secrets.test' }]);
    const keepLoses = redact(text, [key, finding(20, 30, { rule: 'x', severity: 'low' })], (f) => (f.rule === 'x' ? { type: 'redact' } : { type: 'keep' }));
    expect(keepLoses.text).toBe('key=[REDACTED:cloud]ail a@b.co'); // the joined span [4, 30) is redacted whole
  });

  it('masking never keeps more than a quarter of a short value', () => {
    expect(redact('pin 1234', [finding(4, 8)], () => parseOperator({ type: 'mask', keep: 8 })).text).toBe('pin 1**4');
  });

  it('validates operator options', () => {
    expect(() => parseOperator({ type: 'mask', keep: -1 })).toThrow();
    expect(() => parseOperator({ type: 'explode' })).toThrow();
    expect(() => parseOperator({ type: 'replace' })).toThrow();
  });
});
