import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../test/helpers.js';
import { TextClassifier } from './classifier.js';
import { loadModel, saveModel } from './model-file.js';
import { syntheticRows } from './test-data.js';
import { trainClassifier } from './train.js';
import { DEFAULT_VECTORIZER } from './vectorizer.js';

let dir: string;
useTempDir((d) => (dir = d));

const features = { ...DEFAULT_VECTORIZER, bits: 12 };
async function trained(target: string) {
  const out = trainClassifier(syntheticRows(600), { features, featureTokens: ['KIND_{kind}'], seed: 5 });
  await saveModel(target, out.model, { name: 'topics', version: '1', features: out.features, input: { view: 'text', featureTokens: out.featureTokens }, thresholds: out.thresholds, training: out.training, metrics: {} });
  return out;
}

describe('model files', () => {
  it('round-trip exactly and predict the same probabilities', async () => {
    const target = join(dir, 'm');
    const out = await trained(target);
    const { model, manifest } = await loadModel(target);
    expect(Array.from(model.weights)).toEqual(Array.from(out.model.weights));
    expect(manifest.labels).toEqual(['finance', 'sports', 'weather']);
    expect(manifest.training['dataSha256']).toMatch(/^[0-9a-f]{64}$/);
    const clf = await TextClassifier.load(target);
    expect(clf.predict('shares fell on monday as quarterly earnings', { kind: 'a' }).label).toBe('finance');
  });

  it('refuse weights whose sha256 does not match the manifest', async () => {
    const target = join(dir, 'm');
    await trained(target);
    const weights = await readFile(join(target, 'weights.bin'));
    weights[100] = weights[100]! ^ 0xff;
    await writeFile(join(target, 'weights.bin'), weights);
    const error = await expectWardenError(loadModel(target));
    expect(error.code).toBe('W_MODEL_INTEGRITY');
  });

  it('name the manifest field that is wrong, and a missing model', async () => {
    const target = join(dir, 'm');
    await trained(target);
    const manifest = JSON.parse(await readFile(join(target, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(target, 'manifest.json'), JSON.stringify({ ...manifest, labels: 'oops' }));
    const invalid = await expectWardenError(loadModel(target));
    expect(invalid.code).toBe('W_MODEL_INVALID');
    expect(invalid.message).toContain('labels');
    expect((await expectWardenError(loadModel(join(dir, 'nope')))).code).toBe('W_MODEL_NOT_FOUND');
  });

  it('replace an existing model directory whole', async () => {
    const target = join(dir, 'm');
    await trained(target);
    await writeFile(join(target, 'stale.txt'), 'x');
    await trained(target);
    await expect(readFile(join(target, 'stale.txt'))).rejects.toThrow();
  });
});
