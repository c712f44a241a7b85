/** Streams instruction pairs from JSONL for loading into the review store. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { WardenError } from '../../../core/errors.js';
import { toPair } from '../assemble/read.js';
import type { InstructionPair } from './types.js';

/** Longest input line accepted: a pair is a few KB; this bounds memory per line. */
export const MAX_PAIR_LINE = 4 * 1024 * 1024;
/** Most pairs one review store holds from one input (the UI keeps a small index entry per pair). */
export const MAX_REVIEW_PAIRS = 2_000_000;

/**
 * Yields the pairs of a JSONL file with their 1-based line numbers; a bad line fails with
 * `file:line` and the field. Duplicate ids fail too: review state is keyed by id. The file is
 * only read.
 *
 * @example
 * for await (const { pair } of readReviewPairs('classified.jsonl')) console.log(pair.id);
 */
export async function* readReviewPairs(path: string): AsyncGenerator<{ pair: InstructionPair; line: number }> {
  const info = await stat(path).catch(function notFound(cause: unknown) {
    throw new WardenError('W_IO_NOT_FOUND', 'input does not exist', { where: path, cause });
  });
  if (!info.isFile()) throw new WardenError('W_IO_NOT_FOUND', 'input is not a file', { where: path });
  const seen = new Map<string, number>();
  let line = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      line++;
      const where = `${path}:${line}`;
      if (text.trim() === '') continue;
      if (text.length > MAX_PAIR_LINE) throw new WardenError('W_IO_BAD_JSONL', `line longer than ${MAX_PAIR_LINE} characters`, { where });
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (cause) {
        throw new WardenError('W_IO_BAD_JSONL', `invalid JSON: ${(cause as Error).message}`, { where, cause });
      }
      const pair = toPair(value, where);
      const first = seen.get(pair.id);
      if (first !== undefined) throw new WardenError('W_IO_BAD_RECORD', `duplicate id "${pair.id}" (first on line ${first})`, { where: `${where} field id` });
      if (seen.size >= MAX_REVIEW_PAIRS) throw new WardenError('W_IO_BAD_RECORD', `more than ${MAX_REVIEW_PAIRS} pairs; review the input in parts`, { where });
      seen.set(pair.id, line);
      yield { pair, line };
    }
  } finally {
    lines.close();
  }
}
