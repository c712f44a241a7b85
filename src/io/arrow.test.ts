import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Bool, Float64, Int64, List, Struct, Utf8, tableToIPC, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { WardenError } from '../core/errors.js';
import { inferArrowType, readArrow } from './arrow.js';
import type { ReadOptions, Rec } from './record.js';
import { openRecordWriter } from './writer.js';
import { useTempDir, expectWardenError } from '../../test/helpers.js';

const opts: ReadOptions = { fields: { text: 'text', id: 'id' }, onError: 'fail' };

let dir: string;
useTempDir((path) => (dir = path), 'warden-');

async function collect(path: string, options: ReadOptions = opts): Promise<Rec[]> {
  const out: Rec[] = [];
  for await (const batch of readArrow({ path, rel: 'a.arrow' }, options)) out.push(...batch.records);
  return out;
}

const failure = expectWardenError;

describe('malformed Arrow', () => {
  it('a garbage .arrow file is W_IO_BAD_ARROW', async () => {
    const path = join(dir, 'garbage.arrow');
    await writeFile(path, 'definitely not an arrow ipc stream\n'.repeat(20));
    const error = await failure(collect(path));
    expect(error.code).toBe('W_IO_BAD_ARROW');
    expect(error.where).toBe(path);
  });

  it('requireText on a file without the text column is W_IO_BAD_ARROW naming it', async () => {
    const path = join(dir, 'notext.arrow');
    const writer = await openRecordWriter(path, { format: 'arrow' });
    await writer.write([{ id: '1', body: 'hello' }]);
    await writer.close();
    const error = await failure(collect(path, { ...opts, requireText: true }));
    expect(error.code).toBe('W_IO_BAD_ARROW');
    expect(error.message).toContain('"text"');
    expect(await collect(path)).toEqual([{ id: '1', body: 'hello' }]);
  });
});

describe('Arrow reading', () => {
  it('reads the IPC file format too (not only the stream format)', async () => {
    const path = join(dir, 'file.arrow');
    const table = tableFromArrays({ text: ['a', 'b'], n: Float64Array.from([1.5, 2]) });
    await writeFile(path, tableToIPC(table, 'file'));
    expect((await readFile(path)).subarray(0, 6).toString()).toBe('ARROW1');
    expect(await collect(path)).toEqual([
      { text: 'a', n: 1.5, id: 'a.arrow#0' },
      { text: 'b', n: 2, id: 'a.arrow#1' },
    ]);
  });

  it('derived ids continue across record batches', async () => {
    const path = join(dir, 'multi.arrow');
    const writer = await openRecordWriter(path, { format: 'arrow' });
    await writer.write([{ text: 'a' }, { text: 'b' }]);
    await writer.write([{ text: 'c' }]);
    await writer.close();
    expect((await collect(path)).map((r) => r.id)).toEqual(['a.arrow#0', 'a.arrow#1', 'a.arrow#2']);
  });

  it('a later batch with a field the schema lacks is W_IO_BAD_RECORD', async () => {
    const writer = await openRecordWriter(join(dir, 'x.arrow'), { format: 'arrow' });
    await writer.write([{ text: 'a' }]);
    const error = await failure(writer.write([{ text: 'b', extra: 1 }]));
    await writer.abort();
    expect(error.code).toBe('W_IO_BAD_RECORD');
    expect(error.message).toContain('"extra"');
  });

  // KNOWN BUG (arrow.ts coerce, Struct branch): a nested key that the first batch did not have
  // is silently dropped, while a new top-level key is refused. Remove `.fails` once fixed.
  it('a later batch with a new nested key is not silently dropped', async () => {
    const path = join(dir, 'nested.arrow');
    const writer = await openRecordWriter(path, { format: 'arrow' });
    await writer.write([{ id: '1', meta: { a: 1 } }]);
    const error = await writer.write([{ id: '2', meta: { a: 2, b: 'lost?' } }]).then(() => undefined, (e: unknown) => e);
    if (error) {
      await writer.abort();
      expect((error as WardenError).code).toBe('W_IO_BAD_RECORD');
      return;
    }
    await writer.close();
    expect((await collect(path))[1]).toEqual({ id: '2', meta: { a: 2, b: 'lost?' } });
  });
});

describe('inferArrowType', () => {
  it('picks the narrowest type for a column', () => {
    expect(inferArrowType(['a', null])).toBeInstanceOf(Utf8);
    expect(inferArrowType([1, 2, null])).toBeInstanceOf(Int64);
    expect(inferArrowType([1, 2.5])).toBeInstanceOf(Float64);
    expect(inferArrowType([true, false])).toBeInstanceOf(Bool);
    expect(inferArrowType([null, undefined])).toBeInstanceOf(Utf8);
    expect(inferArrowType(['a', 1])).toBeInstanceOf(Utf8);
    const list = inferArrowType([[1], [], null]);
    expect(list).toBeInstanceOf(List);
    expect((list as List).valueType).toBeInstanceOf(Int64);
    const struct = inferArrowType([{ a: 'x' }, { b: true }]);
    expect(struct).toBeInstanceOf(Struct);
    expect((struct as Struct).children.map((c) => [c.name, c.type.constructor])).toEqual([['a', Utf8], ['b', Bool]]);
  });

  it('mixed columns are stored as JSON text', async () => {
    const path = join(dir, 'mixed.arrow');
    const writer = await openRecordWriter(path, { format: 'arrow' });
    await writer.write([{ id: '1', v: 'text' }, { id: '2', v: 5 }, { id: '3', v: { a: 1 } }]);
    await writer.close();
    expect((await collect(path)).map((r) => r.v)).toEqual(['text', '5', '{"a":1}']);
  });
});
