import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, TERMS, generateCorpus, generateTrainingRows, jsonl, termsFile } from './generate.js';

describe('demo filter data', () => {
  it('is deterministic', () => {
    expect(jsonl(generateCorpus())).toBe(jsonl(generateCorpus()));
    expect(jsonl(generateTrainingRows())).toBe(jsonl(generateTrainingRows()));
  });

  it('is what the committed files hold (regenerate with npx tsx training/demo-filter/generate.ts)', () => {
    expect(readFileSync(join(DATA_DIR, 'corpus.jsonl'), 'utf8') === jsonl(generateCorpus())).toBe(true);
    expect(readFileSync(join(DATA_DIR, 'train.jsonl'), 'utf8') === jsonl(generateTrainingRows())).toBe(true);
    expect(readFileSync(join(DATA_DIR, 'terms.txt'), 'utf8')).toBe(termsFile());
  });

  it('has a few hundred documents, most labelled, both classes, unique ids', () => {
    const corpus = generateCorpus();
    expect(corpus.length).toBe(300);
    expect(new Set(corpus.map((r) => r.id)).size).toBe(300);
    const labelled = corpus.filter((r) => r.label);
    expect(labelled.length / corpus.length).toBeGreaterThan(0.6);
    expect(labelled.filter((r) => r.label === 'hazard').length).toBeGreaterThan(30);
    expect(labelled.filter((r) => r.label === 'benign').length).toBeGreaterThan(100);
  });

  it('uses only the invented terms, never unfilled slots', () => {
    expect(new Set(TERMS).size).toBe(TERMS.length);
    for (const r of [...generateCorpus(), ...generateTrainingRows()]) expect(r.text).not.toMatch(/\{[A-Za-z0-9]+\}/);
  });
});

describe('the stand-in classifier in models/demo-filter', () => {
  it('is what the documented `warden train classifier` command writes (same weights)', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { trainModel } = await import('../../src/apps/classifiers/train.js');
    const out = await mkdtemp(join(tmpdir(), 'warden-demo-filter-'));
    try {
      // The options `warden train classifier --train data/demo/filter/train.jsonl --bits 14 --name demo-filter --seed 42` resolves to.
      const result = await trainModel({
        train: [join(DATA_DIR, 'train.jsonl')],
        output: join(out, 'model'),
        textField: 'text',
        labelField: 'label',
        keep: [],
        seed: 42,
        features: { kind: 'hashing', bits: 14, wordNgrams: [1, 2], charNgrams: [3, 5], sublinearTf: true, maxChars: 20_000 },
        sgd: { l2: 3e-6, eta0: 4, epochs: 20 },
        validationFraction: 0.1,
        name: 'demo-filter',
      });
      const committed = JSON.parse(readFileSync(join(DATA_DIR, '..', '..', '..', 'models', 'demo-filter', 'manifest.json'), 'utf8'));
      expect(result.manifest.weights.sha256).toBe(committed.weights.sha256);
      expect(committed.labels).toEqual(['benign', 'hazard']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
