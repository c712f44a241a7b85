import { describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import { stratifiedKFold, stratifiedSplit, type Split } from './cv.js';

/** 103 rows, imbalanced: 60 of label 0, 30 of label 1, 10 of label 2, 3 of label 7, interleaved. */
function imbalanced(): Int32Array {
  const y = [...Array(60).fill(0), ...Array(30).fill(1), ...Array(10).fill(2), 7, 7, 7];
  // Interleave deterministically so labels are not in contiguous blocks.
  return Int32Array.from(y.map((label, i) => ({ label, key: (i * 37) % 103 })).sort((a, b) => a.key - b.key), (e) => e.label);
}

function countsOf(y: ArrayLike<number>, rows: Int32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(y[r]!, (counts.get(y[r]!) ?? 0) + 1);
  return counts;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof WardenError ? error.code : 'not a WardenError';
  }
  return undefined;
}

function expectPartition(n: number, split: Split): void {
  const all = [...split.train, ...split.test].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
  for (const part of [split.train, split.test]) for (let i = 1; i < part.length; i++) expect(part[i]!).toBeGreaterThan(part[i - 1]!);
}

describe('stratifiedKFold', () => {
  const y = imbalanced();
  const totals = countsOf(y, Int32Array.from(y.keys()));

  it.each([2, 3, 5, 10])('puts every row in exactly one test fold, k = %i', (k) => {
    const folds = stratifiedKFold(y, k, 42);
    expect(folds).toHaveLength(k);
    const seen = new Int32Array(y.length);
    for (const fold of folds) {
      expectPartition(y.length, fold);
      for (const i of fold.test) seen[i]!++;
    }
    expect([...seen].every((c) => c === 1)).toBe(true);
  });

  it.each([2, 3, 5, 10])('keeps label proportions within one row per fold, k = %i', (k) => {
    const folds = stratifiedKFold(y, k, 7);
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const fold of folds) {
      const counts = countsOf(y, fold.test);
      for (const [label, total] of totals) {
        const got = counts.get(label) ?? 0;
        expect(got).toBeGreaterThanOrEqual(Math.floor(total / k));
        expect(got).toBeLessThanOrEqual(Math.ceil(total / k));
      }
    }
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = stratifiedKFold(y, 5, 1);
    expect(stratifiedKFold(Array.from(y), 5, 1)).toEqual(a);
    expect(stratifiedKFold(y, 5, 2)).not.toEqual(a);
  });

  it('works with k = n (leave-one-out)', () => {
    const folds = stratifiedKFold([0, 1, 0, 1], 4, 3);
    expect(folds.map((f) => f.test.length)).toEqual([1, 1, 1, 1]);
  });

  it('rejects bad k with W_USAGE', () => {
    for (const [k, message] of [[1, />= 2/], [2.5, />= 2/], [5, /at least 5 rows/]] as const) {
      expect(() => stratifiedKFold([0, 1, 0, 1], k, 1)).toThrow(message);
    }
    expect(codeOf(() => stratifiedKFold([0], 2, 1))).toBe('W_USAGE');
    expect(() => stratifiedKFold([0, NaN, 1], 2, 1)).toThrow(/not a label/);
  });
});

describe('stratifiedSplit', () => {
  const y = imbalanced();
  const totals = countsOf(y, Int32Array.from(y.keys()));

  it.each([0.1, 0.2, 0.25, 0.3, 0.5, 0.9])('sends round(n · ratio) rows to test with each label in proportion, ratio = %f', (ratio) => {
    const split = stratifiedSplit(y, ratio, 11);
    expectPartition(y.length, split);
    expect(split.test.length).toBe(Math.round(y.length * ratio));
    const counts = countsOf(y, split.test);
    for (const [label, total] of totals) {
      const got = counts.get(label) ?? 0;
      expect(Math.abs(got - total * ratio)).toBeLessThan(1);
    }
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = stratifiedSplit(y, 0.2, 5);
    expect(stratifiedSplit(Array.from(y), 0.2, 5)).toEqual(a);
    expect(stratifiedSplit(y, 0.2, 6)).not.toEqual(a);
  });

  it('keeps both sides non-empty on tiny inputs', () => {
    expect(stratifiedSplit([0, 1], 0.01, 1).test).toHaveLength(1);
    expect(stratifiedSplit([0, 1], 0.99, 1).train).toHaveLength(1);
    const split = stratifiedSplit([0, 0, 0, 1], 0.5, 1);
    expect(split.test).toHaveLength(2);
    expectPartition(4, split);
  });

  it('holds its guarantees across many sizes and ratios', () => {
    for (let n = 2; n <= 40; n++) {
      const labels = Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 0 : i % 4);
      const all = countsOf(labels, Int32Array.from(labels.keys()));
      for (let step = 1; step < 20; step++) {
        const ratio = step / 20;
        const split = stratifiedSplit(labels, ratio, n * 100 + step);
        expectPartition(n, split);
        expect(split.test.length).toBe(Math.min(n - 1, Math.max(1, Math.round(n * ratio))));
        const counts = countsOf(labels, split.test);
        for (const [label, total] of all) expect(Math.abs((counts.get(label) ?? 0) - total * ratio)).toBeLessThan(1 + 1e-9);
      }
    }
  });

  it('rejects bad arguments with W_USAGE', () => {
    expect(codeOf(() => stratifiedSplit([0, 1], 0, 1))).toBe('W_USAGE');
    expect(() => stratifiedSplit([0, 1], 1, 1)).toThrow(/ratio/);
    expect(() => stratifiedSplit([0, 1], NaN, 1)).toThrow(/ratio/);
    expect(() => stratifiedSplit([0], 0.5, 1)).toThrow(/at least 2 rows/);
  });
});
