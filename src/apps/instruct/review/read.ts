/** Streams instruction pairs from JSONL for loading into the review store. */
import { pairLines } from '../assemble/read.js';
import type { InstructionPair } from './types.js';

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
  yield* pairLines(path, { maxPairs: MAX_REVIEW_PAIRS });
}
