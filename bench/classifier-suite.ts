import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { holdoutGroups } from '../src/apps/classifiers/holdout.js';
import { derivedFields } from '../src/apps/classifiers/views.js';
import { inMemoryClassifier } from '../src/ml/classifier.js';
import { PRECLASSIFIER } from '../src/ml/preclassifier.js';
import { mulberry32 } from '../src/text/random.js';
import { evaluateRows, trainClassifier, type LabelledRow, type TrainOptions } from '../src/ml/train.js';
import { saveResult, TMP_DIR, timeCommand } from './util.js';

const DATA = join(import.meta.dirname, '..', 'data', 'preclassifier', 'rows.jsonl');
const PYTHON = '/usr/bin/python3';

interface Row {
  text: string;
  label: string;
  segment_type: string;
  family: string;
  command_detected?: string;
}

const options: TrainOptions = {
  labels: [...PRECLASSIFIER.labels],
  featureTokens: [...PRECLASSIFIER.featureTokens],
  minRecall: { ...PRECLASSIFIER.minRecall },
  seed: 42,
};

const toLabelled = (rows: readonly Row[]): LabelledRow[] => rows.map((r) => ({ text: r.text, label: r.label, fields: { segment_type: r.segment_type, family: r.family, command_detected: r.command_detected } }));
const jsonl = (rows: readonly Row[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/**
 * 100,000 rows for the training-time target: the project's rows resampled, each with 10 % of
 * its words dropped (seeded), so every row is a distinct text to vectorize.
 */
function resample(rows: readonly Row[], n: number): Row[] {
  const rand = mulberry32(7);
  return Array.from({ length: n }, (_, i) => {
    const base = rows[i % rows.length]!;
    return { ...base, text: base.text.split(' ').filter(() => rand() >= 0.1).join(' ') };
  });
}

/** Pre-classifier quality on held-out template families and speed, beside scikit-learn on the same files. */
export async function classifierSuite(): Promise<void> {
  if (spawnSync(PYTHON, ['-c', 'import sklearn']).status !== 0) throw new Error('bench needs scikit-learn (Debian package python3-sklearn): run scripts/setup.sh');
  if (!existsSync(DATA)) throw new Error(`${DATA} missing: run npx tsx training/preclassifier/generate.ts`);
  // The pre-classifier's view: the commands detector's verdict is a field, for Warden and the peer alike.
  const rows = (await readFile(DATA, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row)
    .map((r) => ({ ...r, command_detected: derivedFields('preclassifier-window', r.text, {})['command_detected']! }));
  const split = holdoutGroups(rows.map((r) => ({ ...r, fields: { family: r.family } })), 'family', PRECLASSIFIER.holdout.fraction, 42);
  const train = split.train.map(({ fields: _f, ...r }) => r as Row);
  const test = split.test.map(({ fields: _f, ...r }) => r as Row);
  // Resampled rows keep their detector verdict: word dropout rarely changes it, and recomputing
  // it would time the detector, not the trainer.
  const big = resample(train, 100_000);
  const files = { train: join(TMP_DIR, 'pre-train.jsonl'), test: join(TMP_DIR, 'pre-test.jsonl'), big: join(TMP_DIR, 'pre-train-100k.jsonl') };
  await writeFile(files.train, jsonl(train));
  await writeFile(files.test, jsonl(test));
  await writeFile(files.big, jsonl(big));

  const started = performance.now();
  const outcome = trainClassifier(toLabelled(train), options);
  const trainSeconds = (performance.now() - started) / 1000;
  const scored = evaluateRows(outcome, toLabelled(test));
  const command = scored.result.perLabel['command']!;
  console.log(`classifier: ${train.length} train rows, ${test.length} held-out rows (families ${split.heldOut.join(', ')})`);
  console.log(`  warden: macro-F1 ${scored.result.macroF1.toFixed(4)}, command recall ${command.recall.toFixed(4)}, trained in ${trainSeconds.toFixed(2)} s`);

  // Inference: vectorize + predict, one segment at a time, on one core.
  const clf = inMemoryClassifier(outcome, { name: 'bench', view: 'preclassifier-window' });
  const segments = toLabelled(test);
  for (const s of segments.slice(0, 500)) clf.predict(s.text, s.fields);
  let predicted = 0;
  const inferStarted = performance.now();
  while (performance.now() - inferStarted < 3000) {
    for (const s of segments) clf.predict(s.text, s.fields);
    predicted += segments.length;
  }
  const segmentsPerS = Math.round(predicted / ((performance.now() - inferStarted) / 1000));
  const avgChars = Math.round(segments.reduce((n, s) => n + s.text.length, 0) / segments.length);
  console.log(`  warden inference: ${segmentsPerS} segments/s (average ${avgChars} chars)`);

  const bigStarted = performance.now();
  const bigOutcome = trainClassifier(toLabelled(big), options);
  const bigSeconds = (performance.now() - bigStarted) / 1000;
  const bigScored = evaluateRows(bigOutcome, toLabelled(test));
  console.log(`  warden on 100,000 rows: trained in ${bigSeconds.toFixed(2)} s (${String(bigOutcome.training['bestEpoch'])} epochs kept), held-out macro-F1 ${bigScored.result.macroF1.toFixed(4)}`);

  const peer = async (trainFile: string) => JSON.parse((await timeCommand(PYTHON, [join(import.meta.dirname, 'peers', 'sklearn_classifier.py'), trainFile, files.test, options.labels!.join(',')])).stdout) as { sklearn: string; results: { name: string; train_seconds: number; macro_f1: number; command_recall: number; segments_per_s: number }[] };
  const small = await peer(files.train);
  const large = await peer(files.big);
  for (const r of small.results) console.log(`  scikit-learn ${small.sklearn} ${r.name}: macro-F1 ${r.macro_f1}, command recall ${r.command_recall}, trained in ${r.train_seconds} s, ${r.segments_per_s} segments/s (batch)`);
  for (const r of large.results) console.log(`  scikit-learn on 100,000 rows, ${r.name}: trained in ${r.train_seconds} s, held-out macro-F1 ${r.macro_f1}`);
  const lr = small.results[0]!;
  const lrLarge = large.results[0]!;
  const result = {
    data: { rows: rows.length, train_rows: train.length, test_rows: test.length, held_out_families: split.heldOut },
    warden: {
      macro_f1: round(scored.result.macroF1),
      command_recall: round(command.recall),
      per_label: scored.result.perLabel,
      train_seconds: round(trainSeconds),
      segments_per_s: segmentsPerS,
      segment_avg_chars: avgChars,
      train_100k_seconds: round(bigSeconds),
      macro_f1_100k: round(bigScored.result.macroF1),
    },
    sklearn: { version: small.sklearn, small: small.results, rows_100k: large.results },
    comparison: {
      peer: lr.name,
      macro_f1_points_behind: round((lr.macro_f1 - scored.result.macroF1) * 100),
      train_time_ratio: round(trainSeconds / lr.train_seconds),
      train_time_ratio_100k: round(bigSeconds / lrLarge.train_seconds),
    },
  };
  console.log(`  → ${await saveResult('classifier', result)}`);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
