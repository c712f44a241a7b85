import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import type { Compression } from './formats.js';
import { resolveInputs } from './inputs.js';
import { partitionFile, readPart } from './parts.js';
import type { ReadOptions, Rec, RecordBatch } from './record.js';
import { openRecordWriter } from './writer.js';
import { useTempDir } from '../../test/helpers.js';

const opts: ReadOptions = { fields: { text: 'text', id: 'id' }, onError: 'fail' };

/** Records with every value kind; all share the same keys so columnar formats can hold them. */
function sample(): Rec[] {
  return [
    {
      id: 'a', text: 'héllo wörld — 日本語 🚀 ñ', n: 1, f: 1.5, ok: true, maybe: null,
      meta: { lang: 'de', score: 0.25, tags: ['x', 'ÿ'], note: null }, list: [1, 2, 3],
    },
    {
      id: 'b', text: '', n: -42, f: -0.001, ok: false, maybe: 'x',
      meta: { lang: 'ja', score: 1.75, tags: [], note: 'n' }, list: [],
    },
    {
      id: 'c', text: 'line\nbreak "quoted" \\ tab\t\u0000 end', n: 9007199254740991, f: 3.25e-10, ok: true, maybe: null,
      meta: { lang: 'en', score: 0.5, tags: ['z'], note: null }, list: [7],
    },
  ];
}

/** Drops symbol-keyed extras (JSONL records carry their raw input line under a symbol). */
function plain(records: Rec[]): Rec[] {
  return records.map((r) => Object.fromEntries(Object.entries(r)));
}

/** Many records with long texts (> 4 MiB of JSONL in all), spread over several write() calls. */
function bulk(count: number): Rec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `r${i}`, text: `${'ß'.repeat(i % 7)}row ${i} ${'x'.repeat(1800)}`, n: i, f: i + 0.5, ok: i % 2 === 0,
  }));
}

async function writeAll(path: string, format: 'jsonl' | 'parquet' | 'arrow', compression: Compression, chunks: Rec[][]) {
  const writer = await openRecordWriter(path, { format, compression });
  for (const chunk of chunks) await writer.write(chunk);
  return writer.close();
}

async function readBack(path: string, options: ReadOptions = opts): Promise<{ records: Rec[]; batches: RecordBatch[] }> {
  const [file] = await resolveInputs([path]);
  const batches: RecordBatch[] = [];
  for (const part of await partitionFile(file!, Number.MAX_SAFE_INTEGER)) {
    for await (const batch of readPart(part, options)) batches.push(batch);
  }
  return { records: plain(batches.flatMap((b) => b.records)), batches };
}

const cases: { name: string; file: string; format: 'jsonl' | 'parquet' | 'arrow'; compression: Compression }[] = [
  { name: 'jsonl', file: 'out.jsonl', format: 'jsonl', compression: 'none' },
  { name: 'jsonl gzip', file: 'out.jsonl.gz', format: 'jsonl', compression: 'gzip' },
  { name: 'jsonl zstd', file: 'out.jsonl.zst', format: 'jsonl', compression: 'zstd' },
  { name: 'parquet', file: 'out.parquet', format: 'parquet', compression: 'none' },
  { name: 'arrow', file: 'out.arrow', format: 'arrow', compression: 'none' },
];

let dir: string;
useTempDir((path) => (dir = path), 'warden-');

