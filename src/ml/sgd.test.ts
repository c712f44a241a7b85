import { describe, expect, it } from 'vitest';
import { toCsr } from './csr.js';
import { predictProba } from './linear.js';
import { classWeights, logLoss, trainSoftmaxSgd } from './sgd.js';
import { syntheticRows } from './test-data.js';
import { HashingVectorizer } from './vectorizer.js';
import { rowOf } from './csr.js';

const labels = ['finance', 'sports', 'weather'];
function data(n: number, seed: number) {
  const v = new HashingVectorizer({ kind: 'hashing', bits: 14, wordNgrams: [1, 2], charNgrams: [3, 5], sublinearTf: true, maxChars: 10_000 });
  const rows = syntheticRows(n, seed);
  return { X: toCsr(rows.map((r) => v.transform(r.text)), v.dim), y: Int32Array.from(rows, (r) => labels.indexOf(r.label)) };
}
const accuracy = (model: Parameters<typeof predictProba>[0], X: ReturnType<typeof data>['X'], y: Int32Array) => {
  let ok = 0;
  for (let r = 0; r < X.rows; r++) {
    const p = predictProba(model, rowOf(X, r));
    if (p.indexOf(Math.max(...p)) === y[r]) ok++;
  }
  return ok / X.rows;
};

describe('trainSoftmaxSgd', () => {
  const train = data(1500, 1);
  const val = data(300, 2);

  it('learns: held-out accuracy high, loss far below chance', () => {
    const { model, epochs } = trainSoftmaxSgd(train.X, train.y, labels, { validation: val, seed: 3 });
    expect(accuracy(model, val.X, val.y)).toBeGreaterThan(0.9);
    expect(logLoss(model, val.X, val.y)).toBeLessThan(Math.log(3) / 2);
    expect(epochs[0]!.trainLoss).toBeGreaterThan(epochs.at(-1)!.trainLoss);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = trainSoftmaxSgd(train.X, train.y, labels, { epochs: 2, seed: 7 }).model;
    const b = trainSoftmaxSgd(train.X, train.y, labels, { epochs: 2, seed: 7 }).model;
    const c = trainSoftmaxSgd(train.X, train.y, labels, { epochs: 2, seed: 8 }).model;
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(c.weights.buffer))).toBe(false);
  });

  it('stops early when the validation loss stops improving, keeping the best epoch', () => {
    const result = trainSoftmaxSgd(train.X, train.y, labels, { validation: val, epochs: 50, patience: 1, tol: 0.05 });
    expect(result.epochs.length).toBeLessThan(50);
    const best = Math.min(...result.epochs.map((e) => e.validationLoss!));
    expect(result.epochs[result.bestEpoch - 1]!.validationLoss).toBe(best);
  });

  it('stronger L2 shrinks the weights', () => {
    const norm = (w: Float32Array) => Math.sqrt(w.reduce((s, x) => s + x * x, 0));
    const weak = trainSoftmaxSgd(train.X, train.y, labels, { epochs: 3, l2: 1e-6 }).model;
    const strong = trainSoftmaxSgd(train.X, train.y, labels, { epochs: 3, l2: 1e-2 }).model;
    expect(norm(strong.weights)).toBeLessThan(norm(weak.weights) / 2);
  });

  it('balanced class weights follow n / (K · count)', () => {
    expect(classWeights(Int32Array.from([0, 0, 0, 1]), ['a', 'b'], 'balanced')).toEqual([4 / 6, 2]);
    expect(classWeights(Int32Array.from([0, 1]), ['a', 'b'], 'none')).toEqual([1, 1]);
    expect(classWeights(Int32Array.from([0, 1]), ['a', 'b'], { b: 3 })).toEqual([1, 3]);
  });

  it('rejects unusable data', () => {
    expect(() => trainSoftmaxSgd(train.X, train.y, ['only'])).toThrow(/two labels/);
    expect(() => trainSoftmaxSgd(train.X, train.y.slice(1), labels)).toThrow(/rows/);
  });
});
