import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import { datasetStats, type FieldStats } from './stats.js';
import { openRecordWriter } from './writer.js';
import { useTempDir } from '../../test/helpers.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-');

const LINES = [
  '{"id":"a","text":"hello","n":1,"tags":["x"]}',
  '{"id":"b","text":null,"n":2.5,"meta":{"k":1}}',
  '{"text":"héllo wörld","flag":true}',
  '{"id":"d","text":"","n":null,"flag":false}',
];

function byName(fields: FieldStats[]): Record<string, FieldStats> {
  return Object.fromEntries(fields.map((f) => [f.name, f]));
}

describe('datasetStats', () => {
  it('counts rows, types, nulls, missing fields and string lengths', async () => {
    const path = join(dir, 'a.jsonl');
    await writeFile(path, LINES.join('\n') + '\n');
    const stats = await datasetStats([path]);
    const size = (await stat(path)).size;
    expect(stats.rows).toBe(4);
    expect(stats.rejects).toBe(0);
    expect(stats.bytes).toBe(size);
    expect(stats.files).toEqual([{ path, split: undefined, format: 'jsonl', compression: 'none', bytes: size, rows: 4, rejects: 0 }]);
    expect(stats.fields.map((f) => f.name)).toEqual(['id', 'text', 'n', 'tags', 'meta', 'flag']);
    const f = byName(stats.fields);
    // Ids are not derived: the row without an id counts as missing one.
    expect(f.id).toEqual({ name: 'id', types: { string: 3 }, nulls: 0, missing: 1, chars: { total: 3, max: 1, min: 1 } });
    expect(f.text).toEqual({ name: 'text', types: { string: 3 }, nulls: 1, missing: 0, chars: { total: 16, max: 11, min: 0 } });
    expect(f.n).toEqual({ name: 'n', types: { number: 2 }, nulls: 1, missing: 1 });
    expect(f.tags).toEqual({ name: 'tags', types: { array: 1 }, nulls: 0, missing: 3 });
    expect(f.meta).toEqual({ name: 'meta', types: { object: 1 }, nulls: 0, missing: 3 });
    expect(f.flag).toEqual({ name: 'flag', types: { boolean: 2 }, nulls: 0, missing: 2 });
  });

  it('adds up several files and counts missing fields across them', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl.gz');
    await writeFile(a, LINES.join('\n') + '\n');
    const writer = await openRecordWriter(b, { format: 'jsonl', compression: 'gzip' });
    await writer.write([{ other: 'zz' }, { id: 'e', other: null }]);
    await writer.close();
    const stats = await datasetStats([dir]);
    expect(stats.rows).toBe(6);
    expect(stats.files.map((file) => [file.path, file.compression, file.rows])).toEqual([[a, 'none', 4], [b, 'gzip', 2]]);
    expect(stats.bytes).toBe((await stat(a)).size + (await stat(b)).size);
    const f = byName(stats.fields);
    expect(f.other).toEqual({ name: 'other', types: { string: 1 }, nulls: 1, missing: 4, chars: { total: 2, max: 2, min: 2 } });
    expect(f.id!.missing).toBe(2);
    expect(f.text!.missing).toBe(2);
    expect(f.flag!.missing).toBe(4);
  });

  it('counts rejects with onError skip and fails without it', async () => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, '{"text":"a"}\nnot json\n{"text":"b"}\n');
    const stats = await datasetStats([path], { onError: 'skip' });
    expect(stats.rows).toBe(2);
    expect(stats.rejects).toBe(1);
    expect(stats.files[0]!.rejects).toBe(1);
    const error = await datasetStats([path]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('W_IO_BAD_JSONL');
  });

  it('works on parquet and reports its format', async () => {
    const path = join(dir, 'a.parquet');
    const writer = await openRecordWriter(path, { format: 'parquet' });
    await writer.write([{ text: 'abc', n: 1 }, { text: null, n: 2 }]);
    await writer.close();
    const stats = await datasetStats([path]);
    expect(stats.files[0]!.format).toBe('parquet');
    const f = byName(stats.fields);
    expect(f.text).toEqual({ name: 'text', types: { string: 1 }, nulls: 1, missing: 0, chars: { total: 3, max: 3, min: 3 } });
    expect(f.n).toEqual({ name: 'n', types: { number: 2 }, nulls: 0, missing: 0 });
    expect(f.id).toBeUndefined();
  });
});
