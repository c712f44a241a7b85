import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { runDemo } from './index.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-demo-');

it('runs every step on the bundled data and writes only under its output folder', async () => {
  const lines: string[] = [];
  const reports = await runDemo({ dataDir: resolve(import.meta.dirname, '../../../data/demo'), outDir: dir, workers: 2 }, (l) => lines.push(l));
  expect(reports.length).toBeGreaterThanOrEqual(2);
  expect(existsSync(join(dir, 'corpus.parquet'))).toBe(true);
  expect(existsSync(join(dir, 'corpus_hf', 'state.json'))).toBe(true);
  expect(existsSync(join(dir, 'run', 'manifest.json'))).toBe(true);
  expect(lines.join('\n')).toContain('kept 98 of 100 records');
});
