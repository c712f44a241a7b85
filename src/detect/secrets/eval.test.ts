import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../../../eval/gen/secrets.js';
import { scan } from '../scanner.js';
import { SECRET_RULE_IDS, secretsDetector } from './index.js';

const examples = generate();
const DETECTORS = [secretsDetector];

describe('secrets evaluation set', () => {
  it('is deterministic, large enough, balanced and uses known rule ids', () => {
    expect(generate()).toEqual(examples);
    expect(examples.length).toBeGreaterThanOrEqual(300);
    const positives = examples.filter((e) => e.expect.length > 0).length;
    expect(positives / examples.length).toBeGreaterThan(0.4);
    expect(positives / examples.length).toBeLessThan(0.65);
    expect(new Set(examples.map((e) => e.id)).size).toBe(examples.length);
    for (const e of examples) for (const id of e.expect) expect(SECRET_RULE_IDS).toContain(id);
    // Every pattern rule and generic rule has at least one positive.
    const covered = new Set(examples.flatMap((e) => e.expect));
    for (const id of SECRET_RULE_IDS) expect(covered, id).toContain(id);
  });

  it('matches eval/data/secrets.jsonl (regenerate with `npx tsx eval/gen/secrets.ts`)', () => {
    const file = fileURLToPath(new URL('../../../eval/data/secrets.jsonl', import.meta.url));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toEqual(examples.map((e) => JSON.stringify(e)));
  });

  it('finds every expected rule and nothing in the hard negatives', () => {
    const misses: string[] = [];
    for (const e of examples) {
      const found = scan(e.text, { detectors: DETECTORS }).findings.filter((f) => f.detector === 'secrets');
      if (e.expect.length === 0 && found.length > 0) misses.push(`FP ${e.id}: ${found.map((f) => f.rule).join(', ')}`);
      for (const id of e.expect) if (!found.some((f) => f.rule === id || f.related?.some((r) => r.rule === id))) misses.push(`FN ${e.id}: ${id}`);
    }
    expect(misses).toEqual([]);
  });
});
