import { describe, expect, it } from 'vitest';
import { FAMILIES, holdoutFamilies } from './families.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, MAX_LEN, MIN_LEN, generateRows, rowsJsonl } from './generate.js';
import { opt, withTail } from './phrases.js';
import { Rng } from './rng.js';
import { IMPERATIVE, WARNING, skew, tokens } from './skew.js';
import type { Label } from './types.js';

const rows = generateRows();
const LABELS: readonly Label[] = ['educational', 'command', 'text'];

describe('documented examples', () => {
  it('hold', () => {
    expect(new Rng(42).int(1, 6)).toBe(new Rng(42).int(1, 6));
    expect(opt(['a', 'b'], 0.5)).toEqual(['a', 'b', '', '']);
    expect(withTail([[['Hi.']]], ['Bye.'], 0.5)).toEqual([[['Hi.'], ['Bye.', '']]]);
    expect(holdoutFamilies(7)).toEqual(holdoutFamilies(7));
  });
});

describe('preclassifier rows', () => {
  it('are deterministic', () => {
    expect(JSON.stringify(generateRows())).toBe(JSON.stringify(rows));
  });

  it('are what the committed data file holds (regenerate with npx tsx training/preclassifier/generate.ts)', () => {
    expect(readFileSync(join(DATA_DIR, 'rows.jsonl'), 'utf8') === rowsJsonl(rows)).toBe(true);
  });

  it('are many, balanced and within the length limits', () => {
    expect(rows.length).toBeGreaterThanOrEqual(4000);
    for (const l of LABELS) {
      const share = rows.filter((r) => r.label === l).length / rows.length;
      expect(share).toBeGreaterThan(0.25);
      expect(share).toBeLessThan(0.45);
    }
    for (const r of rows) {
      expect(r.text.length).toBeGreaterThanOrEqual(MIN_LEN);
      expect(r.text.length).toBeLessThanOrEqual(MAX_LEN);
    }
  });

  it('have unique ids and texts, and no unfilled slots', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.id.startsWith(`${r.family}-`)).toBe(true);
      expect(r.text).not.toMatch(/«\w+»|\{(?!default\})[A-Za-z][A-Za-z0-9]*\}/);
    }
  });

  it('cover every family and, per label, at least 12 template families', () => {
    const seen = new Set(rows.map((r) => r.family));
    for (const f of FAMILIES) expect(seen.has(f.id)).toBe(true);
    for (const l of LABELS) expect(FAMILIES.filter((f) => f.kind === 'template' && f.label === l).length).toBeGreaterThanOrEqual(12);
    for (const r of rows) expect(FAMILIES.find((f) => f.id === r.family)?.label).toBe(r.label);
  });

  it('have every label in every language, 100+ rows per language', () => {
    for (const lang of ['de', 'tr', 'es', 'fr', 'zh'] as const) {
      const rs = rows.filter((r) => r.language === lang);
      expect(rs.length).toBeGreaterThanOrEqual(100);
      for (const l of LABELS) expect(rs.some((r) => r.label === l)).toBe(true);
    }
  });

  it('spread warning words, imperatives, code blocks and prose over the labels', () => {
    const share = (l: Label, f: (t: string) => boolean) => rows.filter((r) => r.label === l && f(r.text)).length / rows.filter((r) => r.label === l).length;
    expect(share('command', (t) => WARNING.test(t))).toBeGreaterThan(0.2);
    expect(share('educational', (t) => !WARNING.test(t))).toBeGreaterThan(0.5);
    expect(share('educational', (t) => IMPERATIVE.test(t))).toBeGreaterThan(0.2);
    for (const l of LABELS) {
      expect(share(l, (t) => t.includes('```'))).toBeGreaterThan(0.3);
      expect(rows.some((r) => r.label === l && r.segment_type === 'text')).toBe(true);
    }
  });

  it('let no warning word or imperative verb tell the label by itself', () => {
    const framing = ['warning', 'never', 'dangerous', 'malicious', 'attackers', 'caution', 'careful', 'exploit', 'run', 'execute', 'paste', 'urgent', 'immediately', 'fix', 'detect', 'attacker'];
    const byToken = new Map(skew(rows, 20).map((s) => [s.token, s]));
    for (const w of framing) expect(byToken.get(w)?.share ?? 0).toBeLessThan(0.9);
  });
});

describe('holdoutFamilies', () => {
  it('holds out about a fifth of the template families of each label', () => {
    const picked = holdoutFamilies(3);
    for (const l of LABELS) {
      const all = FAMILIES.filter((f) => f.kind === 'template' && f.label === l);
      const n = picked.filter((id) => all.some((f) => f.id === id)).length;
      expect(n).toBe(Math.max(1, Math.round(all.length * 0.2)));
    }
    expect(picked.some((id) => id.startsWith('edge-'))).toBe(false);
  });
});

describe('tokens', () => {
  it('lower-cases words and splits CJK runs into bigrams', () => {
    expect([...tokens('Run `ls` 运行命令')]).toEqual(['run', 'ls', '运行', '行命', '命令']);
  });
});
