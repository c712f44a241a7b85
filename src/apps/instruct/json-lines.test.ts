import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../test/helpers.js';
import { jsonLines, type JsonLinesOptions } from './json-lines.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-json-lines-');

async function all(path: string, options?: JsonLinesOptions) {
  const out = [];
  for await (const item of jsonLines(path, options)) out.push(item);
  return out;
}

it('yields values with 1-based line numbers, skipping blank lines but counting them, CRLF accepted, no final newline needed', async () => {
  const path = join(dir, 'a.jsonl');
  await writeFile(path, '{"a":1}\r\n\n  \n{"b":"é"}\n{"c":3}');
  const seen: Buffer[] = [];
  const items = await all(path, { onBytes: (chunk) => seen.push(Buffer.from(chunk)) });
  expect(items.map((i) => [i.value, i.line, i.where])).toEqual([
    [{ a: 1 }, 1, `${path}:1`],
    [{ b: 'é' }, 4, `${path}:4`],
    [{ c: 3 }, 5, `${path}:5`],
  ]);
  expect(Buffer.concat(seen).toString('utf8')).toBe('{"a":1}\r\n\n  \n{"b":"é"}\n{"c":3}');
});

it('fails with file:line on invalid JSON and on a line over the limit, whether it fits in one read chunk or spans several', async () => {
  const bad = join(dir, 'bad.jsonl');
  await writeFile(bad, '{"a":1}\n{"a":\n');
  expect((await expectWardenError(all(bad))).message).toContain(`${bad}:2`);

  const long = join(dir, 'long.jsonl');
  await writeFile(long, `{"a":1}\n{"t":"${'x'.repeat(200)}"}\n`);
  const short = await expectWardenError(all(long, { maxLineBytes: 100 }));
  expect([short.code, short.message]).toEqual(['W_IO_BAD_JSONL', expect.stringContaining(`${long}:2`)]);

  const huge = join(dir, 'huge.jsonl');
  await writeFile(huge, `{"a":1}\n{"t":"${'y'.repeat(3 << 20)}"}\n`);
  const big = await expectWardenError(all(huge, { maxLineBytes: 2 << 20 }));
  expect([big.code, big.message]).toEqual(['W_IO_BAD_JSONL', expect.stringContaining(`${huge}:2`)]);
});

it('names what is missing: no file, or a folder', async () => {
  expect((await expectWardenError(all(join(dir, 'nope.jsonl'), { what: '--records file' }))).message).toContain('--records file does not exist');
  await mkdir(join(dir, 'folder'));
  expect((await expectWardenError(all(join(dir, 'folder')))).code).toBe('W_IO_NOT_FOUND');
});
