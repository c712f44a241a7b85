import { WardenError } from '../../../core/errors.js';
import type { Rec } from '../../../io/record.js';
import { mulberry32 } from '../../../text/random.js';
import type { ProvenanceRow, SplitWriter } from './output.js';
import { seededHash } from './select.js';

/** A record to add, with what provenance.jsonl says about it (its position is filled in here). */
export interface Addition {
  record: Rec;
  provenance: Omit<ProvenanceRow, 'position' | 'split'>;
}

/**
 * Writes `baseCount` base records and `addedCount` additions in one stream, the additions at
 * uniformly random places (every interleaving equally likely), decided by a generator seeded
 * with (seed, split): the same inputs and seed always give the same file. Both counts are
 * known beforehand (from an earlier pass); a stream that ends early or runs long means an input
 * changed under us, and fails.
 */
export async function writeInterleaved(
  writer: SplitWriter,
  split: string,
  seed: number,
  base: AsyncIterable<Rec>,
  baseCount: number,
  added: AsyncIterable<Addition>,
  addedCount: number,
  onAdded: (row: ProvenanceRow) => void,
): Promise<void> {
  const rand = mulberry32(seededHash(seed, `interleave\u0000${split}`) % 0x100000000);
  const baseIt = base[Symbol.asyncIterator]();
  const addedIt = added[Symbol.asyncIterator]();
  let restBase = baseCount;
  let restAdded = addedCount;
  let position = 0;
  const changed = (what: string) => new WardenError('W_RUN_MISMATCH', `${what} changed while the new data set was written; run the command again`);
  try {
    while (restBase + restAdded > 0) {
      const takeAdded = restAdded > 0 && (restBase === 0 || rand() * (restBase + restAdded) < restAdded);
      if (takeAdded) {
        const next = await addedIt.next();
        if (next.done) throw changed('a source of added records');
        await writer.write(next.value.record);
        onAdded({ split: split || null, position, ...next.value.provenance });
        restAdded--;
      } else {
        const next = await baseIt.next();
        if (next.done) throw changed('the base data set');
        await writer.write(next.value);
        restBase--;
      }
      position++;
    }
    if (!(await baseIt.next()).done) throw changed('the base data set');
    if (!(await addedIt.next()).done) throw changed('a source of added records');
  } finally {
    await baseIt.return?.();
    await addedIt.return?.();
  }
}
