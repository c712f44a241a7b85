import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { instructDemoStep } from './demo.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-instruct-demo-');

it('the demo step runs all seven stages offline, builds the dataset with its card, then resumes with everything skipped', async () => {
  const started = performance.now();
  const lines = await instructDemoStep.run({ dataDir: 'unused', outDir: dir });
  const seconds = (performance.now() - started) / 1000;
  const text = lines.join('\n');
  for (const stage of ['collect', 'filter', 'structure', 'classify', 'review', 'align', 'assemble']) expect(text).toMatch(new RegExp(`^${stage} +ran `, 'm'));
  expect(text).toMatch(/^collect +ran +517 records/m);
  expect(text).toMatch(/^review +ran +\d+ approved \(\d+ automatically\)/m);
  expect(text).toContain('same command again: 7 of 7 stages skipped as up to date');
  const out = join(dir, 'instruct');
  expect(text).toContain(`dataset → ${join(out, 'dataset')}/`);
  const card = await readFile(join(out, 'dataset', 'README.md'), 'utf8');
  expect(card).toContain('# Cybersecurity instruction dataset');
  expect(card).toMatch(/\| align \| \d+ \| \d+ \| \d+ \| \d+ \|/);
  for (const f of ['records.jsonl', 'relevant.jsonl', 'rejected.jsonl', 'pairs.jsonl', 'classified.jsonl', 'reviewed.jsonl', 'aligned.jsonl', 'pipeline.json']) expect(existsSync(join(out, f))).toBe(true);
  const manifest = JSON.parse(await readFile(join(out, 'pipeline.json'), 'utf8'));
  expect(manifest.status).toBe('complete');
  // The issue asks for a fast demo; the budget is generous for a shared 2-core machine.
  expect(seconds).toBeLessThan(30);
}, 120_000);
