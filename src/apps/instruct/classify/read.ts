/**
 * Streaming JSONL reading for the classify stage: pairs (checked with the assemble stage's
 * `toPair`) and source records (checked with structure's `parseSourceRecord`, keeping the
 * filter stage's `relevance.score`, which that schema does not carry).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { WardenError } from '../../../core/errors.js';
import { toPair } from '../assemble/read.js';
import type { InstructionPair } from '../assemble/types.js';
import { parseSourceRecord } from '../structure/read.js';
import type { SourceRecord } from '../types.js';

/** Longest JSONL line accepted (a pair or record is a few KB; CAPEC entries reach tens of KB). */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;
/** Most source records held in memory for fact look-ups (the whole NVD feed is about 300,000). */
export const MAX_RECORDS = 2_000_000;

async function* jsonLines(path: string, what: string): AsyncGenerator<{ value: unknown; where: string }> {
  const info = await stat(path).catch(function notFound(cause: unknown) {
    throw new WardenError('W_IO_NOT_FOUND', `${what} does not exist`, { where: path, cause });
  });
  if (!info.isFile()) throw new WardenError('W_IO_NOT_FOUND', `${what} is not a file`, { where: path });
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    line++;
    const where = `${path}:${line}`;
    if (text.length > MAX_LINE_CHARS) throw new WardenError('W_IO_BAD_JSONL', `line longer than ${MAX_LINE_CHARS} characters`, { where });
    if (text.trim() === '') continue;
    try {
      yield { value: JSON.parse(text) as unknown, where };
    } catch (cause) {
      if (cause instanceof SyntaxError) throw new WardenError('W_IO_BAD_JSONL', `invalid JSON: ${cause.message}`, { where, cause });
      throw cause;
    }
  }
}

/**
 * Streams pairs from a JSONL file; a malformed line or a repeated id fails with `file:line`.
 *
 * @example
 * for await (const pair of readPairLines('pairs.jsonl')) console.log(pair.id);
 */
export async function* readPairLines(path: string): AsyncGenerator<InstructionPair> {
  const seen = new Set<string>();
  for await (const { value, where } of jsonLines(path, 'input')) {
    const pair = toPair(value, where);
    if (seen.has(pair.id)) throw new WardenError('W_IO_BAD_RECORD', `duplicate pair id "${pair.id}"`, { where: `${where} field id` });
    seen.add(pair.id);
    yield pair;
  }
}

export interface RecordFacts {
  record: SourceRecord;
  /** The filter stage's relevance score, when the record has one. */
  relevance?: number;
}

/**
 * Loads source records by id for fact look-ups. The first record of an id wins.
 *
 * @example
 * const byId = await loadRecords('records.jsonl'); byId.get('nvd:CVE-2003-0001')?.record.facts;
 */
export async function loadRecords(path: string): Promise<Map<string, RecordFacts>> {
  const byId = new Map<string, RecordFacts>();
  for await (const { value, where } of jsonLines(path, '--records file')) {
    const record = parseSourceRecord(value, where);
    if (byId.has(record.id)) continue;
    if (byId.size >= MAX_RECORDS) throw new WardenError('W_IO_BAD_RECORD', `more than ${MAX_RECORDS} records; classify per source file`, { where });
    const score = ((value as { relevance?: { score?: unknown } }).relevance ?? {}).score;
    byId.set(record.id, typeof score === 'number' && score >= 0 && score <= 1 ? { record, relevance: score } : { record });
  }
  return byId;
}
