import { describe, expect, it } from 'vitest';
import { applyEdits, type WorkSpan } from './edits.js';
import { deobfuscate, obfuscateValue, splitPoint } from './obfuscate.js';
import { fnv1a, Rng } from './prng.js';
import { generateRecord } from './record.js';
import { OBFUSCATIONS } from './types.js';
import { canonicalValue } from './values/index.js';

describe('obfuscations', () => {
  const rng = new Rng(5);

  it('each value-level obfuscation changes the value and is undone exactly', () => {
    const email = 'maria.lopez@hartleyfinch-law.com';
    for (const kind of ['base64', 'homoglyph', 'zero-width', 'at-dot'] as const) {
      const hidden = obfuscateValue(kind, email, rng);
      expect(hidden).not.toBe(email);
      expect(deobfuscate(kind, hidden)).toBe(email);
    }
    expect(obfuscateValue('base64', 'AKIAQ3ZJ7WUMBV2XK4PA', rng)).toBe(Buffer.from('AKIAQ3ZJ7WUMBV2XK4PA').toString('base64'));
    const spelled = obfuscateValue('spelled-digits', '+44 7911 123456', rng);
    expect(spelled).toMatch(/^plus four four/);
    expect(deobfuscate('spelled-digits', spelled)).toBe(canonicalValue('PHONE', '+44 7911 123456'));
    expect(deobfuscate('spelled-digits', obfuscateValue('spelled-digits', '512-44-7821', rng))).toBe('512447821');
    expect(deobfuscate('base64', 'not base64!')).toBeUndefined();
    expect(deobfuscate('spelled-digits', 'four five banana')).toBeUndefined();
  });

  it('homoglyphs keep the length and swap at least one letter for a Cyrillic one', () => {
    const value = 'Peter Cooper';
    const hidden = obfuscateValue('homoglyph', value, rng);
    expect(hidden.length).toBe(value.length);
    expect(hidden).toMatch(/[\u0400-\u04ff]/);
  });

  it('split points fall on a separator near the middle, or the middle', () => {
    expect(splitPoint('4539 1488 0343 6467')).toEqual([9, 10]);
    expect(splitPoint('AKIAQ3ZJ7WUMBV2XK4PA')).toEqual([10, 10]);
  });

  it('applyEdits remaps spans before, after and inside edits, and message bounds', () => {
    const body = 'A mail a@b.io and card 4111 then ip 1.2.3.4 end';
    const spans: WorkSpan[] = [
      { type: 'EMAIL', start: 7, end: 13 },
      { type: 'PAN', start: 23, end: 27 },
      { type: 'IP', start: 36, end: 43 },
    ];
    expect(body.slice(7, 13)).toBe('a@b.io');
    const b64 = Buffer.from('a@b.io').toString('base64');
    const points = [0, 23, 27, 47];
    const out = applyEdits(body, spans, [
      { start: 7, end: 13, text: b64, replaces: spans[0], spans: [{ type: 'EMAIL', start: 0, end: b64.length, obfuscated: true }] },
      { start: 30, end: 30, text: 'XX ', spans: [{ type: 'PAN', start: 0, end: 2 }] },
    ], points);
    const texts = out.spans.map((s) => out.body.slice(s.start, s.end));
    expect(texts).toEqual([b64, '4111', 'XX', '1.2.3.4']);
    expect(out.body.slice(points[1]!, points[2]!)).toBe('4111');
    expect(points[3]).toBe(out.body.length);
  });

  it('in generated records every kind occurs and each obfuscated span decodes to a planted value', () => {
    const kinds = new Set<string>();
    for (let index = 0; index < 3000; index++) {
      const record = generateRecord({ seed: 11, split: 'test', stream: 2, index });
      const kind = record.labels.obfuscation;
      kinds.add(kind);
      if (kind === 'none') {
        expect(record.meta.obfuscated).toEqual([]);
        continue;
      }
      expect(record.meta.obfuscated.length).toBeGreaterThan(0);
      const planted = new Set(record.meta.planted.map((p) => p.digest));
      const grouped = record.meta.splitGroups?.[0] ?? [];
      if (kind === 'split') {
        expect(grouped.length).toBe(2);
        const [a, b] = grouped.map((i) => record.spans[i]!);
        const inMessage = (s: { start: number; end: number }) => record.thread!.messages.findIndex((m) => s.start >= m.start && s.end <= m.end);
        expect(inMessage(b!)).toBe(inMessage(a!) + 1);
        const joined = grouped.map((i) => record.body.slice(record.spans[i]!.start, record.spans[i]!.end)).join('');
        expect(planted.has(fnv1a(canonicalValue(a!.type, joined)))).toBe(true);
        continue;
      }
      for (const i of record.meta.obfuscated) {
        const span = record.spans[i]!;
        const text = record.body.slice(span.start, span.end);
        const plain = deobfuscate(kind, text);
        expect(plain, `${record.id} ${kind}`).toBeDefined();
        expect(plain).not.toBe(text);
        expect(planted.has(fnv1a(canonicalValue(span.type, plain!))), `${record.id} ${kind} ${span.type}`).toBe(true);
      }
    }
    expect([...kinds].sort()).toEqual([...OBFUSCATIONS].sort());
  });
});
