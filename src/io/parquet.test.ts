import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parquetColumns, readParquet, readParquetMetadata } from './parquet.js';
import type { ReadOptions, Rec } from './record.js';
import { openRecordWriter } from './writer.js';
import { useTempDir, expectWardenError } from '../../test/helpers.js';

const opts: ReadOptions = { fields: { text: 'text', id: 'id' }, onError: 'fail' };

let dir: string;
useTempDir((path) => (dir = path), 'warden-');

async function writeParquet(path: string, records: Rec[]): Promise<void> {
  const writer = await openRecordWriter(path, { format: 'parquet' });
  await writer.write(records);
  await writer.close();
}

async function collect(path: string, options: ReadOptions = opts): Promise<Rec[]> {
  const out: Rec[] = [];
  for await (const batch of readParquet({ path, rel: 'r.parquet' }, options)) out.push(...batch.records);
  return out;
}

const failure = expectWardenError;

describe('malformed Parquet', () => {
  it('a garbage .parquet file is W_IO_BAD_PARQUET', async () => {
    const path = join(dir, 'garbage.parquet');
    await writeFile(path, 'this is not parquet at all, just some text that is long enough\n'.repeat(10));
    const error = await failure(collect(path));
    expect(error.code).toBe('W_IO_BAD_PARQUET');
    expect(error.where).toBe(path);
    expect((await failure(readParquetMetadata(path))).code).toBe('W_IO_BAD_PARQUET');
  });

  it('a tiny or empty .parquet file is W_IO_BAD_PARQUET', async () => {
    const path = join(dir, 'tiny.parquet');
    await writeFile(path, 'PAR1');
    expect((await failure(collect(path))).code).toBe('W_IO_BAD_PARQUET');
    await writeFile(path, '');
    expect((await failure(collect(path))).code).toBe('W_IO_BAD_PARQUET');
  });

  it('a file cut in the middle is W_IO_BAD_PARQUET', async () => {
    const full = join(dir, 'full.parquet');
    await writeParquet(full, Array.from({ length: 1000 }, (_, i) => ({ id: String(i), text: `t${i}` })));
    const path = join(dir, 'cut.parquet');
    const bytes = await readFile(full);
    await writeFile(path, bytes.subarray(0, bytes.length - 20));
    expect((await failure(collect(path))).code).toBe('W_IO_BAD_PARQUET');
  });

  it('requireText on a file without the text column names the column', async () => {
    const path = join(dir, 'notext.parquet');
    await writeParquet(path, [{ id: '1', body: 'hello' }]);
    const error = await failure(collect(path, { ...opts, requireText: true }));
    expect(error.code).toBe('W_IO_BAD_PARQUET');
    expect(error.message).toContain('"text"');
    expect(error.message).toContain('id, body');
    // Without requireText the same file reads fine.
    expect(await collect(path)).toEqual([{ id: '1', body: 'hello' }]);
    // And with the right field name it passes.
    expect(await collect(path, { fields: { text: 'body', id: 'id' }, onError: 'fail', requireText: true })).toHaveLength(1);
  });
});

describe('Parquet values', () => {
  it('infers columns: strings, ints, doubles, booleans and JSON for nested values', async () => {
    const path = join(dir, 'types.parquet');
    const records: Rec[] = [
      { id: 'a', text: 'x', n: 1, f: 2, b: true, obj: { k: [1, { z: null }] }, arr: ['é'] },
      { id: 'b', text: null, n: null, f: 2.5, b: null, obj: null, arr: [] },
    ];
    await writeParquet(path, records);
    const metadata = await readParquetMetadata(path);
    expect(parquetColumns(metadata)).toEqual(['id', 'text', 'n', 'f', 'b', 'obj', 'arr']);
    const byName = Object.fromEntries(metadata.schema.slice(1).map((e) => [e.name, [e.type, e.converted_type]]));
    expect(byName).toEqual({
      id: ['BYTE_ARRAY', 'UTF8'],
      text: ['BYTE_ARRAY', 'UTF8'],
      n: ['INT64', undefined],
      f: ['DOUBLE', undefined],
      b: ['BOOLEAN', undefined],
      obj: ['BYTE_ARRAY', 'JSON'],
      arr: ['BYTE_ARRAY', 'JSON'],
    });
    expect(await collect(path)).toEqual(records);
  });

  it('keeps INT64 values beyond 2^53 as BigInt instead of losing precision', async () => {
    const path = join(dir, 'big.parquet');
    const writer = await openRecordWriter(path, { format: 'parquet' });
    await writer.write([{ id: 'a', n: 2n ** 60n }, { id: 'b', n: 5n }]);
    await writer.close();
    expect(await collect(path)).toEqual([{ id: 'a', n: 2n ** 60n }, { id: 'b', n: 5 }]);
  });

  it('mixed types within the first row group become a JSON column', async () => {
    const path = join(dir, 'json.parquet');
    await writeParquet(path, [{ id: 'a', v: 'one' }, { id: 'b', v: 2 }, { id: 'c', v: [3] }]);
    const metadata = await readParquetMetadata(path);
    expect(metadata.schema.find((e) => e.name === 'v')?.converted_type).toBe('JSON');
    expect((await collect(path)).map((r) => r.v)).toEqual(['one', 2, [3]]);
  });

  it('a value of another type than its inferred column is W_IO_BAD_RECORD', async () => {
    const writer = await openRecordWriter(join(dir, 'mixed.parquet'), { format: 'parquet' });
    // 50,000 rows fill the first row group, which fixes "n" as a STRING column.
    await writer.write(Array.from({ length: 50_000 }, () => ({ id: 'a', n: 'one' })));
    await writer.write([{ id: 'b', n: 1 }]);
    const error = await failure(writer.close());
    await writer.abort();
    expect(error.code).toBe('W_IO_BAD_RECORD');
    expect(error.message).toContain('"n"');
  });
});
