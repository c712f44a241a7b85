/**
 * Classifier evaluation: accuracy, per-label precision/recall/F1, ranking metrics, confusion,
 * calibration and a bootstrap interval for macro-F1. Definitions follow scikit-learn so the
 * numbers can be cross-checked; the result is plain JSON for reports and run directories.
 */
import { WardenError } from '../core/errors.js';
import {
  averagePrecision,
  downsample,
  prCurve,
  reliability,
  rocAuc,
  rocCurve,
  thresholdCounts,
  type CalibrationBin,
  type CurvePoints,
} from './curves.js';
import { seededRandom } from '../text/random.js';

export type { CalibrationBin, CurvePoints } from './curves.js';

/** Gold labels and model outputs for one evaluation set; labels are indices into `labels`. */
export interface EvalInput {
  labels: readonly string[];
  yTrue: Int32Array | number[];
  /** One row per example, one probability per label. */
  probs: Float64Array[];
  /** Defaults to the argmax of each `probs` row (first label on ties). */
  yPred?: Int32Array | number[];
}

export interface EvalOptions {
  /** Equal-width confidence bins for ECE and the reliability diagram (default 10). */
  bins?: number;
  /** Most points kept per curve (default 101). */
  curvePoints?: number;
}

export interface LabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true label is this one. */
  support: number;
  /** Average precision, one-vs-rest; null when the label never occurs in yTrue. */
  auprc: number | null;
  /** ROC AUC, one-vs-rest; null when yTrue holds only this label or never holds it. */
  auroc: number | null;
}

export interface EvalResult {
  /**
   * Label order for `confusion` and the tables. Needed because object keys do not keep it:
   * integer-like labels ("10", "2") would enumerate numerically in `perLabel`.
   */
  labels: string[];
  n: number;
  accuracy: number;
  macroF1: number;
  perLabel: Record<string, LabelMetrics>;
  /** Rows are true labels, columns predicted labels, both in `labels` order. */
  confusion: number[][];
  ece: number;
  calibration: CalibrationBin[];
  curves: Record<string, { pr: CurvePoints; roc: CurvePoints }>;
}

export interface BootstrapOptions {
  /** Resamples (default 1000). */
  samples?: number;
  /** PRNG seed (default 1); the same seed gives the same interval. */
  seed?: number;
  /** Central interval mass (default 0.95). */
  confidence?: number;
}

export interface Interval {
  mean: number;
  low: number;
  high: number;
}

function usage(message: string): WardenError {
  return new WardenError('W_USAGE', message);
}

function checkLabelIndices(y: ArrayLike<number>, nLabels: number, name: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= nLabels) {
      throw usage(`${name}[${i}] = ${v} is not a label index in [0, ${nLabels})`);
    }
  }
}

function argmax(row: Float64Array): number {
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
  return best;
}

