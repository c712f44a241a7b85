import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { filterDemoStep } from './demo.js';
import { REPO } from './test-helpers/fixtures.js';

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'warden-filter-demo-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

it('runs the filter demo on the bundled data and says where everything went', async () => {
  const lines = await filterDemoStep.run({ dataDir: join(REPO, 'data', 'demo'), outDir, workers: 1 });
  const text = lines.join('\n');
  expect(text).toMatch(/300 documents in 10 shards \(one checkpoint each\): kept \d+, removed \d+/);
  expect(text).toMatch(/classifier\s+precision 1\.000/);
  expect(text).toMatch(/rethreshold 0\.5 → 0\.05 from the logged scores \(nothing rescored\): removed (\d+) → (\d+)/);
  const [, before, after] = /removed (\d+) → (\d+)/.exec(text)!;
  expect(Number(after)).toBeGreaterThan(Number(before));
  for (const file of ['report.html', 'report.json', 'judgments.csv', 'rethreshold/threshold-0.05/report.html']) expect(existsSync(join(outDir, 'filter', file))).toBe(true);
});
