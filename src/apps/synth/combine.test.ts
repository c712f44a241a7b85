import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../test/helpers.js';
import { combineFiles } from './combine.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-synth-');

const row = (text: string, label = 'educational', extra: Record<string, unknown> = {}) => JSON.stringify({ text, label, segment_type: 'text', ...extra });
const LONG = 'Always check the sender address before you click a link in an email because attackers copy the look of real companies closely';

async function write(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.map((l) => l + '\n').join(''));
  return path;
}

async function readRows(path: string): Promise<Record<string, unknown>[]> {
  return (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
}

describe('combineFiles', () => {
  it('concatenates valid rows with their source, skipping artefacts and invalid rows', async () => {
    const a = await write('a.jsonl', ['```jsonl', row('one'), '{"text": "broken"', row('two', 'bogus'), '```']);
    const b = await write('b.jsonl', [row('three', 'text', { source: { file: 'orig.jsonl', line: 9 } })]);
    const output = join(dir, 'out', 'combined.jsonl');
    const report = await combineFiles([a, b], { output });
    expect(report.written).toBe(2);
    expect(report.files).toEqual([
      { path: a, rows: 2, kept: 1, invalid: 2, duplicates: 0, artefacts: 2 },
      { path: b, rows: 1, kept: 1, invalid: 0, duplicates: 0, artefacts: 0 },
    ]);
    expect(report.invalid.map((i) => i.where)).toEqual([`${a}:3`, `${a}:4`]);
    expect(await readRows(output)).toEqual([
      { text: 'one', label: 'educational', segment_type: 'text', source: { file: a, line: 2 } },
      { text: 'three', label: 'text', segment_type: 'text', source: { file: 'orig.jsonl', line: 9 } },
    ]);
  });

  it('--dedupe drops later exact copies; dedupeNear also drops near ones', async () => {
    const a = await write('a.jsonl', [row(LONG), row('Run ls')]);
    const b = await write('b.jsonl', [row(LONG.toLowerCase()), row('run  LS', 'command'), row(LONG.replace('closely', 'carefully'))]);
    const output = join(dir, 'c.jsonl');
    const exact = await combineFiles([a, b], { output, dedupe: true });
    expect(exact.written).toBe(3);
    expect(exact.duplicates).toEqual({ exact: 2, near: 0, conflicting: 1 });
    expect(exact.files.map((f) => f.duplicates)).toEqual([0, 2]);
    const near = await combineFiles([a, b], { output, dedupeNear: 0.8 });
    expect(near.written).toBe(2);
    expect(near.duplicates).toEqual({ exact: 2, near: 1, conflicting: 1 });
    expect((await readRows(output)).map((r) => r['source'])).toEqual([
      { file: a, line: 1 },
      { file: a, line: 2 },
    ]);
    const all = await combineFiles([a, b], { output });
    expect(all.written).toBe(5);
  });

  it('fails on an invalid row with strict, and when nothing is valid', async () => {
    const a = await write('a.jsonl', [row('ok'), row('bad', 'nope')]);
    const strict = await expectWardenError(combineFiles([a], { output: join(dir, 'x.jsonl'), strict: true }));
    expect(strict.code).toBe('W_TRAIN_DATA');
    expect(strict.message).toContain(`${a}:2`);
    const empty = await write('empty.jsonl', ['{"text": "broken"']);
    expect((await expectWardenError(combineFiles([empty], { output: join(dir, 'y.jsonl') }))).code).toBe('W_TRAIN_DATA');
  });
});