/** F1 with sklearn's zero_division=0: a label never predicted and never true scores 0. */
function f1Of(tp: number, fp: number, fn: number): number {
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/**
 * Macro average over labels that occur in yTrue or yPred, like sklearn's `f1_score(average=
 * 'macro')` without `labels=`: a label absent from both says nothing about the model, and
 * counting it as 0 would punish small evaluation sets and bootstrap resamples.
 */
function macroF1Of(tp: Int32Array, fp: Int32Array, fn: Int32Array): number {
  let sum = 0;
  let present = 0;
  for (let k = 0; k < tp.length; k++) {
    if (tp[k]! + fp[k]! + fn[k]! === 0) continue;
    sum += f1Of(tp[k]!, fp[k]!, fn[k]!);
    present++;
  }
  return present === 0 ? 0 : sum / present;
}

/**
 * Evaluates a multi-class classifier: accuracy, macro-F1, per-label precision/recall/F1/support
 * with one-vs-rest average precision and ROC AUC, the confusion matrix, top-label ECE with its
 * reliability bins, and downsampled PR/ROC curves. Throws `W_USAGE` on mismatched shapes,
 * duplicate labels, out-of-range label indices or non-finite probabilities.
 *
 * @example
 * const result = evaluate({
 *   labels: ['benign', 'attack'],
 *   yTrue: [0, 1, 1],
 *   probs: [Float64Array.of(0.9, 0.1), Float64Array.of(0.3, 0.7), Float64Array.of(0.6, 0.4)],
 * });
 * result.accuracy; // 0.666…
 * result.perLabel.attack!.recall; // 0.5
 */
export function evaluate(input: EvalInput, options: EvalOptions = {}): EvalResult {
  const { labels, yTrue, probs } = input;
  const bins = options.bins ?? 10;
  const curvePoints = options.curvePoints ?? 101;
  const nLabels = labels.length;
  const n = yTrue.length;
  if (nLabels < 2) throw usage(`need at least two labels, got ${nLabels}`);
  if (new Set(labels).size !== nLabels) throw usage('labels must be unique');
  if (n === 0) throw usage('cannot evaluate zero examples');
  if (probs.length !== n) throw usage(`probs has ${probs.length} rows but yTrue has ${n}`);
  if (!Number.isInteger(bins) || bins < 1) throw usage(`bins must be a positive integer, got ${bins}`);
  if (!Number.isInteger(curvePoints) || curvePoints < 2) throw usage(`curvePoints must be an integer >= 2, got ${curvePoints}`);
  checkLabelIndices(yTrue, nLabels, 'yTrue');
  for (let i = 0; i < n; i++) {
    const row = probs[i]!;
    if (row.length !== nLabels) throw usage(`probs[${i}] has ${row.length} values, expected ${nLabels}`);
    for (let k = 0; k < nLabels; k++) if (!Number.isFinite(row[k]!)) throw usage(`probs[${i}][${k}] is not a finite number`);
  }
  let yPred: ArrayLike<number>;
  if (input.yPred) {
    if (input.yPred.length !== n) throw usage(`yPred has ${input.yPred.length} rows but yTrue has ${n}`);
    checkLabelIndices(input.yPred, nLabels, 'yPred');
    yPred = input.yPred;
  } else {
    yPred = Int32Array.from(probs, argmax);
  }

  const confusion = Array.from({ length: nLabels }, () => new Array<number>(nLabels).fill(0));
  const confidence = new Float64Array(n);
  const correct = new Uint8Array(n);
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    confusion[t]![p]!++;
    // Confidence in the label actually predicted, so a custom yPred is calibrated as given.
    confidence[i] = probs[i]![p]!;
    correct[i] = t === p ? 1 : 0;
    hits += correct[i]!;
  }

  const tp = new Int32Array(nLabels);
  const fp = new Int32Array(nLabels);
  const fn = new Int32Array(nLabels);
  for (let t = 0; t < nLabels; t++) {
    for (let p = 0; p < nLabels; p++) {
      const c = confusion[t]![p]!;
      if (t === p) tp[t] = c;
      else {
        fn[t]! += c;
        fp[p]! += c;
      }
    }
  }

  const perLabel: [string, LabelMetrics][] = [];
  const curves: [string, { pr: CurvePoints; roc: CurvePoints }][] = [];
  const scores = new Float64Array(n);
  const positive = new Uint8Array(n);
  for (let k = 0; k < nLabels; k++) {
    for (let i = 0; i < n; i++) {
      scores[i] = probs[i]![k]!;
      positive[i] = yTrue[i] === k ? 1 : 0;
    }
    const counts = thresholdCounts(scores, positive);
    const predicted = tp[k]! + fp[k]!;
    const support = tp[k]! + fn[k]!;
    perLabel.push([
      labels[k]!,
      {
        precision: predicted === 0 ? 0 : tp[k]! / predicted,
        recall: support === 0 ? 0 : tp[k]! / support,
        f1: f1Of(tp[k]!, fp[k]!, fn[k]!),
        support,
        auprc: averagePrecision(counts),
        auroc: rocAuc(counts),
      },
    ]);
    curves.push([labels[k]!, { pr: downsample(prCurve(counts), curvePoints), roc: downsample(rocCurve(counts), curvePoints) }]);
  }

  const { ece, calibration } = reliability(confidence, correct, bins);
  return {
    labels: [...labels],
    n,
    accuracy: hits / n,
    macroF1: macroF1Of(tp, fp, fn),
    // fromEntries defines own properties, so a label named "__proto__" stays a plain key.
    perLabel: Object.fromEntries(perLabel),
    confusion,
    ece,
    calibration,
    curves: Object.fromEntries(curves),
  };
}

/** Linear interpolation between order statistics (numpy's default percentile method). */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Percentile-bootstrap interval for macro-F1: resamples rows with replacement `samples` times
 * and reports the mean and the central `confidence` interval of the resampled scores. The same
 * seed always gives the same interval.
 *
 * @example
 * const ci = bootstrapMacroF1([0, 1, 1, 0], [0, 1, 0, 0], 2, { samples: 500, seed: 7 });
 * ci.low <= ci.mean && ci.mean <= ci.high; // true
 */
export function bootstrapMacroF1(
  yTrue: Int32Array | number[],
  yPred: Int32Array | number[],
  nLabels: number,
  options: BootstrapOptions = {},
): Interval {
  const samples = options.samples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const n = yTrue.length;
  if (!Number.isInteger(nLabels) || nLabels < 1) throw usage(`nLabels must be a positive integer, got ${nLabels}`);
  if (yPred.length !== n) throw usage(`yPred has ${yPred.length} rows but yTrue has ${n}`);
  if (n === 0) throw usage('cannot bootstrap zero examples');
  if (!Number.isInteger(samples) || samples < 1) throw usage(`samples must be a positive integer, got ${samples}`);
  if (!(confidence > 0 && confidence < 1)) throw usage(`confidence must be in (0, 1), got ${confidence}`);
  checkLabelIndices(yTrue, nLabels, 'yTrue');
  checkLabelIndices(yPred, nLabels, 'yPred');

  const rand = seededRandom(options.seed ?? 1);
  const tp = new Int32Array(nLabels);
  const fp = new Int32Array(nLabels);
  const fn = new Int32Array(nLabels);
  const scores = new Float64Array(samples);
  let total = 0;
  for (let s = 0; s < samples; s++) {
    tp.fill(0);
    fp.fill(0);
    fn.fill(0);
    for (let d = 0; d < n; d++) {
      const i = Math.floor(rand() * n);
      const t = yTrue[i]!;
      const p = yPred[i]!;
      if (t === p) tp[t]!++;
      else {
        fn[t]!++;
        fp[p]!++;
      }
    }
    scores[s] = macroF1Of(tp, fp, fn);
    total += scores[s]!;
  }
  scores.sort();
  const tail = (1 - confidence) / 2;
  return { mean: total / samples, low: quantile(scores, tail), high: quantile(scores, 1 - tail) };
}
