import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';
import { resolveInputs } from './inputs.js';
import { partitionFile, readPart } from './parts.js';
import type { ReadOptions, Rec, Reject } from './record.js';
import { useTempDir, expectWardenError } from '../../test/helpers.js';

const fields = { text: 'text', id: 'id' };
const failOpts: ReadOptions = { fields, onError: 'fail' };
const skipOpts: ReadOptions = { fields, onError: 'skip' };

let dir: string;
useTempDir((path) => (dir = path), 'warden-');

async function collect(path: string, options: ReadOptions): Promise<{ records: Rec[]; rejects: Reject[] }> {
  const records: Rec[] = [];
  const rejects: Reject[] = [];
  for await (const batch of readCsv({ path, rel: 'f.csv' }, options)) {
    records.push(...batch.records);
    rejects.push(...batch.rejects);
  }
  return { records, rejects };
}

const failure = expectWardenError;

describe('readCsv', () => {
  it('reads a header row, quoted fields, BOM and CRLF; values stay strings', async () => {
    const path = join(dir, 'a.csv');
    await writeFile(path, '\uFEFFid,text,n\r\n1,"hello, wörld",3\r\n2,"say ""hi""\nnext line",4.5\r\n');
    const { records, rejects } = await collect(path, failOpts);
    expect(rejects).toEqual([]);
    expect(records).toEqual([
      { id: '1', text: 'hello, wörld', n: '3' },
      { id: '2', text: 'say "hi"\nnext line', n: '4.5' },
    ]);
  });

  it('derives ids from the data row index when there is no id column', async () => {
    const path = join(dir, 'a.csv');
    await writeFile(path, 'text\na\n\nb\n');
    const { records } = await collect(path, failOpts);
    expect(records).toEqual([
      { text: 'a', id: 'f.csv#0' },
      { text: 'b', id: 'f.csv#1' },
    ]);
  });

  it('a row with too few columns is W_IO_BAD_CSV with file:line', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, 'id,text\n1,a\n2\n3,c\n');
    const error = await failure(collect(path, failOpts));
    expect(error.code).toBe('W_IO_BAD_CSV');
    expect(error.where).toBe(`${path}:3`);
    expect(error.message).toContain(`${path}:3`);
  });

  it('a row with too many columns is W_IO_BAD_CSV with file:line', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, 'id,text\n1,a\n2,b\n3,c,extra\n');
    const error = await failure(collect(path, failOpts));
    expect(error.code).toBe('W_IO_BAD_CSV');
    expect(error.where).toBe(`${path}:4`);
  });

  it('with onError skip a bad last row is a reject and the good rows come through', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, 'id,text\n1,a\n2,b\n3\n');
    const { records, rejects } = await collect(path, skipOpts);
    expect(rejects).toEqual([{ where: `${path}:4`, reason: 'row has a different number of columns than the header (2)' }]);
    expect(records).toEqual([
      { id: '1', text: 'a' },
      { id: '2', text: 'b' },
    ]);
  });

  // KNOWN BUG (csv.ts, `info.invalid_field_length > 0`): csv-parse's invalid_field_length is a
  // running count that is never reset, so once one row is bad every later row is rejected too.
  // Remove `.fails` once fixed.
  it('with onError skip the rows after a bad row still come through', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, 'id,text\n1,a\n2\n3,c\n4,d\n');
    const { records, rejects } = await collect(path, skipOpts);
    expect(rejects.map((r) => r.where)).toEqual([`${path}:3`]);
    expect(records).toEqual([
      { id: '1', text: 'a' },
      { id: '3', text: 'c' },
      { id: '4', text: 'd' },
    ]);
  });

  it('an unterminated quote is W_IO_BAD_CSV', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, 'id,text\n1,"never closed\n');
    expect((await failure(collect(path, failOpts))).code).toBe('W_IO_BAD_CSV');
  });

  it('is reachable through resolveInputs and readPart', async () => {
    const path = join(dir, 'a.csv');
    await writeFile(path, 'id,text\nx,y\n');
    const [file] = await resolveInputs([path]);
    expect(file).toMatchObject({ format: 'csv', compression: 'none', rel: 'a.csv' });
    const records: Rec[] = [];
    for (const part of await partitionFile(file!)) for await (const b of readPart(part, failOpts)) records.push(...b.records);
    expect(records).toEqual([{ id: 'x', text: 'y' }]);
  });
});
