import type { CsrMatrix } from './csr.js';
import { logits, softmax, type LinearModel } from './linear.js';
import { rowOf } from './csr.js';

/**
 * Temperature scaling (Guo et al. 2017): the one scalar T that minimises the log-loss of
 * softmax(z / T) on held-out rows. It changes confidence, never the ranking, so accuracy is
 * untouched while probabilities become honest. Golden-section search on log T in [1/20, 20].
 *
 * @example
 * model.temperature = fitTemperature(model, Xval, yval);
 */
export function fitTemperature(model: LinearModel, X: CsrMatrix, y: Int32Array): number {
  const K = model.labels.length;
  const z = new Float64Array(X.rows * K);
  for (let r = 0; r < X.rows; r++) z.set(logits(model, rowOf(X, r)), r * K);
  const nll = (logT: number) => {
    const T = Math.exp(logT);
    let total = 0;
    for (let r = 0; r < X.rows; r++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, z[r * K + k]! / T);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(z[r * K + k]! / T - max);
      total += Math.log(sum) + max - z[r * K + y[r]!]! / T;
    }
    return total;
  };
  let lo = Math.log(1 / 20);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = nll(a);
  let fb = nll(b);
  for (let i = 0; i < 60 && hi - lo > 1e-4; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = nll(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = nll(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** Calibrated probabilities of every row. */
export function predictRows(model: LinearModel, X: CsrMatrix): Float64Array[] {
  const out: Float64Array[] = [];
  for (let r = 0; r < X.rows; r++) out.push(softmax(logits(model, rowOf(X, r)), model.temperature));
  return out;
}

/**
 * The label for one probability vector under per-label thresholds: among labels whose
 * probability reaches their threshold, the one that clears it by the widest margin; when none
 * does, the most probable label. Labels without a threshold compete only through the fallback.
 *
 * @example
 * decide([0.2, 0.45, 0.35], [undefined, 0.4, undefined]); // 1: the second label clears 0.4
 */
export function decide(probs: ArrayLike<number>, thresholds: readonly (number | undefined)[]): number {
  let best = -1;
  let bestMargin = -Infinity;
  for (let k = 0; k < probs.length; k++) {
    const t = thresholds[k];
    if (t === undefined || probs[k]! < t) continue;
    if (probs[k]! - t > bestMargin) {
      bestMargin = probs[k]! - t;
      best = k;
    }
  }
  if (best >= 0) return best;
  let arg = 0;
  for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[arg]!) arg = k;
  return arg;
}

/**
 * Threshold for one label, one-vs-rest on held-out rows: the highest threshold that keeps
 * recall >= `minRecall` when given (a guard would rather over-block than miss), else the one
 * that maximises F1.
 */
export function tuneThreshold(probs: readonly ArrayLike<number>[], y: Int32Array, label: number, minRecall?: number): number {
  const scored = probs.map((p, r) => ({ p: p[label]!, positive: y[r] === label })).sort((a, b) => b.p - a.p);
  const positives = scored.filter((s) => s.positive).length;
  if (positives === 0) return 0.5;
  let tp = 0;
  let fp = 0;
  let bestF1 = -1;
  let bestT = 0.5;
  for (let i = 0; i < scored.length; i++) {
    if (scored[i]!.positive) tp++;
    else fp++;
    // Only cut between distinct scores: a threshold cannot split tied rows.
    if (i + 1 < scored.length && scored[i + 1]!.p === scored[i]!.p) continue;
    const t = scored[i]!.p;
    const recall = tp / positives;
    if (minRecall !== undefined) {
      if (recall >= minRecall) return t;
      continue;
    }
    const f1 = (2 * tp) / (2 * tp + fp + (positives - tp));
    if (f1 > bestF1) {
      bestF1 = f1;
      bestT = t;
    }
  }
  return minRecall !== undefined ? scored.at(-1)!.p : bestT;
}
