import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import { resolveInputs, type InputFile } from './inputs.js';
import { partitionFile, readPart, type InputPart } from './parts.js';
import type { ReadOptions, Rec, Reject } from './record.js';
import { openRecordWriter } from './writer.js';

const fields = { text: 'text', id: 'id' };
const opts: ReadOptions = { fields, onError: 'fail' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readParts(parts: InputPart[], options: ReadOptions = opts): Promise<{ records: Rec[]; rejects: Reject[] }> {
  const records: Rec[] = [];
  const rejects: Reject[] = [];
  for (const part of parts) {
    for await (const batch of readPart(part, options)) {
      records.push(...batch.records);
      rejects.push(...batch.rejects);
    }
  }
  return { records, rejects };
}

async function single(path: string): Promise<InputFile> {
  const files = await resolveInputs([path]);
  expect(files).toHaveLength(1);
  return files[0]!;
}

/**
 * ~3000 lines: every 5th record has no id (so ids are derived from line numbers), every 7th
 * line ends with CRLF, every 11th line is followed by a blank line, every 13th by a blank CRLF
 * line. Returns the text and its number of physical lines.
 */
function buildJsonl(badAtRecord?: number): { text: string; lines: number } {
  let text = '';
  let lines = 0;
  for (let i = 0; i < 2700; i++) {
    const record: Rec = { text: `record ${i} ${'ü'.repeat(i % 17)} ${'z'.repeat(i % 53)}`, n: i };
    if (i % 5 !== 0) record.id = `id-${i}`;
    const body = i === badAtRecord ? '{"text": broken' : JSON.stringify(record);
    text += body + (i % 7 === 0 ? '\r\n' : '\n');
    lines++;
    if (i % 11 === 0) {
      text += '\n';
      lines++;
    }
    if (i % 13 === 0) {
      text += '  \r\n';
      lines++;
    }
  }
  return { text, lines };
}

describe('JSONL byte-range partitioning', () => {
  it('parts read in order give exactly the whole-file records and derived ids', async () => {
    const path = join(dir, 'big.jsonl');
    const { text, lines } = buildJsonl();
    expect(lines).toBeGreaterThan(2900);
    await writeFile(path, text);
    const file = await single(path);

    const whole = await partitionFile(file, Number.MAX_SAFE_INTEGER);
    expect(whole).toEqual([{ format: 'jsonl', path: file.path, rel: 'big.jsonl', split: undefined, compression: 'none', firstLine: 1 }]);
    const parts = await partitionFile(file, 4096);
    expect(parts.length).toBeGreaterThan(10);

    // Parts tile the file: contiguous, non-overlapping, each starting at a line start.
    const bytes = Buffer.from(text);
    let offset = 0;
    for (const part of parts) {
      if (part.format !== 'jsonl') throw new Error('expected a jsonl part');
      expect(part.range!.start).toBe(offset);
      expect(part.range!.end).toBeGreaterThan(part.range!.start);
      if (offset > 0) expect(bytes[offset - 1]).toBe(10);
      expect(part.firstLine).toBe(bytes.subarray(0, offset).toString('utf8').split('\n').length);
      offset = part.range!.end;
    }
    expect(offset).toBe((await stat(path)).size);

    const a = await readParts(whole);
    const b = await readParts(parts);
    expect(a.records).toHaveLength(2700);
    expect(b.records).toEqual(a.records);
    // Derived ids are `<rel>#<0-based line index>`: record 0 is on line 1, record 5 further down.
    expect(a.records[0]).toMatchObject({ n: 0, id: 'big.jsonl#0' });
    const lineOf5 = text.split('\n').findIndex((l) => l.startsWith('{"text":"record 5 '));
    expect(a.records[5]).toMatchObject({ n: 5, id: `big.jsonl#${lineOf5}` });
    expect(a.records.filter((r) => String(r.id).startsWith('big.jsonl#'))).toHaveLength(540);
  });

  it('an error in a later part reports the absolute line number', async () => {
    const path = join(dir, 'bad.jsonl');
    const { text } = buildJsonl(2500);
    await writeFile(path, text);
    const badLine = text.split('\n').findIndex((l) => l.startsWith('{"text": broken')) + 1;
    expect(badLine).toBeGreaterThan(2500);
    const parts = await partitionFile(await single(path), 4096);
    const index = parts.findIndex((p) => p.format === 'jsonl' && p.firstLine > badLine) - 1;
    expect(index).toBeGreaterThan(0);

    const error = await readParts([parts[index]!]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('W_IO_BAD_JSONL');
    expect((error as WardenError).message).toContain(`${path}:${badLine}`);

    const skipped = await readParts(parts, { ...opts, onError: 'skip' });
    expect(skipped.records).toHaveLength(2699);
    expect(skipped.rejects.map((r) => r.where)).toEqual([`${path}:${badLine}`]);
  });

  it('a file no bigger than targetBytes, or a compressed one, stays whole', async () => {
    const path = join(dir, 'small.jsonl');
    await writeFile(path, '{"id":"a"}\n');
    expect(await partitionFile(await single(path), 4096)).toHaveLength(1);
    const gz = join(dir, 'big.jsonl.gz');
    const writer = await openRecordWriter(gz, { format: 'jsonl', compression: 'gzip' });
    await writer.write(Array.from({ length: 5000 }, (_, i) => ({ id: String(i), text: String(Math.random()) })));
    await writer.close();
    const parts = await partitionFile(await single(gz), 16);
    expect(parts).toEqual([{ format: 'jsonl', path: gz, rel: 'big.jsonl.gz', split: undefined, compression: 'gzip', firstLine: 1 }]);
  });
});

describe('Parquet row-group partitioning', () => {
  it('parts by row group give the same records (and derived ids) as the whole file', async () => {
    const path = join(dir, 'rows.parquet');
    const writer = await openRecordWriter(path, { format: 'parquet' });
    const total = 120_500;
    for (let start = 0; start < total; start += 10_000) {
      const n = Math.min(10_000, total - start);
      await writer.write(Array.from({ length: n }, (_, k) => ({ text: `t${start + k}`, n: start + k })));
    }
    expect((await writer.close()).rows).toBe(total);

    const file = await single(path);
    const whole = await partitionFile(file, Number.MAX_SAFE_INTEGER);
    expect(whole).toEqual([{ format: 'parquet', path: file.path, rel: 'rows.parquet', split: undefined, rowGroups: [0, 3] }]);
    const parts = await partitionFile(file, 1);
    expect(parts.map((p) => (p.format === 'parquet' ? p.rowGroups : undefined))).toEqual([[0, 1], [1, 2], [2, 3]]);

    const a = await readParts(whole);
    const b = await readParts(parts);
    expect(a.records).toHaveLength(total);
    expect(b.records).toEqual(a.records);
    expect(a.records[0]).toEqual({ text: 't0', n: 0, id: 'rows.parquet#0' });
    expect(a.records[70_123]).toEqual({ text: 't70123', n: 70_123, id: 'rows.parquet#70123' });
    // Reading only the last row group still derives absolute row ids.
    const last = await readParts([parts[2]!]);
    expect(last.records[0]).toEqual({ text: 't100000', n: 100_000, id: 'rows.parquet#100000' });
  });
});

describe('other formats', () => {
  it('arrow and csv files are one part each', async () => {
    const csv = join(dir, 'a.csv');
    await writeFile(csv, 'id,text\n1,a\n');
    expect(await partitionFile(await single(csv), 1)).toEqual([{ format: 'csv', path: csv, rel: 'a.csv', split: undefined }]);
    const arrow = join(dir, 'a.arrow');
    const writer = await openRecordWriter(arrow, { format: 'arrow' });
    await writer.write([{ id: '1', text: 'a' }]);
    await writer.close();
    expect(await partitionFile(await single(arrow), 1)).toEqual([{ format: 'arrow', path: arrow, rel: 'a.arrow', split: undefined }]);
  });
});
