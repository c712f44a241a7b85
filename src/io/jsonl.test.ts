import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Compression } from './formats.js';
import { jsonReplacer, RAW_LINE, readJsonl, toJsonlText } from './jsonl.js';
import type { ReadOptions, Rec, RecordBatch } from './record.js';
import { openRecordWriter } from './writer.js';
import { useTempDir, expectWardenError } from '../../test/helpers.js';

const fields = { text: 'text', id: 'id' };
const failOpts: ReadOptions = { fields, onError: 'fail' };
const skipOpts: ReadOptions = { fields, onError: 'skip' };

let dir: string;
useTempDir((path) => (dir = path), 'warden-');

/** Records without symbol-keyed extras (the raw input line rides along under RAW_LINE). */
function recordsOf(batches: RecordBatch[]): Rec[] {
  return batches.flatMap((b) => b.records).map((r) => Object.fromEntries(Object.entries(r)));
}

async function collect(path: string, options: ReadOptions, compression: Compression = 'none'): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const batch of readJsonl({ path, rel: 'f.jsonl', compression, firstLine: 1 }, options)) out.push(batch);
  return out;
}

const failure = expectWardenError;

// Line 2 is blank and still counts, so the bad JSON is on line 3.
const BAD_ON_LINE_3 = '{"id":"a","text":"one"}\n\n{"id":"b","text": oops}\n{"id":"c","text":"three"}\n';

describe('malformed JSONL', () => {
  it('fails with W_IO_BAD_JSONL and file:3 for bad JSON after a blank line', async () => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, BAD_ON_LINE_3);
    const error = await failure(collect(path, failOpts));
    expect(error.code).toBe('W_IO_BAD_JSONL');
    expect(error.message).toContain(`${path}:3`);
    expect(error.where).toBe(`${path}:3`);
    expect(error.message).toMatch(/invalid JSON/);
  });

  it('with onError skip keeps good rows and rejects the bad one with file:3', async () => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, BAD_ON_LINE_3);
    const batches = await collect(path, skipOpts);
    expect(recordsOf(batches)).toEqual([
      { id: 'a', text: 'one' },
      { id: 'c', text: 'three' },
    ]);
    const rejects = batches.flatMap((b) => b.rejects);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.where).toBe(`${path}:3`);
    expect(rejects[0]!.raw).toBe('{"id":"b","text": oops}');
    expect(rejects[0]!.reason).toMatch(/invalid JSON/);
  });

  it.each([
    ['[1,2]', /an array/],
    ['42', /number/],
    ['"str"', /string/],
    ['null', /object/],
  ])('rejects the non-object line %s', async (line, reason) => {
    const path = join(dir, 'x.jsonl');
    await writeFile(path, `{"id":"a"}\n${line}\n`);
    const error = await failure(collect(path, failOpts));
    expect(error.code).toBe('W_IO_BAD_JSONL');
    expect(error.where).toBe(`${path}:2`);
    expect(error.message).toMatch(reason);
    const rejects = (await collect(path, skipOpts)).flatMap((b) => b.rejects);
    expect(rejects.map((r) => r.where)).toEqual([`${path}:2`]);
  });

  it('requireText rejects a record whose text is missing or not a string (W_IO_BAD_RECORD)', async () => {
    const path = join(dir, 'x.jsonl');
    await writeFile(path, '{"id":"a","text":"ok"}\n{"id":"b","text":5}\n{"id":"c"}\n');
    const error = await failure(collect(path, { ...failOpts, requireText: true }));
    expect(error.code).toBe('W_IO_BAD_RECORD');
    expect(error.where).toBe(`${path}:2`);
    const batches = await collect(path, { ...skipOpts, requireText: true });
    expect(recordsOf(batches)).toEqual([{ id: 'a', text: 'ok' }]);
    expect(batches.flatMap((b) => b.rejects).map((r) => r.where)).toEqual([`${path}:2`, `${path}:3`]);
  });

  it('truncates very long rejected raw rows', async () => {
    const path = join(dir, 'x.jsonl');
    await writeFile(path, `{"text":"${'y'.repeat(10_000)}\n`);
    const [reject] = (await collect(path, skipOpts)).flatMap((b) => b.rejects);
    expect(reject!.raw!.length).toBeLessThan(5000);
    expect(reject!.raw).toMatch(/…\[10009 chars\]$/);
  });
});

