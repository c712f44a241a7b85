/**
 * `npm run eval` (part 3): the shipped pre-classifier on the template families it never saw.
 * `warden train preclassifier` holds out whole families (recorded in the model manifest); this
 * re-reads data/preclassifier/rows.jsonl, keeps those families' rows, and scores the shipped
 * model on them with its own thresholds. Also runs 5-fold cross-validation grouped by family
 * (every family held out once) to show the spread. Writes eval/preclassifier/results.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { holdoutGroups } from '../../src/apps/classifiers/holdout.js';
import { withDerivedFields } from '../../src/apps/classifiers/views.js';
import { TextClassifier } from '../../src/ml/classifier.js';
import { bootstrapMacroF1 } from '../../src/ml/metrics.js';
import { defaultPreclassifierDir, PRECLASSIFIER } from '../../src/ml/preclassifier.js';
import { evaluateRows, trainClassifier, type LabelledRow } from '../../src/ml/train.js';

interface Row {
  text: string;
  label: string;
  segment_type: string;
  family: string;
  language?: string;
}

const root = join(import.meta.dirname, '..', '..');
const rows = (await readFile(join(root, 'data', 'preclassifier', 'rows.jsonl'), 'utf8'))
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Row);
const labelled = (rs: readonly Row[]): LabelledRow[] => withDerivedFields(rs.map((r) => ({ text: r.text, label: r.label, fields: { segment_type: r.segment_type, family: r.family, language: r.language ?? 'en' } })), 'preclassifier-window');
const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

const clf = await TextClassifier.load(defaultPreclassifierDir());
const heldOut = (clf.manifest.metrics['test'] as { heldOutGroups?: string[] } | undefined)?.heldOutGroups ?? [];
const test = rows.filter((r) => heldOut.includes(r.family));
const outcome = { model: clf.model, thresholds: clf.manifest.thresholds, features: clf.manifest.features, featureTokens: clf.manifest.input.featureTokens };
const scored = evaluateRows(outcome, labelled(test));
const ci = bootstrapMacroF1(scored.y, scored.predictions, clf.labels.length, { seed: 42 });
console.log(`Pre-classifier (shipped models/preclassifier) on ${test.length} rows of ${heldOut.length} held-out template families: ${heldOut.join(', ')}`);
console.log(`  macro-F1 ${f(scored.result.macroF1)} [95% CI ${f(ci.low)}–${f(ci.high)}], accuracy ${f(scored.result.accuracy)}, ECE ${f(scored.result.ece)}`);
for (const [label, m] of Object.entries(scored.result.perLabel)) console.log(`  ${label.padEnd(12)} P ${f(m.precision)} R ${f(m.recall)} F1 ${f(m.f1)} AUPRC ${f(m.auprc)} (n=${m.support})`);

// Per language on the held-out rows.
const byLanguage: Record<string, { n: number; accuracy: number }> = {};
scored.predictions.forEach((p, i) => {
  const lang = test[i]!.language ?? 'en';
  const entry = (byLanguage[lang] ??= { n: 0, accuracy: 0 });
  entry.n++;
  if (p === scored.y[i]) entry.accuracy++;
});
for (const entry of Object.values(byLanguage)) entry.accuracy = Math.round((entry.accuracy / entry.n) * 1000) / 1000;
console.log(`  accuracy by language: ${Object.entries(byLanguage).map(([l, e]) => `${l} ${f(e.accuracy)} (n=${e.n})`).join(', ')}`);

// Grouped cross-validation: five rounds, each holding out a different fifth of the families.
const folds: { heldOut: string[]; macroF1: number; commandRecall: number }[] = [];
for (let fold = 0; fold < 5; fold++) {
  const split = holdoutGroups(labelled(rows), 'family', 0.2, 1000 + fold);
  const out = trainClassifier(split.train, { labels: [...PRECLASSIFIER.labels], featureTokens: [...PRECLASSIFIER.featureTokens], minRecall: { ...PRECLASSIFIER.minRecall }, seed: 42 });
  const r = evaluateRows(out, split.test).result;
  folds.push({ heldOut: split.heldOut, macroF1: r.macroF1, commandRecall: r.perLabel['command']!.recall });
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`  grouped CV (5 random family hold-outs, retrained each time): macro-F1 ${folds.map((x) => f(x.macroF1)).join(' ')} (mean ${f(mean(folds.map((x) => x.macroF1)))}), command recall ${folds.map((x) => f(x.commandRecall)).join(' ')}`);

await writeFile(
  join(import.meta.dirname, 'results.json'),
  JSON.stringify({ model: `${clf.manifest.name}@${clf.manifest.version}`, heldOutFamilies: heldOut, rows: test.length, result: { ...scored.result, curves: undefined }, macroF1CI: ci, byLanguage, groupedCv: folds }, null, 2) + '\n',
);
