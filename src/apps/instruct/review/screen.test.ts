import { describe, expect, it } from 'vitest';
import { initialState } from './keys.js';
import { render, sanitize, wrap, type ScreenModel } from './screen.js';
import { pair } from './test-fixtures/pairs.js';
import type { ReviewItem } from './types.js';

function model(response: string, extra: Partial<ScreenModel> = {}): ScreenModel {
  const p = pair(2, {}, response);
  const item: ReviewItem = { id: p.id, seq: 3, pair: p, hash: 'h', source: 'nvd', domains: ['web-security'], score: 0.2, changed: false, status: 'approved', edits: null, ratings: { accuracy: 4 }, notes: 'a note', reviewer: 'alice', decidedHash: 'h', decidedAt: 1 };
  return { item, position: 3, viewSize: 10, counts: { total: 10, pending: 6, approved: 2, rejected: 1, skipped: 1, changed: 0 }, reviewer: 'alice', state: initialState(), ...extra };
}

describe('review screen', () => {
  it('fits 80x24 exactly and shows position, id, source, domains with scores, status, ratings and progress', () => {
    const { lines } = render(model('Short response.'), 80, 24);
    expect(lines).toHaveLength(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    expect(lines[0]).toMatch(/^warden review {2}\[3\/10\] {2}reviewer: alice {2}id: nvd:CVE-2024-0002#vul/);
    expect(text).toContain('status: APPROVED by alice  source: nvd  kind: vulnerability  score: 0.20');
    expect(text).toContain('domains: web-security 0.90');
    expect(text).toContain('ratings: relevance - accuracy 4 completeness -  note: a note');
    expect(text).toContain('INSTRUCTION\nExplain CVE-2024-0002.\n\nRESPONSE\nShort response.');
    const bar = /^\[(#*)(\.*)\] 3\/10 decided {2}approved 2 rejected 1 skipped 1 pending 6$/.exec(lines[21]!)!;
    expect(Math.round((bar[1]!.length / (bar[1]!.length + bar[2]!.length)) * 10)).toBe(3);
    expect(lines[23]).toMatch(/^a approve r reject/);
  });

  it('wraps and scrolls a long response, clamping the scroll, and re-lays out on resize', () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ') + '\n' + Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const top = render(model(long), 80, 24);
    expect(top.lines[top.lines.length - 5]).toMatch(/^-- more \(\d+ lines\): Space scrolls --$/);
    const bottom = render(model(long, { state: { ...initialState(), scroll: 9999 } }), 80, 24);
    expect(bottom.scroll).toBeLessThan(9999);
    expect(bottom.lines.join('\n')).toContain('line 39\n-- end (b scrolls up) --');
    const wide = render(model(long), 120, 40);
    expect(wide.lines).toHaveLength(40);
    expect(wide.lines.some((l) => l.length > 80 && l.length <= 120)).toBe(true);
    expect(render(model(long), 30, 10).lines[0]).toMatch(/^terminal too small \(30x10\)/);
  });

  it('neutralises control characters in pair text and shows the prompt and help', () => {
    expect(sanitize('a\u001b[2Jb\u0007c\td')).toBe('a\u00b7[2Jb\u00b7c    d');
    expect(wrap('aaaaaaaaaaaa bb', 5)).toEqual(['aaaaa', 'aaaaa', 'aa bb']);
    const evil = render(model('x\u001b]0;pwned\u0007\u001b[2J'), 80, 24).lines.join('');
    expect([evil.includes('\u001b'), evil.includes('\u0007')]).toEqual([false, false]);
    const prompt = render(model('r', { state: { ...initialState(), mode: 'prompt', prompt: { kind: 'note', text: 'abc' } } }), 80, 24);
    expect(prompt.lines[22]).toBe('note: abc_');
    const help = render(model('r', { state: { ...initialState(), mode: 'help' } }), 80, 24).lines.join('\n');
    expect(help).toContain('R  rate: then r relevance / a accuracy / c completeness, then 1-5');
    expect(render(model('r', { item: undefined, position: 0, viewSize: 0 }), 80, 24).lines[1]).toContain('no items in this view');
  });
});
