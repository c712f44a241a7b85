import { describe, expect, it } from 'vitest';
import { decide, fitTemperature, tuneThreshold } from './calibrate.js';
import { toCsr } from './csr.js';
import type { LinearModel } from './linear.js';
import { logLoss } from './sgd.js';

describe('fitTemperature', () => {
  it('finds the temperature that undoes over-confidence', () => {
    // One feature; true model p(label 1) = sigmoid(x). The given model has logits 4x too large.
    const xs = Array.from({ length: 2000 }, (_, i) => (i / 2000) * 6 - 3);
    let s = 1;
    const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const y = Int32Array.from(xs, (x) => (rand() < 1 / (1 + Math.exp(-x)) ? 1 : 0));
    const X = toCsr(xs.map((x) => ({ indices: Int32Array.of(0), values: Float32Array.of(x) })), 1);
    const model: LinearModel = { labels: ['a', 'b'], dim: 1, weights: Float32Array.of(-2, 2), bias: Float32Array.of(0, 0), temperature: 1 };
    const before = logLoss(model, X, y);
    model.temperature = fitTemperature(model, X, y);
    expect(model.temperature).toBeGreaterThan(3);
    expect(model.temperature).toBeLessThan(5.5);
    expect(logLoss(model, X, y)).toBeLessThan(before);
  });
});

describe('decide', () => {
  it('picks a label that clears its threshold, else the argmax', () => {
    expect(decide([0.5, 0.3, 0.2], [undefined, 0.25, undefined])).toBe(1);
    expect(decide([0.5, 0.2, 0.3], [undefined, 0.25, undefined])).toBe(0);
    expect(decide([0.4, 0.35, 0.25], [0.3, 0.2, undefined])).toBe(1);
  });
});

describe('tuneThreshold', () => {
  const probs = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1].map((p) => [1 - p, p]);
  const y = Int32Array.from([1, 1, 0, 1, 1, 0, 0, 0]);
  it('keeps a minimum recall with the highest such threshold', () => {
    expect(tuneThreshold(probs, y, 1, 0.75)).toBe(0.6);
    expect(tuneThreshold(probs, y, 1, 1)).toBe(0.4);
  });
  it('maximises F1 without a recall target', () => {
    expect(tuneThreshold(probs, y, 1)).toBe(0.4);
  });
});
