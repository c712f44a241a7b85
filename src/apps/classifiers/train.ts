import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { WARDEN_VERSION } from '../../core/version.js';
import { bootstrapMacroF1, type EvalResult, type Interval } from '../../ml/metrics.js';
import { saveModel, type ModelManifest } from '../../ml/model-file.js';
import { renderReport } from '../../ml/report.js';
import { writeOnnx } from '../../ml/onnx.js';
import { crossValidate, evaluateRows, trainClassifier, type CrossValidation, type LabelledRow, type TrainOptions } from '../../ml/train.js';
import type { EpochStats } from '../../ml/sgd.js';
import { holdoutGroups } from './holdout.js';
import { readLabelledRows } from './records.js';
import { withDerivedFields } from './views.js';

export interface TrainModelOptions extends Omit<TrainOptions, 'onEpoch'> {
  train: readonly string[];
  /** Evaluation files; without them (and without `holdout`) only the validation split is reported. */
  eval?: readonly string[];
  output: string;
  textField: string;
  labelField: string;
  /** Record fields kept for feature tokens and grouping. */
  keep?: readonly string[];
  /** Hold out whole groups of the training files as the test set (template families). */
  holdout?: { field: string; fraction: number };
  name: string;
  version?: string;
  /** How inputs are built (recorded in the manifest: `text` or `preclassifier-window`). */
  view?: string;
  /** Run stratified k-fold cross-validation on the training rows first (k >= 2). */
  cv?: number;
  /** Also export the model as model.onnx in the model directory. */
  onnx?: boolean;
  onEpoch?: (epoch: EpochStats) => void;
}

export interface TrainModelResult {
  manifest: ModelManifest;
  validation: EvalResult;
  test?: { result: EvalResult; bootstrap: Interval; rows: number; heldOut?: string[] };
  cv?: CrossValidation;
  reportHtml: string;
  reportJson: string;
}

/**
 * Reads labelled files, trains a calibrated classifier, evaluates it on the evaluation files
 * or on held-out groups, and writes the model directory (manifest + weights) with report.json
 * and a self-contained report.html beside them.
 *
 * @example
 * await trainModel({ train: ['t.jsonl'], eval: ['e.jsonl'], output: 'models/m', textField: 'text', labelField: 'label', name: 'm' });
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainModelResult> {
  const spec = { text: options.textField, label: options.labelField, keep: [...(options.keep ?? []), ...(options.holdout ? [options.holdout.field] : [])] };
  let train: LabelledRow[] = await readLabelledRows(options.train, spec);
  let test: LabelledRow[] | undefined = options.eval?.length ? await readLabelledRows(options.eval, spec) : undefined;
  let heldOut: string[] | undefined;
  if (!test && options.holdout) {
    const split = holdoutGroups(train, options.holdout.field, options.holdout.fraction, options.seed ?? 42);
    train = split.train;
    test = split.test;
    heldOut = split.heldOut;
  }
  const view = options.view ?? 'text';
  train = withDerivedFields(train, view);
  if (test) test = withDerivedFields(test, view);
  const { onEpoch: _quiet, ...cvOptions } = options;
  const cv = options.cv ? crossValidate(train, options.cv, cvOptions) : undefined;
  const outcome = trainClassifier(train, options);
  let testResult: TrainModelResult['test'];
  if (test) {
    const scored = evaluateRows(outcome, test);
    testResult = { result: scored.result, bootstrap: bootstrapMacroF1(scored.y, scored.predictions, outcome.model.labels.length, { seed: options.seed ?? 42 }), rows: test.length, ...(heldOut ? { heldOut } : {}) };
  }
  const metrics = { validation: summary(outcome.validation), ...(cv ? { cv } : {}), ...(testResult ? { test: { ...summary(testResult.result), macroF1CI: testResult.bootstrap, rows: testResult.rows, ...(heldOut ? { heldOutGroups: heldOut } : {}) } } : {}) };
  const manifest = await saveModel(options.output, outcome.model, {
    name: options.name,
    version: options.version ?? WARDEN_VERSION,
    features: outcome.features,
    input: { view, featureTokens: outcome.featureTokens },
    thresholds: outcome.thresholds,
    training: { ...outcome.training, files: options.train, textField: options.textField, labelField: options.labelField },
    metrics,
  });
  const report = { model: { name: manifest.name, version: manifest.version, labels: manifest.labels, thresholds: manifest.thresholds, temperature: manifest.temperature }, training: manifest.training, validation: outcome.validation, ...(cv ? { cv } : {}), ...(testResult ? { test: testResult } : {}) };
  if (options.onnx) await writeOnnx(outcome.model, join(options.output, 'model.onnx'), { docString: `${options.name} ${manifest.version}: input = hashed features (see manifest.json features)` });
  const reportJson = join(options.output, 'report.json');
  const reportHtml = join(options.output, 'report.html');
  await writeFileAtomic(reportJson, JSON.stringify(report, null, 2) + '\n');
  const shown = testResult?.result ?? outcome.validation;
  await writeFileAtomic(
    reportHtml,
    renderReport(shown, {
      title: `${options.name}: ${testResult ? (heldOut ? 'held-out template families' : 'evaluation set') : 'validation split'}`,
      model: report.model,
      data: { trainRows: outcome.training['trainRows'], validationRows: outcome.training['validationRows'], testRows: testResult?.rows, heldOutGroups: heldOut?.join(', ') },
      ...(testResult ? { bootstrap: testResult.bootstrap } : {}),
      extra: { epochs: outcome.training['epochs'], seconds: outcome.training['seconds'], ...(cv ? { crossValidation: cv } : {}) },
    }),
  );
  return { manifest, validation: outcome.validation, ...(testResult ? { test: testResult } : {}), ...(cv ? { cv } : {}), reportHtml, reportJson };
}

/** The headline numbers (curves and bins stay in report.json). */
export function summary(result: EvalResult): Record<string, unknown> {
  return { n: result.n, accuracy: result.accuracy, macroF1: result.macroF1, ece: result.ece, perLabel: result.perLabel, confusion: result.confusion };
}
