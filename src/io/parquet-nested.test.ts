import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { expect, it } from 'vitest';
import { readParquet } from './parquet.js';
import type { Rec } from './record.js';
import { useTempDir } from '../../test/helpers.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-pq-nested-');

it('reads native nested Parquet columns (STRUCT and 3-level LIST) as objects and arrays', async () => {
  // The layout pyarrow writes for struct<lang: string, score: double> and list<string>.
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'text', data: ['a', 'b', 'c'] },
      { name: 'meta', data: [{ lang: 'en', score: 0.5 }, { lang: 'de', score: 1.5 }, null] },
      { name: 'tags', data: [['x', 'y'], [], ['z']] },
    ],
    schema: [
      { name: 'root', num_children: 3 },
      { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 'meta', repetition_type: 'OPTIONAL', num_children: 2 },
      { name: 'lang', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'score', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
      { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    ],
  });
  const path = join(dir, 'nested.parquet');
  await writeFile(path, new Uint8Array(buffer));
  const records: Rec[] = [];
  for await (const batch of readParquet({ path, rel: 'nested.parquet' }, { fields: { text: 'text', id: 'id' }, onError: 'fail', requireText: true })) {
    records.push(...batch.records);
  }
  expect(records).toEqual([
    { id: 'nested.parquet#0', text: 'a', meta: { lang: 'en', score: 0.5 }, tags: ['x', 'y'] },
    { id: 'nested.parquet#1', text: 'b', meta: { lang: 'de', score: 1.5 }, tags: [] },
    { id: 'nested.parquet#2', text: 'c', meta: undefined, tags: ['z'] },
  ]);
});
