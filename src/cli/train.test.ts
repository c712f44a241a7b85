import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runWarden } from '../../test/cli.js';
import { useTempDir } from '../../test/helpers.js';
import { syntheticRows } from '../ml/test-data.js';

let dir: string;
useTempDir((d) => (dir = d));

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('warden train / eval / classify', () => {
  beforeEach(async () => {
    const rows = (n: number, seed: number) => syntheticRows(n, seed).map(({ text, label, fields }) => ({ text, topic: label, kind: fields!['kind'] }));
    await writeFile(join(dir, 'train.jsonl'), jsonl(rows(900, 1)));
    await writeFile(join(dir, 'eval.jsonl'), jsonl(rows(300, 2)));
  });

  it('trains a model, evaluates it with a report, and classifies records in order', async () => {
    const model = join(dir, 'model');
    const trained = await runWarden('train', 'classifier', '--train', join(dir, 'train.jsonl'), '--eval', join(dir, 'eval.jsonl'), '--label-field', 'topic', '--feature-token', 'KIND_{kind}', '--bits', '14', '--output', model, '--quiet');
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/evaluation set: 300 rows, accuracy (?:0\.9\d\d|1\.000), macro-F1 (?:0\.9\d\d|1\.000) \[95% CI/);
    for (const f of ['manifest.json', 'weights.bin', 'report.json', 'report.html']) expect(existsSync(join(model, f))).toBe(true);
    const manifest = JSON.parse(await readFile(join(model, 'manifest.json'), 'utf8')) as { input: { featureTokens: string[] }; metrics: { test: { macroF1: number } } };
    expect(manifest.input.featureTokens).toEqual(['KIND_{kind}']);
    expect(manifest.metrics.test.macroF1).toBeGreaterThan(0.9);

    const report = join(dir, 'eval.html');
    const evaluated = await runWarden('eval', 'classifier', '--model', model, '--test', join(dir, 'eval.jsonl'), '--label-field', 'topic', '--report', report, '--json');
    expect(evaluated.code).toBe(0);
    const metrics = JSON.parse(evaluated.stdout) as { rows: number; macroF1: number; macroF1CI: { low: number; high: number } };
    expect(metrics.rows).toBe(300);
    expect(metrics.macroF1).toBeCloseTo(manifest.metrics.test.macroF1, 6);
    expect(metrics.macroF1CI.low).toBeLessThanOrEqual(metrics.macroF1);
    expect(await readFile(report, 'utf8')).toContain('<svg');

    await writeFile(join(dir, 'in.jsonl'), jsonl([{ id: 'x', text: 'heavy rain expected and a storm warning' }, { text: 'shares fell after quarterly earnings' }]));
    const classified = await runWarden('classify', '--model', model, '--jsonl', join(dir, 'in.jsonl'));
    expect(classified.code).toBe(0);
    const lines = classified.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; label: string; probs: Record<string, number> });
    expect(lines.map((l) => [l.id, l.label])).toEqual([
      ['x', 'weather'],
      ['in.jsonl#1', 'finance'],
    ]);
    expect(Object.values(lines[0]!.probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('fails clearly on bad input (exit 2)', async () => {
    await writeFile(join(dir, 'bad.jsonl'), jsonl([{ text: 'a' }]));
    const missing = await runWarden('train', 'classifier', '--train', join(dir, 'bad.jsonl'), '--output', join(dir, 'm'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/W_TRAIN_DATA.*bad\.jsonl#1.*label/);
    const noModel = await runWarden('classify', '--model', join(dir, 'none'), '--jsonl', join(dir, 'bad.jsonl'));
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toContain('W_MODEL_NOT_FOUND');
    expect((await runWarden('classify')).code).toBe(2);
  });
});
