import { describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import { bootstrapMacroF1, evaluate, type EvalInput } from './metrics.js';

// Four labels with the awkward cases on purpose: C occurs in yTrue but is never predicted, D is
// predicted once but never occurs in yTrue, row 5 ties A/B/C (argmax takes A), rows 3 and 4 are
// identical, and scores tie everywhere.
const labels = ['A', 'B', 'C', 'D'];
const rows = [
  [0.7, 0.1, 0.1, 0.1], [0.6, 0.2, 0.1, 0.1], [0.4, 0.3, 0.2, 0.1], [0.2, 0.6, 0.1, 0.1],
  [0.2, 0.6, 0.1, 0.1], [0.3, 0.3, 0.3, 0.1], [0.1, 0.5, 0.3, 0.1], [0.4, 0.2, 0.3, 0.1],
  [0.2, 0.2, 0.2, 0.4], [0.5, 0.2, 0.2, 0.1], [0.1, 0.7, 0.1, 0.1], [0.3, 0.4, 0.2, 0.1],
];
const yTrue = [0, 0, 1, 1, 1, 2, 2, 2, 0, 0, 1, 0];
const input: EvalInput = { labels, yTrue, probs: rows.map((r) => Float64Array.from(r)) };

describe('evaluate against scikit-learn 1.2.1', () => {
  // Reference values from scikit-learn 1.2.1 (Debian python3-sklearn), run as /usr/bin/python3:
  //   import numpy as np; from sklearn.metrics import *
  //   P = np.array(rows); y = np.array(yTrue); yp = P.argmax(1)
  //   accuracy_score(y, yp); f1_score(y, yp, average='macro', zero_division=0)
  //   precision_recall_fscore_support(y, yp, labels=[0, 1, 2, 3], zero_division=0)
  //   confusion_matrix(y, yp, labels=[0, 1, 2, 3])
  //   for k in range(3): average_precision_score(y == k, P[:, k]), roc_auc_score(y == k, P[:, k])
  // ECE by hand in numpy (sklearn has none): conf = P[range(12), yp]; b = min(9, floor(conf * 10));
  //   Σ over bins of count/12 · |mean(yp == y) − mean(conf)|.
  const result = evaluate(input);

  it('accuracy, macro-F1 and the confusion matrix', () => {
    expect(result.n).toBe(12);
    expect(result.accuracy).toBe(0.5);
    // Macro over labels present in yTrue or yPred (A, B, C, D), like sklearn without labels=.
    expect(result.macroF1).toBeCloseTo(0.303030303030303, 12);
    expect(result.confusion).toEqual([
      [3, 1, 0, 1],
      [1, 3, 0, 0],
      [2, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('per-label precision, recall, F1 and support with zero_division=0', () => {
    const expected = {
      A: [0.5, 0.6, 0.5454545454545454, 5],
      B: [0.6, 0.75, 0.6666666666666665, 4],
      C: [0, 0, 0, 3], // never predicted
      D: [0, 0, 0, 0], // never true
    } as const;
    for (const [label, [precision, recall, f1, support]] of Object.entries(expected)) {
      const m = result.perLabel[label]!;
      expect(m.precision).toBeCloseTo(precision, 12);
      expect(m.recall).toBeCloseTo(recall, 12);
      expect(m.f1).toBeCloseTo(f1, 12);
      expect(m.support).toBe(support);
    }
  });

  it('one-vs-rest AP and AUROC, null for a label absent from yTrue', () => {
    expect(result.perLabel.A!.auprc).toBeCloseTo(0.8142857142857143, 12);
    expect(result.perLabel.A!.auroc).toBeCloseTo(0.8142857142857143, 12);
    expect(result.perLabel.B!.auprc).toBeCloseTo(0.8928571428571428, 12);
    expect(result.perLabel.B!.auroc).toBeCloseTo(0.921875, 12);
    expect(result.perLabel.C!.auprc).toBe(1);
    expect(result.perLabel.C!.auroc).toBe(1);
    expect(result.perLabel.D!.auprc).toBeNull();
    expect(result.perLabel.D!.auroc).toBeNull();
    expect(result.curves.D).toEqual({ pr: [], roc: [] });
  });

  it('ECE and reliability bins', () => {
    expect(result.ece).toBeCloseTo(0.3083333333333333, 12);
    expect(result.calibration).toHaveLength(10);
    expect(result.calibration.reduce((sum, b) => sum + b.count, 0)).toBe(12);
    // Rows 2, 7, 8 and 11 predict with confidence 0.4 and are all wrong.
    const bin4 = result.calibration[4]!;
    expect(bin4).toMatchObject({ bin: 4, lower: 0.4, upper: 0.5, count: 4, accuracy: 0 });
    expect(bin4.meanConfidence).toBeCloseTo(0.4, 12);
    expect(result.calibration[0]).toMatchObject({ count: 0, meanConfidence: null, accuracy: null });
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe('evaluate by hand', () => {
  it('uses a given yPred for the confusion matrix and for confidence', () => {
    const r = evaluate({
      labels: ['no', 'yes'],
      yTrue: [0, 1],
      probs: [Float64Array.of(0.8, 0.2), Float64Array.of(0.6, 0.4)],
      yPred: Int32Array.of(0, 1), // a threshold of 0.3 on "yes"
    });
    expect(r.accuracy).toBe(1);
    expect(r.confusion).toEqual([[1, 0], [0, 1]]);
    // Confidence in the predicted label: 0.8 and 0.4, both right.
    expect(r.ece).toBeCloseTo((0.2 + 0.6) / 2, 12);
  });

  it('caps curves at curvePoints and keeps their ends', () => {
    const n = 1000;
    const probs = Array.from({ length: n }, (_, i) => Float64Array.of(1 - i / n, i / n));
    const y = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const r = evaluate({ labels: ['x', 'y'], yTrue: y, probs }, { curvePoints: 21, bins: 5 });
    const roc = r.curves.y!.roc;
    expect(roc.length).toBeLessThanOrEqual(21);
    expect(roc[0]).toEqual([0, 0]);
    expect(roc.at(-1)).toEqual([1, 1]);
    expect(r.curves.y!.pr.length).toBeLessThanOrEqual(21);
    expect(r.calibration).toHaveLength(5);
  });

  it('keeps a label called __proto__ as an ordinary key', () => {
    const r = evaluate({ labels: ['__proto__', 'ok'], yTrue: [0, 1], probs: [Float64Array.of(0.9, 0.1), Float64Array.of(0.1, 0.9)] });
    expect(Object.keys(r.perLabel)).toEqual(['__proto__', 'ok']);
    expect(Object.getPrototypeOf(r.perLabel)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(r)).perLabel.__proto__.f1).toBe(1);
  });

  it('rejects malformed input with W_USAGE', () => {
    const p = [Float64Array.of(0.5, 0.5)];
    const bad: [EvalInput, RegExp][] = [
      [{ labels: ['a'], yTrue: [0], probs: [Float64Array.of(1)] }, /two labels/],
      [{ labels: ['a', 'a'], yTrue: [0], probs: p }, /unique/],
      [{ labels: ['a', 'b'], yTrue: [], probs: [] }, /zero/],
      [{ labels: ['a', 'b'], yTrue: [0, 1], probs: p }, /rows/],
      [{ labels: ['a', 'b'], yTrue: [2], probs: p }, /yTrue\[0\]/],
      [{ labels: ['a', 'b'], yTrue: [0], probs: [Float64Array.of(0.5)] }, /expected 2/],
      [{ labels: ['a', 'b'], yTrue: [0], probs: [Float64Array.of(NaN, 1)] }, /finite/],
      [{ labels: ['a', 'b'], yTrue: [0], probs: p, yPred: [-1] }, /yPred\[0\]/],
    ];
    for (const [args, message] of bad) {
      expect(() => evaluate(args)).toThrow(message);
      expect(() => evaluate(args)).toThrow(WardenError);
    }
    expect(() => evaluate(input, { bins: 0 })).toThrow(/bins/);
    expect(() => evaluate(input, { curvePoints: 1 })).toThrow(/curvePoints/);
  });
});

describe('bootstrapMacroF1', () => {
  const yPred = [0, 0, 0, 1, 1, 0, 1, 0, 3, 0, 1, 1];

  it('matches sklearn on the same resamples', () => {
    // Reference: the same resamples scored by scikit-learn 1.2.1 (/usr/bin/python3), with
    // mulberry32 ported to Python so the drawn indices match:
    //   def mulberry32(a):
    //     M = 0xffffffff; imul = lambda x, y: (x * y) & M
    //     def nxt():
    //       nonlocal a; a = (a + 0x6D2B79F5) & M; t = imul(a ^ (a >> 15), a | 1)
    //       t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & M)) & M; return (t ^ (t >> 14)) / 2**32
    //     return nxt
    //   rand = mulberry32(7); y = np.array(yTrue); yp = np.array(yPred); s = []
    //   for _ in range(200):
    //     idx = [int(rand() * 12) for _ in range(12)]
    //     s.append(f1_score(y[idx], yp[idx], average='macro', zero_division=0))
    //   np.mean(s), np.percentile(s, 2.5), np.percentile(s, 97.5)
    const ci = bootstrapMacroF1(yTrue, yPred, 4, { samples: 200, seed: 7 });
    expect(ci.mean).toBeCloseTo(0.3206645587850116, 12);
    expect(ci.low).toBeCloseTo(0.12491071428571429, 12);
    expect(ci.high).toBeCloseTo(0.5716630591630593, 12);
  });

  it('is deterministic for a seed and brackets the point estimate', () => {
    const a = bootstrapMacroF1(yTrue, yPred, 4, { seed: 3 });
    expect(bootstrapMacroF1(Int32Array.from(yTrue), Int32Array.from(yPred), 4, { seed: 3 })).toEqual(a);
    expect(bootstrapMacroF1(yTrue, yPred, 4, { seed: 4 })).not.toEqual(a);
    expect(a.low).toBeLessThanOrEqual(a.mean);
    expect(a.mean).toBeLessThanOrEqual(a.high);
    expect(a.low).toBeLessThan(0.303);
    expect(a.high).toBeGreaterThan(0.303);
    const narrow = bootstrapMacroF1(yTrue, yPred, 4, { seed: 3, confidence: 0.5 });
    expect(narrow.high - narrow.low).toBeLessThan(a.high - a.low);
  });

  it('collapses to a point for perfect predictions', () => {
    expect(bootstrapMacroF1([0, 1, 2, 1], [0, 1, 2, 1], 3, { samples: 50 })).toEqual({ mean: 1, low: 1, high: 1 });
  });

  it('rejects bad arguments with W_USAGE', () => {
    expect(() => bootstrapMacroF1([0], [0, 1], 2, {})).toThrow(WardenError);
    expect(() => bootstrapMacroF1([], [], 2, {})).toThrow(/zero/);
    expect(() => bootstrapMacroF1([0], [2], 2, {})).toThrow(/yPred/);
    expect(() => bootstrapMacroF1([0], [0], 2, { samples: 0 })).toThrow(/samples/);
    expect(() => bootstrapMacroF1([0], [0], 2, { confidence: 1 })).toThrow(/confidence/);
  });
});
