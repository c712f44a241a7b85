import { describe, expect, it } from 'vitest';
import { labelSkew } from './skew.js';

const row = (text: string, label: string) => ({ text, label });

describe('labelSkew', () => {
  it('flags a word that appears (almost) only under one label, counted once per row', () => {
    const rows = [
      ...Array.from({ length: 25 }, (_, i) => row(`Warning: warning sign number ${i} about phishing`, 'educational')),
      ...Array.from({ length: 25 }, (_, i) => row(`run the tool number ${i} about files`, 'command')),
      ...Array.from({ length: 10 }, (_, i) => row(`a plain sentence about files ${i}`, 'text')),
    ];
    const report = labelSkew(rows, { minCount: 20, threshold: 0.9 });
    const flagged = Object.fromEntries(report.words.map((w) => [w.word, w]));
    expect(flagged['warning']).toEqual({ word: 'warning', rows: 25, label: 'educational', share: 1, baseShare: 25 / 60 });
    expect(flagged['run']?.label).toBe('command');
    expect(flagged['about']).toBeUndefined();
    expect(flagged['files']).toBeUndefined();
    expect(flagged['number']).toBeUndefined();
    expect(report.skippedLabels).toEqual([]);
  });

  it('respects minCount and threshold', () => {
    const rows = [...Array.from({ length: 9 }, () => row('alpha', 'a')), row('alpha', 'b'), ...Array.from({ length: 10 }, () => row('beta', 'b'))];
    expect(labelSkew(rows, { minCount: 10, threshold: 0.9 }).words.map((w) => w.word)).toEqual(['alpha', 'beta']);
    expect(labelSkew(rows, { minCount: 10, threshold: 0.95 }).words.map((w) => w.word)).toEqual(['beta']);
    expect(labelSkew(rows, { minCount: 11, threshold: 0.9 }).words).toEqual([]);
  });

  it('does not judge with a single label or for a label that dominates the data', () => {
    expect(labelSkew([row('x', 'a'), row('x', 'a')], { minCount: 1, threshold: 0.9 })).toEqual({ words: [], skippedLabels: [], note: 'needs rows of at least two labels' });
    const rows = [...Array.from({ length: 95 }, () => row('common words here', 'a')), ...Array.from({ length: 5 }, () => row('rare', 'b'))];
    const report = labelSkew(rows, { minCount: 5, threshold: 0.9 });
    expect(report.skippedLabels).toEqual(['a']);
    expect(report.words.map((w) => w.word)).toEqual(['rare']);
  });
});
