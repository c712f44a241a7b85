// Scores Warden's detectors on the blind set written by generate.ts.
// Run: npx tsx eval/blind/run.ts   (after npx tsx eval/blind/generate.ts)
//
// An example counts as flagged for its family when any finding has `detector === family` or lists
// that family in `related`. Writes eval/blind/results.json (metrics + every miss).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectDetectors } from '../../src/detect/detectors.js';
import { scan } from '../../src/detect/scanner.js';

type Family = 'secrets' | 'pii' | 'commands' | 'urls' | 'exfil';
const FAMILIES: readonly Family[] = ['secrets', 'pii', 'commands', 'urls', 'exfil'];

interface Example {
  id: string;
  family: Family;
  text: string;
  expect: boolean;
}
interface Miss {
  id: string;
  family: Family;
  expect: boolean;
  kind: 'false-negative' | 'false-positive';
  found: string[];
  text: string;
}
interface Metrics {
  examples: number;
  positives: number;
  negatives: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const examples: Example[] = readFileSync(join(here, 'blind.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Example);

const detectors = selectDetectors({ names: [...FAMILIES] });

const counts = new Map<Family, { tp: number; fp: number; fn: number; tn: number }>();
for (const f of FAMILIES) counts.set(f, { tp: 0, fp: 0, fn: 0, tn: 0 });
const misses: Miss[] = [];

const started = performance.now();
for (const ex of examples) {
  const { findings } = scan(ex.text, { detectors });
  const flagged = findings.some((f) => f.detector === ex.family || (f.related ?? []).some((r) => r.detector === ex.family));
  const c = counts.get(ex.family);
  if (!c) throw new Error(`unknown family ${ex.family} in ${ex.id}`);
  if (ex.expect && flagged) c.tp++;
  else if (ex.expect && !flagged) c.fn++;
  else if (!ex.expect && flagged) c.fp++;
  else c.tn++;
  if (flagged !== ex.expect) {
    misses.push({
      id: ex.id,
      family: ex.family,
      expect: ex.expect,
      kind: ex.expect ? 'false-negative' : 'false-positive',
      found: [...new Set(findings.map((f) => f.rule))].sort(),
      text: ex.text,
    });
  }
}
const elapsedMs = performance.now() - started;

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const metrics: Record<string, Metrics> = {};
const total = { tp: 0, fp: 0, fn: 0, tn: 0 };
for (const f of FAMILIES) {
  const c = counts.get(f) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
  total.tp += c.tp;
  total.fp += c.fp;
  total.fn += c.fn;
  total.tn += c.tn;
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  metrics[f] = {
    examples: c.tp + c.fp + c.fn + c.tn,
    positives: c.tp + c.fn,
    negatives: c.fp + c.tn,
    ...c,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
  };
}
{
  const precision = ratio(total.tp, total.tp + total.fp);
  const recall = ratio(total.tp, total.tp + total.fn);
  metrics.all = {
    examples: examples.length,
    positives: total.tp + total.fn,
    negatives: total.fp + total.tn,
    ...total,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
  };
}

const pct = (x: number): string => (x * 100).toFixed(1).padStart(6);
let report = `Warden blind eval — ${examples.length} examples, ${elapsedMs.toFixed(0)} ms\n\n`;
report += `family     examples    pos    neg     TP     FP     FN  precision  recall      F1\n`;
for (const [name, m] of Object.entries(metrics)) {
  report +=
    `${name.padEnd(9)} ${String(m.examples).padStart(9)} ${String(m.positives).padStart(6)} ${String(m.negatives).padStart(6)} ` +
    `${String(m.tp).padStart(6)} ${String(m.fp).padStart(6)} ${String(m.fn).padStart(6)} ${pct(m.precision)}%  ${pct(m.recall)}% ${pct(m.f1)}%\n`;
}
report += `\nmisses (${misses.length}):\n`;
for (const m of misses) {
  report += `  ${m.kind === 'false-negative' ? 'FN' : 'FP'} ${m.id.padEnd(48)} expect=${String(m.expect).padEnd(5)} found=[${m.found.join(', ')}]\n`;
}
process.stdout.write(report);

writeFileSync(
  join(here, 'results.json'),
  JSON.stringify({ examples: examples.length, elapsedMs: Math.round(elapsedMs), metrics, misses }, null, 2) + '\n',
);
