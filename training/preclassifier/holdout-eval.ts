/**
 * How well the pre-classifier generalises to template families it never saw: N rounds, each
 * holding out a random fifth of the families per label (as `warden train preclassifier` does),
 * training on the rest through the production code path, and scoring the held-out rows.
 * Prints mean macro-F1 and command recall, and accuracy per family with what it was mistaken for.
 *
 * usage: npx tsx training/preclassifier/holdout-eval.ts [rounds=8] [data/preclassifier/rows.jsonl]
 */
import { readFileSync } from 'node:fs';
import { holdoutGroups } from '../../src/apps/classifiers/holdout.js';
import { withDerivedFields } from '../../src/apps/classifiers/views.js';
import { PRECLASSIFIER } from '../../src/ml/preclassifier.js';
import { evaluateRows, trainClassifier } from '../../src/ml/train.js';
import { DATA_DIR } from './generate.js';

const rounds = Number(process.argv[2] ?? 8);
const file = process.argv[3] ?? `${DATA_DIR}/rows.jsonl`;
const raw = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string; label: string; segment_type: string; family: string });
const rows = withDerivedFields(raw.map((r) => ({ text: r.text, label: r.label, fields: { segment_type: r.segment_type, family: r.family } })), 'preclassifier-window');
const labels = [...PRECLASSIFIER.labels];
const f1s: number[] = [];
const recalls: number[] = [];
const perFamily = new Map<string, { ok: number; n: number; wrong: Record<string, number> }>();
for (let round = 0; round < rounds; round++) {
  const split = holdoutGroups(rows, 'family', PRECLASSIFIER.holdout.fraction, 100 + round);
  const out = trainClassifier(split.train, { labels, featureTokens: [...PRECLASSIFIER.featureTokens], minRecall: { ...PRECLASSIFIER.minRecall } });
  const scored = evaluateRows(out, split.test);
  f1s.push(scored.result.macroF1);
  recalls.push(scored.result.perLabel['command']!.recall);
  split.test.forEach((r, i) => {
    const entry = perFamily.get(r.fields.family!) ?? { ok: 0, n: 0, wrong: {} };
    entry.n++;
    if (scored.predictions[i] === scored.y[i]) entry.ok++;
    else entry.wrong[labels[scored.predictions[i]!]!] = (entry.wrong[labels[scored.predictions[i]!]!] ?? 0) + 1;
    perFamily.set(r.fields.family!, entry);
  });
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
process.stdout.write(`${rows.length} rows, ${rounds} rounds of family hold-outs\n`);
process.stdout.write(`macro-F1 ${f1s.map((x) => x.toFixed(3)).join(' ')} → mean ${mean(f1s).toFixed(3)}\n`);
process.stdout.write(`command recall ${recalls.map((x) => x.toFixed(3)).join(' ')} → mean ${mean(recalls).toFixed(3)}\n`);
for (const [family, e] of [...perFamily].sort((a, b) => a[1].ok / a[1].n - b[1].ok / b[1].n)) process.stdout.write(`${family.padEnd(30)} ${(e.ok / e.n).toFixed(2)} n=${e.n} ${JSON.stringify(e.wrong)}\n`);
