import { describe, expect, it } from 'vitest';
import { averagePrecision, downsample, prCurve, reliability, rocAuc, rocCurve, thresholdCounts } from './curves.js';

// 30 rows with heavy ties (scores rounded to 0.1), from numpy:
//   rng = np.random.default_rng(3); yb = rng.integers(0, 2, 30)
//   sb = np.round(np.clip(rng.normal(0.4 + 0.2 * yb, 0.2), 0, 1), 1)
const yb = [1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 1];
const sb = [
  0.5, 0.5, 0.4, 0.6, 0.4, 0.6, 0.9, 0.7, 0.3, 0.4, 0.5, 0.8, 0.5, 0.4, 0.6, 0.2, 0.5, 0.8, 0.5, 0.4, 0.5, 0.0, 0.8,
  0.4, 0.1, 0.5, 0.7, 0.5, 0.2, 0.6,
];

function expectCurve(actual: [number, number][], expected: [number, number][]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach(([x, y], i) => {
    expect(x).toBeCloseTo(expected[i]![0], 5);
    expect(y).toBeCloseTo(expected[i]![1], 5);
  });
}

describe('ranking metrics against scikit-learn 1.2.1', () => {
  const counts = thresholdCounts(sb, yb);

  it('average precision and ROC AUC with tied scores', () => {
    // /usr/bin/python3 -c "from sklearn.metrics import *; print(average_precision_score(yb, sb), roc_auc_score(yb, sb))"
    expect(averagePrecision(counts)).toBeCloseTo(0.6968713450292398, 12);
    expect(rocAuc(counts)).toBeCloseTo(0.8171296296296297, 12);
  });

  it('PR curve points', () => {
    // p, r, _ = precision_recall_curve(yb, sb); list(zip(r[::-1], p[::-1])), rounded to 6 places
    expectCurve(prCurve(counts), [
      [0.0, 1.0], [0.083333, 1.0], [0.25, 0.75], [0.416667, 0.833333], [0.583333, 0.7], [0.916667, 0.578947],
      [1.0, 0.48], [1.0, 0.461538], [1.0, 0.428571], [1.0, 0.413793], [1.0, 0.4],
    ]);
  });

  it('ROC curve points', () => {
    // f, t, _ = roc_curve(yb, sb, drop_intermediate=False); list(zip(f, t)), rounded to 6 places
    expectCurve(rocCurve(counts), [
      [0.0, 0.0], [0.0, 0.083333], [0.055556, 0.25], [0.055556, 0.416667], [0.166667, 0.583333],
      [0.444444, 0.916667], [0.722222, 1.0], [0.777778, 1.0], [0.888889, 1.0], [0.944444, 1.0], [1.0, 1.0],
    ]);
  });
});

describe('ranking metrics by hand', () => {
  it('scores ties as half a correct ordering', () => {
    // One positive and one negative with the same score: a coin flip.
    expect(rocAuc(thresholdCounts([0.5, 0.5], [1, 0]))).toBe(0.5);
    // All tied: one threshold, precision = base rate at full recall.
    expect(averagePrecision(thresholdCounts([0.3, 0.3, 0.3, 0.3], [1, 0, 0, 0]))).toBe(0.25);
  });

  it('the sklearn docstring example', () => {
    const counts = thresholdCounts([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(averagePrecision(counts)).toBeCloseTo(0.8333333333333333, 12);
    expect(rocAuc(counts)).toBe(0.75);
  });

  it('is null, with empty curves, when a class is missing', () => {
    const noPositives = thresholdCounts([0.1, 0.2], [0, 0]);
    expect(averagePrecision(noPositives)).toBeNull();
    expect(rocAuc(noPositives)).toBeNull();
    expect(prCurve(noPositives)).toEqual([]);
    expect(rocCurve(noPositives)).toEqual([]);
    const noNegatives = thresholdCounts([0.1, 0.2], [1, 1]);
    expect(averagePrecision(noNegatives)).toBe(1);
    expect(rocAuc(noNegatives)).toBeNull();
    expect(prCurve(noNegatives)).toEqual([[0, 1], [0.5, 1], [1, 1]]);
  });
});

describe('downsample', () => {
  it('keeps both ends and at most maxPoints', () => {
    const points = Array.from({ length: 1000 }, (_, i): [number, number] => [i / 999, Math.sqrt(i / 999)]);
    const out = downsample(points, 101);
    expect(out).toHaveLength(101);
    expect(out[0]).toEqual([0, 0]);
    expect(out.at(-1)).toEqual([1, 1]);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
  });

  it('leaves short curves alone', () => {
    const points: [number, number][] = [[0, 0], [1, 1]];
    expect(downsample(points, 101)).toBe(points);
    expect(downsample([[0, 0], [0.2, 0.5], [0.5, 0.7], [0.6, 0.8], [1, 1]], 3)).toEqual([[0, 0], [0.5, 0.7], [1, 1]]);
  });
});

describe('reliability', () => {
  it('bins by confidence and weighs each bin gap by its share of rows', () => {
    const r = reliability(Float64Array.of(0.9, 0.8, 1, 0.05), Uint8Array.of(1, 0, 1, 0), 10);
    // Bin 9 holds 0.9 and 1.0 (both right): gap |1 − 0.95|; bin 8: |0 − 0.8|; bin 0: |0 − 0.05|.
    expect(r.ece).toBeCloseTo((2 * 0.05 + 0.8 + 0.05) / 4, 12);
    expect(r.calibration[9]).toMatchObject({ lower: 0.9, upper: 1, count: 2, accuracy: 1 });
    expect(r.calibration[5]).toMatchObject({ count: 0, meanConfidence: null, accuracy: null });
  });
});
