import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { resolveInputs } from '../../../io/inputs.js';
import type { Rec } from '../../../io/record.js';
import { makeTexts, writeHfDatasetDict, writeJsonl, writeParquet } from '../tokens/test-helpers/datasets.js';
import { insertDocuments, type InsertOptions } from './insert.js';
import { readFiles } from './records.js';

const fields = { text: 'text', id: 'id' };
let dir: string;
useTempDir((path) => (dir = path));

async function readSplits(root: string): Promise<Map<string, Rec[]>> {
  const out = new Map<string, Rec[]>();
  for (const file of await resolveInputs([root])) {
    const list = out.get(file.split ?? '') ?? [];
    for await (const { record } of readFiles([file], fields)) list.push(JSON.parse(JSON.stringify(record)) as Rec);
    out.set(file.split ?? '', list);
  }
  return out;
}

async function provenance(out: string): Promise<Record<string, unknown>[]> {
  return (await readFile(join(out, 'provenance.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('dataset insert', () => {
  it('inserts a seeded fraction of another data set at seeded places, keeping the base order', async () => {
    const base = makeTexts(120, 1).map((text, i) => ({ id: `b${i}`, text }));
    const other = makeTexts(200, 2).map((text, i) => ({ id: `o${i}`, text }));
    await writeJsonl(join(dir, 'into', 'a.jsonl'), base.slice(0, 60));
    await writeJsonl(join(dir, 'into', 'b.jsonl'), base.slice(60));
    await writeJsonl(join(dir, 'other.jsonl'), other);
    const options: InsertOptions = { into: join(dir, 'into'), from: [join(dir, 'other.jsonl')], output: join(dir, 'out'), fraction: 0.5, seed: 3, fields };
    const result = await insertDocuments(options);
    const output = (await readSplits(join(result.output, 'data'))).get('')!;
    const rows = await provenance(result.output);
    expect(rows.length).toBeGreaterThan(60);
    expect(rows.length).toBeLessThan(140);
    expect(output).toHaveLength(120 + rows.length);
    expect(output.filter((r) => String(r.id).startsWith('b'))).toEqual(base);
    for (const row of rows) expect(output[row.position as number]).toEqual(other.find((o) => o.id === row.source_id));
    // Inserts are spread through the file, not appended.
    expect(Math.min(...rows.map((r) => r.position as number))).toBeLessThan(40);
    expect(result.manifest.splits).toEqual([{ split: null, base: 120, inserted: rows.length, output_records: 120 + rows.length }]);
    expect(result.manifest.output).toEqual({ data: 'data', format: 'jsonl', files: ['data/part-00000.jsonl'] });
    expect(JSON.parse(await readFile(join(result.output, 'manifest.json'), 'utf8'))).toEqual(result.manifest);

    const again = await insertDocuments({ ...options, output: join(dir, 'again') });
    expect(await readFile(join(again.output, 'data', 'part-00000.jsonl'), 'utf8')).toBe(await readFile(join(result.output, 'data', 'part-00000.jsonl'), 'utf8'));
    const reseeded = await insertDocuments({ ...options, seed: 4, output: join(dir, 'reseeded') });
    expect((await provenance(reseeded.output)).map((r) => r.source_id)).not.toEqual(rows.map((r) => r.source_id));
    const all = await insertDocuments({ ...options, fraction: undefined, output: join(dir, 'all') });
    expect(all.manifest.splits[0]!.inserted).toBe(200);
  });

  it('inserts into one split of a DatasetDict, shaped like its records, and copies the others', async () => {
    const train = makeTexts(50, 3).map((text, i) => ({ id: `t${i}`, text, lang: 'en' }));
    const test = makeTexts(20, 4).map((text, i) => ({ id: `s${i}`, text, lang: 'en' }));
    await writeHfDatasetDict(join(dir, 'dict'), { train, test });
    const other = makeTexts(30, 5).map((text, i) => ({ key: i, body: text, source: 'web' }));
    await writeParquet(join(dir, 'other.parquet'), other);
    const result = await insertDocuments({
      into: join(dir, 'dict'), from: [join(dir, 'other.parquet')], output: join(dir, 'out'), seed: 1, fields, fromFields: { text: 'body', id: 'key' }, split: 'test',
    });
    const splits = await readSplits(join(result.output, 'data'));
    expect(splits.get('train')).toEqual(train);
    const testOut = splits.get('test')!;
    expect(testOut).toHaveLength(50);
    for (const row of await provenance(result.output)) {
      expect(row.split).toBe('test');
      expect(testOut[row.position as number]).toEqual({ id: String(row.source_id), text: other[row.source_id as number]!.body, lang: null });
    }
    expect(JSON.parse(await readFile(join(result.output, 'data', 'dataset_dict.json'), 'utf8')).splits).toEqual(['train', 'test']);
  });

  it('rejects a bad fraction, an unknown split and an output inside an input', async () => {
    await writeJsonl(join(dir, 'into', 'a.jsonl'), [{ id: 'a', text: 'x' }]);
    await writeJsonl(join(dir, 'other.jsonl'), [{ id: 'o', text: 'y' }]);
    const base: InsertOptions = { into: join(dir, 'into'), from: [join(dir, 'other.jsonl')], output: join(dir, 'out'), seed: 1, fields };
    expect((await expectWardenError(insertDocuments({ ...base, fraction: 1.5 }))).message).toMatch(/--fraction must be in \(0, 1\]/);
    expect((await expectWardenError(insertDocuments({ ...base, split: 'train' }))).message).toMatch(/--split "train" is not a split/);
    expect((await expectWardenError(insertDocuments({ ...base, output: join(dir, 'into', 'out') }))).message).toMatch(/overlaps an input/);
  });
});