describe('line handling', () => {
  it('accepts CRLF, blank and whitespace-only lines and a last line without newline', async () => {
    const path = join(dir, 'x.jsonl');
    await writeFile(path, '{"id":"a"}\r\n\r\n   \t\n{"text":"é"}\r\n{"id":"c"}');
    const records = recordsOf(await collect(path, failOpts));
    // The record without an id gets `<rel>#<0-based line index>`; line 4 → index 3.
    expect(records).toEqual([{ id: 'a' }, { text: 'é', id: 'f.jsonl#3' }, { id: 'c' }]);
  });

  it('keeps multi-byte characters split across 4 MiB read chunks intact', async () => {
    const path = join(dir, 'x.jsonl');
    const records: Rec[] = Array.from({ length: 900 }, (_, i) => ({ id: String(i), text: '日本語🚀'.repeat(300 + i) }));
    const text = toJsonlText(records);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * (4 << 20));
    await writeFile(path, text);
    expect(recordsOf(await collect(path, failOpts))).toEqual(records);
  });

  it('an empty id field name derives no ids', async () => {
    const path = join(dir, 'x.jsonl');
    await writeFile(path, '{"text":"a"}\n');
    const records = recordsOf(await collect(path, { fields: { text: 'text', id: '' }, onError: 'fail' }));
    expect(records).toEqual([{ text: 'a' }]);
  });
});

describe('corrupt compressed input', () => {
  const records: Rec[] = Array.from({ length: 2000 }, (_, i) => ({ id: String(i), text: `row ${i} ${Math.sin(i)}` }));

  it('truncated gzip is W_IO_CORRUPT', async () => {
    const path = join(dir, 'x.jsonl.gz');
    const full = gzipSync(toJsonlText(records));
    await writeFile(path, full.subarray(0, Math.floor(full.length / 2)));
    const error = await failure(collect(path, failOpts, 'gzip'));
    expect(error.code).toBe('W_IO_CORRUPT');
    expect(error.where).toBe(path);
  });

  it('truncated zstd is W_IO_CORRUPT', async () => {
    const full = join(dir, 'full.jsonl.zst');
    const writer = await openRecordWriter(full, { format: 'jsonl', compression: 'zstd' });
    await writer.write(records);
    await writer.close();
    const bytes = await readFile(full);
    const path = join(dir, 'cut.jsonl.zst');
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await failure(collect(path, failOpts, 'zstd'));
    expect(error.code).toBe('W_IO_CORRUPT');
    expect(error.where).toBe(path);
  });

  it('a .gz file that is not gzip at all is W_IO_CORRUPT', async () => {
    const path = join(dir, 'x.jsonl.gz');
    await writeFile(path, '{"id":"plain text, not gzip"}\n');
    expect((await failure(collect(path, failOpts, 'gzip'))).code).toBe('W_IO_CORRUPT');
  });
});

