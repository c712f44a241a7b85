import { WardenError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { decide, fitTemperature, predictRows, tuneThreshold } from './calibrate.js';
import { featureTokens, type RowFields } from './classifier.js';
import { selectRows, toCsr, type CsrMatrix } from './csr.js';
import { stratifiedKFold, stratifiedSplit } from './cv.js';
import type { LinearModel } from './linear.js';
import { evaluate, type EvalResult } from './metrics.js';
import { trainSoftmaxSgd, type EpochStats, type SgdOptions } from './sgd.js';
import { DEFAULT_VECTORIZER, HashingVectorizer, type VectorizerConfig } from './vectorizer.js';

export interface LabelledRow {
  text: string;
  label: string;
  fields?: RowFields;
}

export interface TrainOptions {
  /** Label set in model order; default: sorted labels of the training rows. */
  labels?: readonly string[];
  features?: VectorizerConfig;
  /** Feature-token templates filled from row fields (`SEGMENT_{segment_type}`). */
  featureTokens?: readonly string[];
  /** Share of the training rows held out (stratified) for early stopping, calibration and thresholds. */
  validationFraction?: number;
  seed?: number;
  sgd?: Omit<SgdOptions, 'validation' | 'seed' | 'onEpoch'>;
  /** Labels whose threshold is set for a minimum validation recall (e.g. {command: 0.97}). */
  minRecall?: Readonly<Record<string, number>>;
  /** Labels that get an F1-optimal threshold; others compete by argmax. */
  tuneLabels?: readonly string[];
  onEpoch?: (epoch: EpochStats) => void;
}

export interface TrainOutcome {
  model: LinearModel;
  thresholds: Record<string, number>;
  features: VectorizerConfig;
  featureTokens: string[];
  /** Metrics on the validation split after calibration. */
  validation: EvalResult;
  training: Record<string, unknown>;
}

/** Vectorizes rows with the model's own input view (features + feature tokens). */
export function vectorize(rows: readonly LabelledRow[], vectorizer: HashingVectorizer, templates: readonly string[]): CsrMatrix {
  return toCsr(rows.map((r) => vectorizer.transform(r.text, featureTokens(templates, r.fields))), vectorizer.dim);
}

/** Label indices, failing with the row number of the first unknown label. */
export function labelIndices(rows: readonly LabelledRow[], labels: readonly string[], what: string): Int32Array {
  const index = new Map(labels.map((l, i) => [l, i]));
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    const k = index.get(r.label);
    if (k === undefined) throw new WardenError('W_TRAIN_DATA', `${what} row ${i + 1}: label "${r.label}" is not one of ${labels.join(', ')}`);
    y[i] = k;
  });
  return y;
}

/**
 * Trains a calibrated text classifier: hashing features → averaged-SGD softmax regression with
 * early stopping on a stratified validation split → temperature scaling on that split →
 * per-label thresholds. Deterministic for a seed.
 *
 * @example
 * const out = trainClassifier(rows, { featureTokens: ['SEGMENT_{segment_type}'], minRecall: { command: 0.97 } });
 */
