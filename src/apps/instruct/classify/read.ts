/**
 * Streaming JSONL reading for the classify stage: pairs (checked with the assemble stage's
 * `toPair`) and source records (checked with structure's `parseSourceRecord`, keeping the
 * filter stage's `relevance.score`, which that schema does not carry).
 */
import { WardenError } from '../../../core/errors.js';
import { pairLines } from '../assemble/read.js';
import { jsonLines } from '../json-lines.js';
import type { InstructionPair } from '../assemble/types.js';
import { parseSourceRecord } from '../structure/read.js';
import type { SourceRecord } from '../types.js';

/** Most source records held in memory for fact look-ups (the whole NVD feed is about 300,000). */
export const MAX_RECORDS = 2_000_000;


/**
 * Streams pairs from a JSONL file; a malformed line or a repeated id fails with `file:line`.
 *
 * @example
 * for await (const pair of readPairLines('pairs.jsonl')) console.log(pair.id);
 */
export async function* readPairLines(path: string): AsyncGenerator<InstructionPair> {
  for await (const { pair } of pairLines(path)) yield pair;
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
  for await (const { value, where } of jsonLines(path, { what: '--records file' })) {
    const record = parseSourceRecord(value, where);
    if (byId.has(record.id)) continue;
    if (byId.size >= MAX_RECORDS) throw new WardenError('W_IO_BAD_RECORD', `more than ${MAX_RECORDS} records; classify per source file`, { where });
    const score = ((value as { relevance?: { score?: unknown } }).relevance ?? {}).score;
    byId.set(record.id, typeof score === 'number' && score >= 0 && score <= 1 ? { record, relevance: score } : { record });
  }
  return byId;
}
