import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, WardenError, deserializeError, errorMessage, isWardenError, serializeError } from './errors.js';
import type { ErrorCode } from './errors.js';

const DOC = new URL('../../docs/errors.md', import.meta.url);

/** Splits a Markdown table row on unescaped pipes and unescapes `\|` in cells. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

describe('ERROR_CODES', () => {
  const entries = Object.entries(ERROR_CODES) as [ErrorCode, { exit: number; hint: string }][];

  it('has codes at all, each named W_<UPPER_SNAKE>', () => {
    expect(entries.length).toBeGreaterThan(10);
    for (const [code] of entries) expect(code).toMatch(/^W_[A-Z]+(_[A-Z]+)*$/);
  });

  it.each(entries)('%s exits 2 and has a non-empty hint', (_code, { exit, hint }) => {
    expect(exit).toBe(2);
    expect(hint.trim().length).toBeGreaterThan(10);
    expect(hint.trim()).toMatch(/[.)]$/);
  });
});

describe('WardenError', () => {
  it('prefixes the message with `where` and exposes code, exit code and hint', () => {
    const err = new WardenError('W_IO_NOT_FOUND', 'input does not exist', { where: 'data/x.jsonl:3' });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('WardenError');
    expect(err.message).toBe('data/x.jsonl:3: input does not exist');
    expect(err.where).toBe('data/x.jsonl:3');
    expect(err.code).toBe('W_IO_NOT_FOUND');
    expect(err.exitCode).toBe(2);
    expect(err.hint).toBe(ERROR_CODES.W_IO_NOT_FOUND.hint);
  });

  it('leaves the message alone without `where` and keeps the cause', () => {
    const cause = new Error('ENOENT');
    const err = new WardenError('W_USAGE', 'bad flag', { cause });
    expect(err.message).toBe('bad flag');
    expect(err.where).toBeUndefined();
    expect(err.cause).toBe(cause);
  });

  it('is recognised by isWardenError, unlike plain errors and values', () => {
    expect(isWardenError(new WardenError('W_INTERNAL', 'x'))).toBe(true);
    expect(isWardenError(new Error('x'))).toBe(false);
    expect(isWardenError({ code: 'W_INTERNAL', message: 'x' })).toBe(false);
  });

  it('errorMessage reads errors and stringifies anything else', () => {
    expect(errorMessage(new WardenError('W_USAGE', 'm', { where: 'f' }))).toBe('f: m');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
  });
});

describe('serializeError / deserializeError', () => {
  it('round-trips a WardenError: code, message and stack survive structured cloning', () => {
    const original = new WardenError('W_IO_BAD_JSONL', 'invalid JSON', { where: 'in.jsonl:7' });
    const data = structuredClone(serializeError(original));
    expect(data).toMatchObject({ name: 'WardenError', code: 'W_IO_BAD_JSONL', message: 'in.jsonl:7: invalid JSON', where: 'in.jsonl:7' });
    const back = deserializeError(data);
    expect(back).toBeInstanceOf(WardenError);
    expect((back as WardenError).code).toBe('W_IO_BAD_JSONL');
    expect((back as WardenError).exitCode).toBe(2);
    expect(back.message).toBe(original.message);
    expect(back.stack).toBe(original.stack);
  });

  it('round-trips a plain Error as a plain Error with its name', () => {
    const original = new TypeError('not a function');
    const back = deserializeError(structuredClone(serializeError(original)));
    expect(back).not.toBeInstanceOf(WardenError);
    expect(back.name).toBe('TypeError');
    expect(back.message).toBe('not a function');
    expect(back.stack).toBe(original.stack);
  });

  it('serializes thrown non-errors and ignores unknown codes', () => {
    expect(serializeError('boom')).toEqual({ name: 'Error', message: 'boom' });
    const back = deserializeError({ name: 'Error', code: 'W_NOT_A_CODE', message: 'm' });
    expect(back).not.toBeInstanceOf(WardenError);
    expect(back.message).toBe('m');
  });
});

describe('docs/errors.md', () => {
  it('has the heading and says which test keeps it in sync', async () => {
    const text = await readFile(DOC, 'utf8');
    expect(text.split('\n')[0]).toBe('# Error codes');
    expect(text).toContain('kept in sync by\n`src/core/errors.test.ts`');
  });

  it('lists exactly the codes, exit statuses and hints of ERROR_CODES, in order', async () => {
    const lines = (await readFile(DOC, 'utf8')).split('\n');
    const header = lines.findIndex((line) => line.trim() === '| code | exit | how to solve |');
    expect(header, 'table header "| code | exit | how to solve |" not found').toBeGreaterThan(0);
    expect(lines[header + 1]).toMatch(/^\|(\s*:?-{3,}:?\s*\|){3}$/);
    const rows: string[][] = [];
    for (const line of lines.slice(header + 2)) {
      if (!line.trim().startsWith('|')) break;
      rows.push(cells(line));
    }
    const documented = rows.map(([code, exit, hint]) => [code?.replace(/^`(.*)`$/, '$1'), Number(exit), hint]);
    const expected = Object.entries(ERROR_CODES).map(([code, { exit, hint }]) => [code, exit, hint]);
    expect(documented).toEqual(expected);
  });
});