export function trainClassifier(rows: readonly LabelledRow[], options: TrainOptions = {}): TrainOutcome {
  const started = performance.now();
  if (rows.length < 10) throw new WardenError('W_TRAIN_DATA', `need at least 10 training rows, got ${rows.length}`);
  const labels = options.labels ?? [...new Set(rows.map((r) => r.label))].sort();
  if (labels.length < 2) throw new WardenError('W_TRAIN_DATA', `need at least two labels, found ${labels.join(', ') || 'none'}`);
  const seed = options.seed ?? 42;
  const features = options.features ?? DEFAULT_VECTORIZER;
  const templates = [...(options.featureTokens ?? [])];
  const vectorizer = new HashingVectorizer(features);
  const y = labelIndices(rows, labels, 'training');
  const vectorStarted = performance.now();
  const X = vectorize(rows, vectorizer, templates);
  const vectorSeconds = (performance.now() - vectorStarted) / 1000;
  const split = stratifiedSplit(y, options.validationFraction ?? 0.1, seed);
  const Xtrain = selectRows(X, split.train);
  const ytrain = Int32Array.from(split.train, (i) => y[i]!);
  const Xval = selectRows(X, split.test);
  const yval = Int32Array.from(split.test, (i) => y[i]!);
  const fit = trainSoftmaxSgd(Xtrain, ytrain, labels, { ...options.sgd, seed, validation: { X: Xval, y: yval }, ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}) });
  const model = fit.model;
  model.temperature = fitTemperature(model, Xval, yval);
  const probs = predictRows(model, Xval);
  const thresholds: Record<string, number> = {};
  for (const label of options.tuneLabels ?? []) thresholds[label] = round(tuneThreshold(probs, yval, labels.indexOf(label)));
  for (const [label, recall] of Object.entries(options.minRecall ?? {})) {
    const k = labels.indexOf(label);
    if (k < 0) throw new WardenError('W_USAGE', `minimum recall for unknown label "${label}"`);
    thresholds[label] = round(tuneThreshold(probs, yval, k, recall));
  }
  const t = labels.map((l) => thresholds[l]);
  const validation = evaluate({ labels, yTrue: yval, probs, yPred: probs.map((p) => decide(p, t)) });
  return {
    model,
    thresholds,
    features: vectorizer.config,
    featureTokens: templates,
    validation,
    training: {
      rows: rows.length,
      trainRows: split.train.length,
      validationRows: split.test.length,
      dataSha256: trainingDataHash(rows),
      seed,
      sgd: { ...options.sgd },
      classWeights: Object.fromEntries(labels.map((l, k) => [l, round(fit.classWeights[k]!)])),
      epochs: fit.epochs.map((e) => ({ epoch: e.epoch, trainLoss: round(e.trainLoss), validationLoss: e.validationLoss === undefined ? undefined : round(e.validationLoss) })),
      bestEpoch: fit.bestEpoch,
      vectorizeSeconds: round(vectorSeconds),
      seconds: round((performance.now() - started) / 1000),
    },
  };
}

/** Scores held-out rows with a trained model and its thresholds. */
export function evaluateRows(outcome: Pick<TrainOutcome, 'model' | 'thresholds' | 'features' | 'featureTokens'>, rows: readonly LabelledRow[]): { result: EvalResult; predictions: number[]; probs: Float64Array[]; y: Int32Array } {
  const labels = outcome.model.labels;
  const y = labelIndices(rows, labels, 'evaluation');
  const X = vectorize(rows, new HashingVectorizer(outcome.features), outcome.featureTokens);
  const probs = predictRows(outcome.model, X);
  const t = labels.map((l) => outcome.thresholds[l]);
  const predictions = probs.map((p) => decide(p, t));
  return { result: evaluate({ labels, yTrue: y, probs, yPred: predictions }), predictions, probs, y };
}

export interface CrossValidation {
  k: number;
  folds: { rows: number; accuracy: number; macroF1: number }[];
  macroF1: { mean: number; std: number };
}

/**
 * Stratified k-fold cross-validation: k models, each trained (with its own validation split)
 * on k-1 folds and scored on the remaining one. Deterministic for the options' seed.
 *
 * @example
 * crossValidate(rows, 5, { featureTokens: ['SEGMENT_{segment_type}'] }).macroF1.mean;
 */
export function crossValidate(rows: readonly LabelledRow[], k: number, options: TrainOptions = {}): CrossValidation {
  const labels = options.labels ?? [...new Set(rows.map((r) => r.label))].sort();
  const y = labelIndices(rows, labels, 'training');
  const folds = stratifiedKFold(y, k, options.seed ?? 42).map((split) => {
    const outcome = trainClassifier(Array.from(split.train, (i) => rows[i]!), { ...options, labels });
    const result = evaluateRows(outcome, Array.from(split.test, (i) => rows[i]!)).result;
    return { rows: split.test.length, accuracy: round(result.accuracy), macroF1: round(result.macroF1) };
  });
  const mean = folds.reduce((s, f) => s + f.macroF1, 0) / k;
  const std = Math.sqrt(folds.reduce((s, f) => s + (f.macroF1 - mean) ** 2, 0) / Math.max(1, k - 1));
  return { k, folds, macroF1: { mean: round(mean), std: round(std) } };
}

/** Order-sensitive hash of the training rows (text, label, fields), recorded in the manifest. */
export function trainingDataHash(rows: readonly LabelledRow[]): string {
  return sha256(rows.map((r) => JSON.stringify([r.text, r.label, r.fields ?? {}])).join('\n'));
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
