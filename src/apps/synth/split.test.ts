import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../test/helpers.js';
import { splitFile } from './split.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-synth-');

interface TestRow {
  id: number;
  label: string;
  family?: string;
}

async function write(name: string, rows: TestRow[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, rows.map((r) => JSON.stringify(r) + '\n').join(''));
  return path;
}

async function ids(path: string): Promise<number[]> {
  const text = await readFile(path, 'utf8');
  return text ? text.trim().split('\n').map((l) => (JSON.parse(l) as TestRow).id) : [];
}

const dataset = (n: number): TestRow[] => Array.from({ length: n }, (_, id) => ({ id, label: id % 4 === 0 ? 'command' : 'educational', family: `f${id % 10}` }));

describe('splitFile', () => {
  it('writes <stem>_train/_eval beside the input at the ratio, in input order', async () => {
    const input = await write('combined.jsonl', dataset(100));
    const report = await splitFile(input, { ratio: 0.8, seed: 42 });
    expect(report.train).toEqual({ path: join(dir, 'combined_train.jsonl'), rows: 80, groups: 80 });
    expect(report.eval.rows).toBe(20);
    const train = await ids(report.train.path);
    const evalIds = await ids(report.eval.path);
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect([...train, ...evalIds].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('is reproducible for a seed and differs across seeds', async () => {
    const input = await write('d.jsonl', dataset(50));
    await splitFile(input, { ratio: 0.7, seed: 1 });
    const first = await ids(join(dir, 'd_eval.jsonl'));
    await splitFile(input, { ratio: 0.7, seed: 1 });
    expect(await ids(join(dir, 'd_eval.jsonl'))).toEqual(first);
    await splitFile(input, { ratio: 0.7, seed: 2 });
    expect(await ids(join(dir, 'd_eval.jsonl'))).not.toEqual(first);
  });

  it('stratifies by a field', async () => {
    const input = await write('s.jsonl', dataset(40));
    const report = await splitFile(input, { ratio: 0.8, seed: 7, stratify: 'label', outDir: join(dir, 'out') });
    expect(report.strata).toEqual({ command: { train: 8, eval: 2 }, educational: { train: 24, eval: 6 } });
    expect(report.eval.path).toBe(join(dir, 'out', 's_eval.jsonl'));
  });

  it('keeps every group on one side', async () => {
    const input = await write('g.jsonl', dataset(100));
    const report = await splitFile(input, { ratio: 0.8, seed: 3, groupBy: 'family' });
    expect(report.train.groups + report.eval.groups).toBe(10);
    expect(report.eval.groups).toBe(2);
    const families = (list: number[]) => new Set(list.map((id) => `f${id % 10}`));
    const train = families(await ids(report.train.path));
    const evalFamilies = families(await ids(report.eval.path));
    expect([...evalFamilies].filter((f) => train.has(f))).toEqual([]);
  });

  it('puts at least one unit on each side of a stratum and notes mixed groups', async () => {
    const rows: TestRow[] = [
      { id: 0, label: 'a', family: 'x' },
      { id: 1, label: 'a', family: 'y' },
      { id: 2, label: 'b', family: 'y' },
      { id: 3, label: 'a', family: 'z' },
    ];
    const input = await write('tiny.jsonl', rows);
    const report = await splitFile(input, { ratio: 0.9, seed: 1, stratify: 'label', groupBy: 'family' });
    expect(report.strata['a']!.eval).toBeGreaterThan(0);
    expect(report.strata['a']!.train).toBeGreaterThan(0);
    expect(report.mixedGroups).toBe(1);
  });

  it('rejects a bad ratio, bad JSON and rows without the group field', async () => {
    const input = await write('e.jsonl', dataset(4));
    expect((await expectWardenError(splitFile(input, { ratio: 1, seed: 1 }))).code).toBe('W_USAGE');
    expect((await expectWardenError(splitFile(input, { ratio: 0.5, seed: 1, groupBy: 'missing' }))).message).toContain(`${input}:1`);
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"id": 1}\n{oops\n');
    const error = await expectWardenError(splitFile(bad, { ratio: 0.5, seed: 1 }));
    expect(error.code).toBe('W_IO_BAD_JSONL');
    expect(error.message).toContain(`${bad}:2`);
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, '\n');
    expect((await expectWardenError(splitFile(empty, { ratio: 0.5, seed: 1 }))).code).toBe('W_TRAIN_DATA');
  });
});
