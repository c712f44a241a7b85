import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../test/helpers.js';
import { classifyPairsFile } from '../../apps/instruct/classify/index.js';
import { checkReviewPaths, reviewBatch } from '../../apps/instruct/review/index.js';
import { main } from '../main.js';

let dir: string;
useTempDir((path) => (dir = path));

// Every output is written by rename: one that names an input (or the store) would replace it.
it('refuses outputs that would replace an input, the review store or the snapshot folder', async () => {
  const pairs = join(dir, 'pairs.jsonl');
  await writeFile(pairs, '');
  expect((await expectWardenError(reviewBatch({ input: pairs, out: pairs, db: `sqlite:${join(dir, 'r.db')}`, reviewer: 'x' }))).message).toContain('--out must differ from --input');
  expect(() => checkReviewPaths(join(dir, 'instruct.db'), `sqlite:${join(dir, 'instruct.db')}`)).toThrow('--out must not be the review store');
  expect(() => checkReviewPaths(join(dir, 'reviewed.jsonl'), `sqlite:${join(dir, 'instruct.db')}`, pairs)).not.toThrow();

  const records = join(dir, 'records.jsonl');
  await writeFile(records, '');
  expect((await expectWardenError(classifyPairsFile(pairs, records, { records }))).message).toContain('--out must differ from --records');
  expect(await readFile(records, 'utf8')).toBe('');

  const snapshots = join(dir, 'snapshots');
  await mkdir(snapshots);
  let err = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true)) as typeof process.stderr.write;
  try {
    expect(await main(['node', 'warden', 'instruct', 'collect', '--offline', snapshots, '--out', join(snapshots, 'run')])).toBe(2);
  } finally {
    process.stderr.write = write;
  }
  expect(err).toContain('--out must not be inside --offline');
});
