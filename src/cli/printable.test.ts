import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers.js';
import { WardenError } from '../core/errors.js';
import { printable, reportError } from './common.js';
import { main } from './main.js';

let dir: string;
useTempDir((path) => (dir = path));

it('writes control and bidi characters of an error message as \\uXXXX, so quoted input cannot drive the terminal', async () => {
  let out = '';
  const code = reportError(new WardenError('W_IO_BAD_JSONL', 'invalid JSON: Unexpected token \u001b]0;pwned\u0007 and \u202eevil'), false, (t) => (out += t));
  expect(code).toBe(2);
  expect(out).toContain('\\u001b]0;pwned\\u0007 and \\u202eevil');
  for (const c of ['\u001b', '\u0007', '\u202e']) expect(out).not.toContain(c);
  expect(printable('line one\ttab')).toBe('line one\ttab');

  // End to end: a hostile JSONL line reaches the error message quoted by JSON.parse.
  const input = join(dir, 'records.jsonl');
  await writeFile(input, '{"id": \u001b]0;pwned\u0007}\n');
  let err = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true)) as typeof process.stderr.write;
  try {
    expect(await main(['node', 'warden', 'instruct', 'structure', '-i', input, '-o', join(dir, 'pairs.jsonl')])).toBe(2);
  } finally {
    process.stderr.write = write;
  }
  expect(err).toContain('W_IO_BAD_JSONL');
  for (const c of ['\u001b', '\u0007']) expect(err).not.toContain(c);
});