describe('raw line pass-through', () => {
  it('records keep their exact input line; toJsonlText(…, true) writes it back unchanged', async () => {
    const path = join(dir, 'x.jsonl');
    // Odd spacing, key order and escapes that JSON.stringify would not reproduce.
    const lines = ['{ "id" : "a", "text":"caf\\u00e9" }', '{"text":"no id"}', '{"id":"c","n":1.0}'];
    await writeFile(path, `${lines[0]}\r\n${lines[1]}\n${lines[2]}\n`);
    const records = (await collect(path, failOpts)).flatMap((b) => b.records);
    type Carrier = Rec & { [RAW_LINE]?: string };
    expect((records[0] as Carrier)[RAW_LINE]).toBe(lines[0]);
    // A record given a derived id is a new object without the raw line.
    expect((records[1] as Carrier)[RAW_LINE]).toBeUndefined();
    expect(Object.keys(records[1]!)).toEqual(['id', 'text']);
    expect(toJsonlText(records, true)).toBe(`${lines[0]}\n{"id":"f.jsonl#1","text":"no id"}\n${lines[2]}\n`);
    expect(toJsonlText(records)).toBe('{"id":"a","text":"café"}\n{"id":"f.jsonl#1","text":"no id"}\n{"id":"c","n":1}\n');
  });

  it('the JSONL writer copies raw lines only when asked to', async () => {
    const input = join(dir, 'in.jsonl');
    await writeFile(input, '{"id":"a",  "text":"x"}\n');
    const records = (await collect(input, failOpts)).flatMap((b) => b.records);
    for (const [name, reuse, expected] of [['raw.jsonl', true, '{"id":"a",  "text":"x"}\n'], ['new.jsonl', false, '{"id":"a","text":"x"}\n']] as const) {
      const writer = await openRecordWriter(join(dir, name), { format: 'jsonl' });
      await writer.write(records, reuse);
      await writer.close();
      expect(await readFile(join(dir, name), 'utf8')).toBe(expected);
    }
  });
});

describe('toJsonlText / jsonReplacer', () => {
  it('writes one line per record and survives BigInt and bytes', () => {
    const text = toJsonlText([{ a: 1 }, { big: 12n, huge: 2n ** 70n, bytes: new Uint8Array([104, 105]) }]);
    expect(text).toBe('{"a":1}\n{"big":12,"huge":"1180591620717411303424","bytes":"aGk="}\n');
  });

  it('jsonReplacer leaves ordinary values alone', () => {
    expect(jsonReplacer('k', 'x')).toBe('x');
    expect(jsonReplacer('k', 1.5)).toBe(1.5);
  });
});

describe('chunk and window boundaries', () => {
  // More than two 4 MiB read chunks of lines of every length (blank, CRLF, multi-byte, one
  // longer than a decode window, one longer than a chunk), so partial lines straddle chunk
  // edges and decode windows at many offsets, including in the middle of a UTF-8 sequence.
  it('reads every line of a multi-chunk file exactly once, with its raw bytes', async () => {
    const lines: string[] = [];
    let size = 0;
    let n = 0;
    while (size < 9.5 * 2 ** 20) {
      const kind = n % 7;
      const text = kind === 3 ? 'é€😀'.repeat(17 + (n % 401)) : kind === 5 ? 'x'.repeat(150_000 + n) : 'word '.repeat(n % 900);
      const line = n % 11 === 0 ? '' : JSON.stringify({ id: `r${n}`, text }) + (kind === 2 ? '\r' : '');
      lines.push(line);
      size += Buffer.byteLength(line) + 1;
      n++;
    }
    lines.splice(400, 0, JSON.stringify({ id: 'huge', text: 'y'.repeat(5 * 2 ** 20) }));
    const path = join(dir, 'big.jsonl');
    await writeFile(path, lines.join('\n') + '\n');

    const batches = await collect(path, { fields, onError: 'fail', batchSize: 333 });
    const got = batches.flatMap((b) => b.records);
    const expected = lines.map((line, i) => ({ line, i })).filter(({ line }) => line !== '');
    expect(got.length).toBe(expected.length);
    got.forEach((record, k) => {
      const { line } = expected[k]!;
      const body = line.endsWith('\r') ? line.slice(0, -1) : line;
      expect(record.id).toBe(JSON.parse(body).id);
      expect((record as Rec & { [RAW_LINE]?: string })[RAW_LINE]).toBe(body);
    });
    expect(batches.every((b) => b.records.length <= 333)).toBe(true);
    expect(batches.reduce((sum, b) => sum + b.bytes, 0)).toBe(Buffer.byteLength(lines.join('\n') + '\n'));
  });

  it('names the right line for bad JSON far into a multi-chunk file', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `r${i}`, text: 'z'.repeat(3000 + (i % 97)) }));
    lines[2500] = '{"id": broken';
    const path = join(dir, 'bad-big.jsonl');
    await writeFile(path, lines.join('\n') + '\n');
    const error = await failure(collect(path, failOpts));
    expect(error.message).toContain(`${path}:2501`);
  });
});
