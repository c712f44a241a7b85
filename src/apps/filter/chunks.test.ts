import { describe, expect, it } from 'vitest';
import { CHARS_PER_TOKEN, chunkSpans } from './chunks.js';

function spans(text: string, tokens: number): [number, number][] {
  const out: [number, number][] = [];
  chunkSpans(text, tokens, (s, e) => out.push([s, e]));
  return out;
}

describe('chunkSpans', () => {
  it('follows the documented example', () => {
    expect(spans('a b c d', 1).map(([s, e]) => 'a b c d'.slice(s, e))).toEqual(['a b ', 'c d']);
  });

  it('covers the text exactly, in order, in chunks of about N × 4 chars cut at whitespace', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`);
    const text = words.join(' ');
    const got = spans(text, 100);
    expect(got[0]![0]).toBe(0);
    expect(got.at(-1)![1]).toBe(text.length);
    for (let i = 1; i < got.length; i++) expect(got[i]![0]).toBe(got[i - 1]![1]);
    for (const [s, e] of got.slice(0, -1)) {
      expect(e - s).toBeLessThanOrEqual(100 * CHARS_PER_TOKEN);
      expect(e - s).toBeGreaterThan(100 * CHARS_PER_TOKEN * 0.8);
      expect(text[e - 1]).toBe(' ');
    }
  });

  it('gives one span for a short text, none for an empty one, and never splits a surrogate pair', () => {
    expect(spans('short text', 8192)).toEqual([[0, 10]]);
    expect(spans('', 16)).toEqual([]);
    const emoji = '😀'.repeat(100);
    for (const [s, e] of spans(emoji, 16)) {
      expect(emoji.charCodeAt(s)).toBe(0xd83d);
      expect(e - s).toBeGreaterThan(0);
    }
  });

  it('hard-cuts a text without whitespace', () => {
    const got = spans('x'.repeat(1000), 16);
    expect(got.every(([s, e]) => e - s <= 64)).toBe(true);
    expect(got.length).toBe(Math.ceil(1000 / 64));
  });
});