describe.each(cases)('round trip: $name', ({ file, format, compression }) => {
  it('reads back exactly the records written (all value kinds)', async () => {
    const path = join(dir, file);
    const summary = await writeAll(path, format, compression, [sample()]);
    expect(summary.rows).toBe(3);
    expect(summary.path).toBe(path);
    const { records } = await readBack(path);
    expect(records).toEqual(sample());
  });

  it('keeps order across several write() calls and several read batches', async () => {
    const path = join(dir, file);
    const all = bulk(3000);
    const chunks = [all.slice(0, 1), all.slice(1, 1200), all.slice(1200, 2999), all.slice(2999)];
    const summary = await writeAll(path, format, compression, chunks);
    expect(summary.rows).toBe(3000);
    const { records, batches } = await readBack(path, { ...opts, batchSize: 500 });
    expect(records).toEqual(all);
    // Plain JSONL is read in 4 MiB chunks and Arrow batch by batch, so both stream in pieces
    // (the parquet writer keeps < 50,000 rows in one row group; zstd may decode in one chunk).
    if (compression === 'none' && format !== 'parquet') expect(batches.length).toBeGreaterThan(1);
  });

  it('leaves no temp files and only the target after close', async () => {
    const path = join(dir, file);
    await writeAll(path, format, compression, [sample()]);
    expect(await readdir(dir)).toEqual([file]);
  });
});

describe('empty writes', () => {
  it.each([
    ['jsonl', 'empty.jsonl', 'none'],
    ['jsonl', 'empty.jsonl.gz', 'gzip'],
    ['jsonl', 'empty.jsonl.zst', 'zstd'],
    ['arrow', 'empty.arrow', 'none'],
    ['parquet', 'empty.parquet', 'none'],
  ] as const)('%s (%s) with 0 records reads back as 0 records', async (format, file, compression) => {
    const path = join(dir, file);
    const summary = await writeAll(path, format, compression, [[]]);
    expect(summary.rows).toBe(0);
    expect((await stat(path)).isFile()).toBe(true);
    const { records } = await readBack(path);
    expect(records).toEqual([]);
  });

  it('an empty plain jsonl file is 0 bytes', async () => {
    const path = join(dir, 'e.jsonl');
    await writeAll(path, 'jsonl', 'none', []);
    expect((await stat(path)).size).toBe(0);
  });
});

describe('writer details', () => {
  it('gzip output is real gzip holding one JSON object per line', async () => {
    const path = join(dir, 'g.jsonl.gz');
    await writeAll(path, 'jsonl', 'gzip', [sample()]);
    const text = gunzipSync(await readFile(path)).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n').map((l) => JSON.parse(l) as Rec)).toEqual(sample());
  });

  it('summary bytes count the uncompressed JSONL text', async () => {
    const path = join(dir, 'b.jsonl');
    const summary = await writeAll(path, 'jsonl', 'none', [sample()]);
    expect(summary.bytes).toBe((await stat(path)).size);
  });

  it('abort leaves nothing behind', async () => {
    const path = join(dir, 'x.jsonl');
    const writer = await openRecordWriter(path, { format: 'jsonl' });
    await writer.write(sample());
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses csv as an output format', async () => {
    const error = await openRecordWriter(join(dir, 'x.csv'), { format: 'csv' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('W_IO_UNSUPPORTED');
  });

  it('parquet rejects a field that is not in the inferred schema', async () => {
    // The first 50,000 rows fill a row group and fix the schema; a later new field is refused.
    const writer2 = await openRecordWriter(join(dir, 'y.parquet'), { format: 'parquet' });
    await writer2.write(Array.from({ length: 50_000 }, (_, i) => ({ id: String(i), text: 'b' })));
    const error = await writer2.write([{ id: 'z', text: 'c', extra: 1 }]).then(() => writer2.close()).catch((e: unknown) => e);
    await writer2.abort();
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('W_IO_BAD_RECORD');
    expect((error as WardenError).message).toContain('"extra"');
  });

  it('derived ids are added on read for records without an id', async () => {
    const path = join(dir, 'noid.arrow');
    await writeAll(path, 'arrow', 'none', [[{ text: 'a' }, { text: 'b' }]]);
    const { records } = await readBack(path);
    expect(records).toEqual([
      { text: 'a', id: 'noid.arrow#0' },
      { text: 'b', id: 'noid.arrow#1' },
    ]);
  });
});
