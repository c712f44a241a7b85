import { dotRow, type SparseVector } from './sparse.js';

/**
 * A trained multinomial linear model: p = softmax((W·x + b) / temperature). `temperature` comes
 * from calibration on held-out data (1 = uncalibrated).
 */
export interface LinearModel {
  labels: readonly string[];
  dim: number;
  /** Row-major, labels.length rows of `dim` weights. */
  weights: Float32Array;
  bias: Float32Array;
  temperature: number;
}

/** Raw scores W·x + b, one per label. */
export function logits(model: LinearModel, x: SparseVector, out = new Float64Array(model.labels.length)): Float64Array {
  for (let k = 0; k < model.labels.length; k++) out[k] = dotRow(x, model.weights, k, model.dim) + model.bias[k]!;
  return out;
}

/** In-place softmax of scores divided by a temperature (numerically stable). */
export function softmax(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) max = Math.max(max, scores[k]! / temperature);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp(scores[k]! / temperature - max);
    sum += scores[k]!;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = scores[k]! / sum;
  return scores;
}

/**
 * Calibrated class probabilities for one vector.
 *
 * @example
 * const p = predictProba(model, vectorizer.transform('rm -rf /')); // Float64Array, sums to 1
 */
export function predictProba(model: LinearModel, x: SparseVector): Float64Array {
  return softmax(logits(model, x), model.temperature);
}
