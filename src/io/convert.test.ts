import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WardenError } from '../core/errors.js';
import { convert } from './convert.js';
import { resolveInputs } from './inputs.js';
import { partitionFile, readPart } from './parts.js';
import type { ReadOptions, Rec } from './record.js';
import { useTempDir, expectWardenError } from '../../test/helpers.js';

const fields = { text: 'text', id: 'id' };
const opts: ReadOptions = { fields, onError: 'fail' };

let dir: string;
useTempDir((path) => (dir = path), 'warden-');

const RECORDS: Rec[] = [
  { id: 'a', text: 'héllo 🌍', n: 1, f: 0.5, ok: true, meta: { tags: ['x'], depth: { k: 'v' } } },
  { id: 'b', text: 'second', n: 2, f: 1.25, ok: false, meta: { tags: [], depth: { k: 'w' } } },
];

async function readAll(path: string, splits?: string[]): Promise<Rec[]> {
  const out: Rec[] = [];
  for (const file of await resolveInputs([path], { splits })) {
    for (const part of await partitionFile(file)) {
      for await (const batch of readPart(part, opts)) out.push(...batch.records.map((r) => Object.fromEntries(Object.entries(r))));
    }
  }
  return out;
}

async function snapshot(path: string): Promise<{ bytes: Buffer; mtimeMs: number; size: number }> {
  const info = await stat(path);
  return { bytes: await readFile(path), mtimeMs: info.mtimeMs, size: info.size };
}

const failure = expectWardenError;

async function writeInput(name = 'in.jsonl', records = RECORDS): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

describe('convert between formats', () => {
  it('jsonl → parquet → jsonl.zst → hf → jsonl.gz keeps every record', async () => {
    const input = await writeInput();
    const chain = ['a.parquet', 'b.jsonl.zst', 'c_hf', 'd.jsonl.gz'];
    let from = input;
    for (const name of chain) {
      const output = join(dir, name);
      const result = await convert({ inputs: [from], output, fields, onError: 'fail' });
      expect(result.rows).toBe(RECORDS.length);
      expect(result.rejects).toEqual([]);
      expect(await readAll(output)).toEqual(RECORDS);
      from = output;
    }
  });

  it('picks the format and compression from the output name', async () => {
    const input = await writeInput();
    const gz = await convert({ inputs: [input], output: join(dir, 'o.jsonl.gz'), fields, onError: 'fail' });
    expect(gz).toMatchObject({ format: 'jsonl', files: [join(dir, 'o.jsonl.gz')] });
    expect((await readFile(join(dir, 'o.jsonl.gz'))).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const pq = await convert({ inputs: [input], output: join(dir, 'o.parquet'), fields, onError: 'fail' });
    expect(pq.format).toBe('parquet');
    expect((await readFile(join(dir, 'o.parquet'))).subarray(0, 4).toString()).toBe('PAR1');
    // An explicit format wins over the name.
    const forced = await convert({ inputs: [input], output: join(dir, 'o.data'), format: 'jsonl', fields, onError: 'fail' });
    expect(forced.format).toBe('jsonl');
    expect(await readFile(join(dir, 'o.data'), 'utf8')).toBe(RECORDS.map((r) => JSON.stringify(r) + '\n').join(''));
  });

  it('adds derived ids to records without one', async () => {
    const input = await writeInput('noid.jsonl', [{ text: 'a' }, { text: 'b', id: 'kept' }]);
    const output = join(dir, 'out.jsonl');
    await convert({ inputs: [input], output, fields, onError: 'fail' });
    expect(await readFile(output, 'utf8')).toBe('{"id":"noid.jsonl#0","text":"a"}\n{"text":"b","id":"kept"}\n');
  });

  it('with onError skip returns the rejects and writes the good rows', async () => {
    const input = join(dir, 'bad.jsonl');
    await writeFile(input, '{"id":"a"}\n{oops\n{"id":"c"}\n');
    const output = join(dir, 'out.jsonl');
    const progress: number[] = [];
    const result = await convert({ inputs: [input], output, fields, onError: 'skip', onProgress: (n) => progress.push(n) });
    expect(result.rows).toBe(2);
    expect(result.rejects.map((r) => r.where)).toEqual([`${input}:2`]);
    expect(progress.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await readFile(output, 'utf8')).toBe('{"id":"a"}\n{"id":"c"}\n');
  });

  it('a failing conversion leaves no output file behind', async () => {
    const input = join(dir, 'bad.jsonl');
    await writeFile(input, '{"id":"a"}\n{oops\n');
    const error = await failure(convert({ inputs: [input], output: join(dir, 'out.parquet'), fields, onError: 'fail' }));
    expect(error.code).toBe('W_IO_BAD_JSONL');
    expect(await readdir(dir)).toEqual(['bad.jsonl']);
  });

  it.each(['out.arrow', 'out.csv'])('refuses to write %s', async (name) => {
    const input = await writeInput();
    expect((await failure(convert({ inputs: [input], output: join(dir, name), fields, onError: 'fail' }))).code).toBe('W_IO_UNSUPPORTED');
  });
});

describe('convert never touches its input', () => {
  it('refuses to overwrite its input (W_USAGE) and leaves it byte-identical', async () => {
    const input = await writeInput();
    const before = await snapshot(input);
    await new Promise((r) => setTimeout(r, 20));
    const error = await failure(convert({ inputs: [input], output: input, fields, onError: 'fail' }));
    expect(error.code).toBe('W_USAGE');
    expect(await snapshot(input)).toEqual(before);
    // Also when the input comes from a folder or a glob and the output is spelled relatively.
    const viaDir = await failure(convert({ inputs: [dir], output: input, fields, onError: 'fail' }));
    expect(viaDir.code).toBe('W_USAGE');
    const viaGlob = await failure(convert({ inputs: [`${dir}/*.jsonl`], output: join(dir, '.', 'in.jsonl'), fields, onError: 'fail' }));
    expect(viaGlob.code).toBe('W_USAGE');
    expect(await snapshot(input)).toEqual(before);
    expect(await readdir(dir)).toEqual(['in.jsonl']);
  });

  it('a successful conversion leaves the input byte-identical', async () => {
    const input = await writeInput();
    const before = await snapshot(input);
    await new Promise((r) => setTimeout(r, 20));
    for (const name of ['o.parquet', 'o.jsonl.zst', 'o_hf']) {
      await convert({ inputs: [input], output: join(dir, name), fields, onError: 'fail' });
      expect(await snapshot(input)).toEqual(before);
    }
  });

  // KNOWN BUG (convert.ts): the overwrite check compares only file paths, so converting a
  // Hugging Face folder onto itself renames new shards over the input shards and rewrites its
  // state.json. It should be refused like a file. Remove `.fails` once fixed.
  it('refuses to write a Hugging Face folder onto itself', async () => {
    const input = await writeInput();
    const ds = join(dir, 'ds');
    await convert({ inputs: [input], output: ds, fields, onError: 'fail' });
    const shard = join(ds, 'data-00000-of-00001.arrow');
    const before = await snapshot(shard);
    const error = await convert({ inputs: [ds], output: ds, fields, onError: 'fail' }).then(() => undefined, (e: unknown) => e);
    expect(await snapshot(shard)).toEqual(before);
    expect((error as WardenError | undefined)?.code).toBe('W_USAGE');
  });
});
