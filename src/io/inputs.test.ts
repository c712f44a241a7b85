import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFileKind, parseFormat, READ_FORMATS, requireFileKind } from './formats.js';
import { resolveInputs } from './inputs.js';
import { useTempDir, expectWardenError } from '../../test/helpers.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-');

const failure = expectWardenError;

async function touch(...names: string[]): Promise<void> {
  for (const name of names) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), '{"id":"x"}\n');
  }
}

describe('resolveInputs: errors', () => {
  it('a missing path is W_IO_NOT_FOUND', async () => {
    const missing = join(dir, 'nope.jsonl');
    const error = await failure(resolveInputs([missing]));
    expect(error.code).toBe('W_IO_NOT_FOUND');
    expect(error.where).toBe(missing);
  });

  it('a file with an unknown extension is W_IO_UNSUPPORTED', async () => {
    await touch('notes.txt');
    expect((await failure(resolveInputs([join(dir, 'notes.txt')]))).code).toBe('W_IO_UNSUPPORTED');
  });

  it('no inputs at all is W_USAGE', async () => {
    expect((await failure(resolveInputs([]))).code).toBe('W_USAGE');
  });

  it('a glob that matches nothing is W_IO_NOT_FOUND', async () => {
    const error = await failure(resolveInputs([`${dir}/*.parquet`]));
    expect(error.code).toBe('W_IO_NOT_FOUND');
    expect(error.message).toMatch(/glob matched no files/);
  });

  it('a glob that matches only unreadable kinds is W_IO_NOT_FOUND', async () => {
    await touch('a.txt');
    expect((await failure(resolveInputs([`${dir}/*`]))).code).toBe('W_IO_NOT_FOUND');
  });

  it('a folder with no data files is W_IO_NOT_FOUND', async () => {
    await touch('readme.md');
    expect((await failure(resolveInputs([dir]))).code).toBe('W_IO_NOT_FOUND');
  });
});

describe('resolveInputs: files, globs, folders', () => {
  it('a single file gets its kind, size and base name as rel', async () => {
    await touch('sub/a.jsonl.zst');
    const files = await resolveInputs([join(dir, 'sub', 'a.jsonl.zst')]);
    expect(files).toEqual([{ format: 'jsonl', compression: 'zstd', path: join(dir, 'sub', 'a.jsonl.zst'), rel: 'a.jsonl.zst', size: 11 }]);
  });

  it('a quoted glob returns matching files sorted, rel to the fixed part of the pattern', async () => {
    await touch('c.jsonl', 'a.jsonl', 'b.jsonl', 'x.parquet', 'sub/d.jsonl');
    const files = await resolveInputs([`${dir}/*.jsonl`]);
    expect(files.map((f) => f.path)).toEqual(['a.jsonl', 'b.jsonl', 'c.jsonl'].map((n) => join(dir, n)));
    expect(files.map((f) => f.rel)).toEqual(['a.jsonl', 'b.jsonl', 'c.jsonl']);
    const deep = await resolveInputs([`${dir}/**/*.jsonl`]);
    expect(deep.map((f) => f.rel)).toEqual(['a.jsonl', 'b.jsonl', 'c.jsonl', 'sub/d.jsonl']);
  });

  it('a folder is listed recursively and sorted, skipping hidden and unknown files', async () => {
    await touch('z.parquet', 'b/y.csv', 'a.jsonl.gz', '.hidden.jsonl', 'notes.txt', 'b/a.arrow');
    const files = await resolveInputs([dir]);
    expect(files.map((f) => [f.rel, f.format, f.compression])).toEqual([
      ['a.jsonl.gz', 'jsonl', 'gzip'],
      ['b/a.arrow', 'arrow', 'none'],
      ['b/y.csv', 'csv', 'none'],
      ['z.parquet', 'parquet', 'none'],
    ]);
  });

  it('the same file named twice is listed once, in first-seen order', async () => {
    await touch('a.jsonl', 'b.jsonl');
    const files = await resolveInputs([join(dir, 'b.jsonl'), `${dir}/*.jsonl`, join(dir, 'b.jsonl')]);
    expect(files.map((f) => f.rel)).toEqual(['b.jsonl', 'a.jsonl']);
  });
});

describe('formats', () => {
  it.each([
    ['a.jsonl', 'jsonl', 'none'],
    ['a.NDJSON', 'jsonl', 'none'],
    ['a.json.gz', 'jsonl', 'gzip'],
    ['a.jsonl.zst', 'jsonl', 'zstd'],
    ['a.jsonl.zstd', 'jsonl', 'zstd'],
    ['a.parquet', 'parquet', 'none'],
    ['a.pq', 'parquet', 'none'],
    ['a.arrow', 'arrow', 'none'],
    ['a.feather', 'arrow', 'none'],
    ['a.csv', 'csv', 'none'],
  ])('detectFileKind(%s) is %s/%s', (name, format, compression) => {
    expect(detectFileKind(name)).toEqual({ format, compression });
  });

  it.each(['a.txt', 'a.parquet.gz', 'a.csv.zst', 'dataset', 'a.gz'])('detectFileKind(%s) is undefined', (name) => {
    expect(detectFileKind(name)).toBeUndefined();
    expect(() => requireFileKind(name)).toThrow(expect.objectContaining({ code: 'W_IO_UNSUPPORTED' }));
  });

  it('parseFormat accepts listed formats and refuses others with W_USAGE', () => {
    expect(parseFormat('hf', READ_FORMATS, '--format')).toBe('hf');
    expect(() => parseFormat('xml', READ_FORMATS, '--format')).toThrow(expect.objectContaining({ code: 'W_USAGE' }));
  });
});
