import { createHash } from 'node:crypto';
import type { SourceRecord } from '../types.js';
import { eligibleTemplates } from './templates/index.js';
import type { Template } from './types.js';

/** A 32-bit PRNG (mulberry32) seeded from sha256(seed:record id): the same inputs pick the same templates. */
function rngFor(seed: number, recordId: string): () => number {
  let state = createHash('sha256').update(`${seed}:${recordId}`).digest().readUInt32LE(0);
  return function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks up to `count` distinct eligible templates for a record, deterministically from the seed
 * and the record id (not from its position in the input), so a re-run or a different input order
 * yields the same pairs.
 *
 * @example
 * chooseTemplates(record, 42, 2).map((t) => t.id);
 */
export function chooseTemplates(record: SourceRecord, seed: number, count: number, templates?: readonly Template[]): Template[] {
  const pool = eligibleTemplates(record, templates);
  const random = rngFor(seed, record.id);
  // Partial Fisher-Yates shuffle: the first `count` slots are a uniform sample without replacement.
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
