/**
 * `npm run eval`: precision and recall of every detector family and rule on the project's
 * labelled evaluation sets (eval/data/<family>.jsonl, made by eval/gen/<family>.ts).
 * Writes eval/results.json and prints the tables the README shows.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectDetectors } from '../src/detect/detectors.js';
import type { Finding } from '../src/detect/finding.js';
import { scan } from '../src/detect/scanner.js';

interface Example {
  id: string;
  text: string;
  expect: string[];
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const dataDir = join(import.meta.dirname, 'data');
const detectors = selectDetectors();
const round = (x: number) => Math.round(x * 1000) / 1000;
const metrics = (c: Counts) => {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  return { ...c, precision: round(precision), recall: round(recall), f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0) };
};

function matches(finding: Finding, expected: string): boolean {
  return expected.startsWith('category:') ? finding.category === expected.slice(9) : finding.rule === expected;
}


const families: Record<string, ReturnType<typeof metrics> & { examples: number }> = {};
const rules: Record<string, Counts> = {};
const misses: { family: string; id: string; kind: 'fp' | 'fn'; detail: string }[] = [];
let chars = 0;
let ms = 0;
for (const file of (await readdir(dataDir)).filter((f) => f.endsWith('.jsonl')).sort()) {
  const family = file.replace(/\.jsonl$/, '');
  const examples = (await readFile(join(dataDir, file), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Example);
  const counts: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const example of examples) {
    const result = scan(example.text, { detectors });
    chars += example.text.length;
    ms += result.stats.ms;
    // A weaker finding merged into a stronger one on the same span still counts (listed in `related`).
    const mine = result.findings.flatMap((f) => [
      ...(f.detector === family ? [f] : []),
      ...(f.related ?? []).filter((r) => r.detector === family).map((r) => ({ ...f, detector: r.detector, rule: r.rule, score: r.score, merged: true })),
    ]);
    const positive = example.expect.length > 0;
    const found = mine.length > 0;
    if (positive && found) counts.tp++;
    else if (positive) {
      counts.fn++;
      misses.push({ family, id: example.id, kind: 'fn', detail: `expected ${example.expect.join(', ')}` });
    } else if (found) {
      counts.fp++;
      misses.push({ family, id: example.id, kind: 'fp', detail: mine.map((f) => f.rule).join(', ') });
    } else counts.tn++;
    for (const expected of example.expect) {
      const r = (rules[expected] ??= { tp: 0, fp: 0, fn: 0, tn: 0 });
      if (mine.some((f) => matches(f, expected))) r.tp++;
      else r.fn++;
    }
    // A rule's false positive: a top-level finding no expectation accounts for (merged secondary
    // signals on the same span, e.g. a risky TLD under a homograph, are not counted against it).
    for (const rule of new Set(mine.filter((f) => !('merged' in f)).map((f) => f.rule))) {
      const finding = mine.find((f) => f.rule === rule)!;
      if (!example.expect.some((e) => matches(finding, e))) (rules[rule] ??= { tp: 0, fp: 0, fn: 0, tn: 0 }).fp++;
    }
  }
  families[family] = { examples: examples.length, ...metrics(counts) };
}

console.log('family      examples  precision  recall     F1   (tp/fp/fn/tn)');
for (const [family, m] of Object.entries(families)) {
  console.log(`${family.padEnd(12)}${String(m.examples).padStart(8)}  ${m.precision.toFixed(3).padStart(9)}  ${m.recall.toFixed(3).padStart(6)}  ${m.f1.toFixed(3).padStart(5)}   (${m.tp}/${m.fp}/${m.fn}/${m.tn})`);
}
const ruleMetrics = Object.fromEntries(Object.entries(rules).sort(([a], [b]) => a.localeCompare(b)).map(([rule, c]) => [rule, metrics(c)]));
console.log(`\n${Object.keys(ruleMetrics).length} rules/categories evaluated; scanned ${(chars / 1e6).toFixed(2)} M chars in ${Math.round(ms)} ms`);
const weak = Object.entries(ruleMetrics).filter(([, m]) => m.recall < 0.9 || m.precision < 0.9);
if (weak.length) {
  console.log('\nrules below 0.9 precision or recall:');
  for (const [rule, m] of weak) console.log(`  ${rule.padEnd(48)} P ${m.precision.toFixed(2)}  R ${m.recall.toFixed(2)}  (tp ${m.tp}, fp ${m.fp}, fn ${m.fn})`);
}
await writeFile(join(import.meta.dirname, 'results.json'), JSON.stringify({ date: new Date().toISOString(), families, rules: ruleMetrics, misses }, null, 2) + '\n');
console.log('\n→ eval/results.json');
