import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { generateDataset } from './splits.js';
import { validateDlp } from './validate.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-dlp-');

describe('generateDataset', () => {
  it('writes the splits and a manifest; the same seed gives the same bytes, another seed other bytes', async () => {
    const counts = { train: 300, val: 50, test: 50 };
    const a = await generateDataset({ seed: 42, counts, out: join(dir, 'a') });
    await generateDataset({ seed: 42, counts, out: join(dir, 'b') });
    await generateDataset({ seed: 43, counts, out: join(dir, 'c') });
    expect((await readdir(join(dir, 'a'))).sort()).toEqual(['manifest.json', 'test.jsonl', 'train.jsonl', 'val.jsonl']);
    for (const file of ['train.jsonl', 'val.jsonl', 'test.jsonl', 'manifest.json']) {
      const bytesA = await readFile(join(dir, 'a', file));
      expect(bytesA.equals(await readFile(join(dir, 'b', file))), file).toBe(true);
      expect(bytesA.equals(await readFile(join(dir, 'c', file))), file).toBe(false);
    }
    for (const [split, f] of Object.entries(a.files)) {
      const bytes = await readFile(join(dir, 'a', f.path));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(bytes.toString('utf8').trimEnd().split('\n')).toHaveLength(counts[split as keyof typeof counts]);
    }
    const manifest = JSON.parse(await readFile(join(dir, 'a', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ seed: 42, counts, generator: 'warden-dlp/1' });
    expect(manifest.distributions.total.records).toBe(400);
    expect(Object.keys(manifest.distributions.total.spanTypes).length).toBeGreaterThanOrEqual(10);
  });

  it('the generated set validates with zero problems, detector scan included', async () => {
    await generateDataset({ seed: 8, counts: { train: 400, val: 100 }, out: dir });
    const report = await validateDlp([dir]);
    expect(report.issues).toEqual([]);
    expect(report.problems).toBe(0);
    expect(report.records).toBe(500);
    expect(report.files.map((f) => f.path.slice(dir.length + 1))).toEqual(['train.jsonl', 'val.jsonl']);
  });

  it('skips splits with 0 records and refuses to generate nothing', async () => {
    const m = await generateDataset({ seed: 1, counts: { train: 10, val: 0, test: 0 }, out: dir });
    expect(Object.keys(m.files)).toEqual(['train']);
    const error = await expectWardenError(generateDataset({ seed: 1, counts: { train: 0 }, out: dir }));
    expect(error.code).toBe('W_USAGE');
  });

  it('validateDlp reports bad JSON with file and line', async () => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, '{"id": 1}\n{broken\n');
    const error = await expectWardenError(validateDlp([path]));
    expect(error.code).toBe('W_IO_BAD_JSONL');
    expect(error.message).toContain(`${path}:2`);
    expect((await expectWardenError(validateDlp([join(dir, 'missing')]))).code).toBe('W_IO_NOT_FOUND');
  });
});
