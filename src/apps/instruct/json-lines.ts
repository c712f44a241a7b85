/**
 * The one JSON Lines reader of the instruct stages: every stage's input (records, pairs) is read
 * through it, so a missing file, an overlong line or invalid JSON fails the same way everywhere,
 * with `file:line`. Memory is bounded by the longest line allowed, not by the file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { WardenError } from '../../core/errors.js';

/** Longest line accepted by default (a record or pair is a few KB; CAPEC entries reach tens of KB). */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface JsonLinesOptions {
  /** What the file is, for errors ("input", "records file"). */
  what?: string;
  maxLineBytes?: number;
  /** Sees every byte read, in order (e.g. to hash the file as it is read). */
  onBytes?: (chunk: Buffer) => void;
}

export interface JsonLine {
  value: unknown;
  /** 1-based. */
  line: number;
  /** `file:line`, for errors about the value. */
  where: string;
}

/** One non-blank line of a JSONL file, unparsed. */
export interface TextLine {
  text: string;
  /** 1-based. */
  line: number;
  /** `file:line`, for errors about the line. */
  where: string;
}

/**
 * Streams the non-blank lines of a JSONL file, unparsed (for a caller that parses elsewhere,
 * e.g. on a worker thread); blank lines are skipped but counted, CRLF is accepted, and a line
 * over the limit fails with `file:line`. The file is only read.
 *
 * @example
 * for await (const { text, where } of textLines('records.jsonl')) console.log(where, text.length);
 */
export async function* textLines(path: string, options: JsonLinesOptions = {}): AsyncGenerator<TextLine> {
  const what = options.what ?? 'input';
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const info = await stat(path).catch(function notFound(cause: unknown) {
    throw new WardenError('W_IO_NOT_FOUND', `${what} does not exist`, { where: path, cause });
  });
  if (!info.isFile()) throw new WardenError('W_IO_NOT_FOUND', `${what} is not a file`, { where: path });
  let carry = '';
  let line = 0;
  const decoder = new TextDecoder('utf-8');
  const check = (body: string): TextLine | undefined => {
    line++;
    const text = body.endsWith('\r') ? body.slice(0, -1) : body;
    if (text.trim().length === 0) return undefined;
    const where = `${path}:${line}`;
    // A UTF-16 unit is at most 3 UTF-8 bytes: most lines need no byte count.
    if (text.length * 3 > maxLineBytes && Buffer.byteLength(text) > maxLineBytes) throw new WardenError('W_IO_BAD_JSONL', `line longer than ${maxLineBytes} bytes`, { where });
    return { text, line, where };
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    options.onBytes?.(chunk as Buffer);
    carry += decoder.decode(chunk as Buffer, { stream: true });
    let start = 0;
    for (let newline = carry.indexOf('\n'); newline !== -1; newline = carry.indexOf('\n', start)) {
      const checked = check(carry.slice(start, newline));
      start = newline + 1;
      if (checked) yield checked;
    }
    carry = carry.slice(start);
    if (Buffer.byteLength(carry) > maxLineBytes) throw new WardenError('W_IO_BAD_JSONL', `line longer than ${maxLineBytes} bytes`, { where: `${path}:${line + 1}` });
  }
  carry += decoder.decode();
  const last = check(carry);
  if (last) yield last;
}

/**
 * Parses one JSONL line, failing with `file:line` on invalid JSON.
 *
 * @example
 * parseLine({ text: '{"a":1}', line: 1, where: 'f.jsonl:1' }); // { a: 1 }
 */
export function parseLine({ text, where }: TextLine): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new WardenError('W_IO_BAD_JSONL', `invalid JSON: ${(cause as Error).message}`, { where, cause });
  }
}

/**
 * Streams the parsed values of a JSONL file (see `textLines`).
 *
 * @example
 * for await (const { value, where } of jsonLines('pairs.jsonl')) console.log(where, value);
 */
export async function* jsonLines(path: string, options: JsonLinesOptions = {}): AsyncGenerator<JsonLine> {
  for await (const line of textLines(path, options)) yield { value: parseLine(line), line: line.line, where: line.where };
}
