/**
 * Decontamination against evaluation sets: a pair is removed when its instruction or response
 * shares a 13-gram of word tokens (lower-cased letters and digits) with any text of an
 * evaluation record, as in the GPT-3 and Llama data-contamination studies. Evaluation texts
 * shorter than 13 words are not indexed (a short question matches too much by chance); the
 * report counts them.
 *
 * An n-gram is kept as a 53-bit number from two independent 32-bit hashes, so an index of
 * millions of n-grams stays a Set of numbers; a false match needs both hashes to collide.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { WardenError } from '../../../core/errors.js';
import { fnv1a, hashString } from '../../../text/hash32.js';

export const NGRAM = 13;
/** Longest evaluation line read; a longer one is an error naming the line. */
const MAX_EVAL_LINE = 8 * 1024 * 1024;
/** Strings gathered from one evaluation record, at most this deep. */
const MAX_DEPTH = 4;

export interface EvalIndex {
  /** n-gram key → index of the first evaluation file holding it. */
  grams: Map<number, number>;
  files: string[];
  records: number;
  /** Evaluation texts under 13 words (not indexed). */
  shortTexts: number;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function gramKey(list: readonly string[], start: number, n: number): number {
  const gram = list.slice(start, start + n).join(' ');
  return (fnv1a(gram) >>> 0) * 0x200000 + (hashString(gram, 0x5bd1e995) & 0x1fffff);
}

function stringsOf(value: unknown, depth: number, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (depth < MAX_DEPTH && Array.isArray(value)) for (const item of value) stringsOf(item, depth + 1, out);
  else if (depth < MAX_DEPTH && value !== null && typeof value === 'object') for (const item of Object.values(value)) stringsOf(item, depth + 1, out);
}

/**
 * Indexes the 13-grams of every string field of every record in the evaluation JSONL files.
 *
 * @example
 * const index = await buildEvalIndex(['evals/cyberbench.jsonl']);
 * index.grams.size; // number of distinct 13-grams
 */
export async function buildEvalIndex(files: readonly string[]): Promise<EvalIndex> {
  const index: EvalIndex = { grams: new Map(), files: [...files], records: 0, shortTexts: 0 };
  for (let f = 0; f < files.length; f++) {
    const path = files[f]!;
    const stream = createReadStream(path, { encoding: 'utf8' });
    const opened = new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    try {
      await opened;
    } catch (cause) {
      throw new WardenError('W_IO_NOT_FOUND', `cannot read evaluation set: ${(cause as Error).message}`, { where: path, cause });
    }
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      if (text.length > MAX_EVAL_LINE) throw new WardenError('W_IO_BAD_JSONL', `line longer than ${MAX_EVAL_LINE} characters`, { where: `${path}:${line}` });
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (cause) {
        throw new WardenError('W_IO_BAD_JSONL', `invalid JSON: ${(cause as Error).message}`, { where: `${path}:${line}`, cause });
      }
      index.records++;
      const strings: string[] = [];
      stringsOf(value, 0, strings);
      for (const s of strings) {
        const list = words(s);
        if (list.length < NGRAM) {
          if (list.length > 0) index.shortTexts++;
          continue;
        }
        for (let i = 0; i + NGRAM <= list.length; i++) {
          const key = gramKey(list, i, NGRAM);
          if (!index.grams.has(key)) index.grams.set(key, f);
        }
      }
    }
  }
  return index;
}

/**
 * The evaluation file (its index in `index.files`) one of whose 13-grams occurs in the text,
 * or -1.
 *
 * @example
 * contaminationOf('a text of at least thirteen words ...', index); // -1 when clean
 */
export function contaminationOf(text: string, index: EvalIndex): number {
  if (index.grams.size === 0) return -1;
  const list = words(text);
  for (let i = 0; i + NGRAM <= list.length; i++) {
    const file = index.grams.get(gramKey(list, i, NGRAM));
    if (file !== undefined) return file;
  }
  return -1;
}
