import { describe, expect, it } from 'vitest';
import { syntheticRows } from './test-data.js';
import { evaluateRows, trainClassifier } from './train.js';
import { DEFAULT_VECTORIZER } from './vectorizer.js';

const features = { ...DEFAULT_VECTORIZER, bits: 14 };

describe('trainClassifier', () => {
  it('trains, calibrates and generalises to new rows', () => {
    const out = trainClassifier(syntheticRows(1500, 1), { features, seed: 1 });
    expect(out.validation.macroF1).toBeGreaterThan(0.85);
    const test = evaluateRows(out, syntheticRows(500, 99));
    expect(test.result.macroF1).toBeGreaterThan(0.85);
    expect(out.model.temperature).toBeGreaterThan(0);
    expect(out.training['bestEpoch']).toBeGreaterThanOrEqual(1);
  });

  it('sets a recall threshold when asked, and records the data hash', () => {
    const rows = syntheticRows(900, 2);
    const out = trainClassifier(rows, { features, minRecall: { weather: 0.99 } });
    expect(out.thresholds['weather']).toBeGreaterThan(0);
    expect(out.validation.perLabel['weather']!.recall).toBeGreaterThanOrEqual(0.99);
    const again = trainClassifier(rows, { features, minRecall: { weather: 0.99 } });
    expect(again.training['dataSha256']).toBe(out.training['dataSha256']);
    expect(Array.from(again.model.weights)).toEqual(Array.from(out.model.weights));
  });

  it('rejects unknown labels with the row number, and too little data', () => {
    const rows = syntheticRows(30);
    expect(() => trainClassifier(rows, { labels: ['sports', 'finance'] })).toThrow(/row 3: label "weather"/);
    expect(() => trainClassifier(rows.slice(0, 5))).toThrow(/at least 10/);
  });
});
