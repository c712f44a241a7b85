/**
 * Seeded train/validation/test splits grouped by source id: pairs that share any source id
 * (one CVE, one technique) form one group, and a group lands in exactly one split. Groups are
 * ordered by their smallest source id, shuffled with the seed, and cut at the ratios by
 * cumulative pair count, so the same pairs, ratios and seed give the same splits whatever
 * the input order.
 */
import { WardenError } from '../../../core/errors.js';
import { permutation, seededRandom } from '../../../text/random.js';
import type { InstructionPair, Ratios, SplitName } from './types.js';
import { DisjointSets } from '../../../text/disjoint-sets.js';

export type { Ratios } from './types.js';

/**
 * Parses `0.8,0.1,0.1` (three non-negative numbers summing to 1 ± 0.001).
 *
 * @example
 * parseRatios('0.8,0.1,0.1'); // [0.8, 0.1, 0.1]
 */
export function parseRatios(text: string): Ratios {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new WardenError('W_USAGE', `--ratios must be three non-negative numbers for train,validation,test (got "${text}")`);
  }
  const sum = parts[0]! + parts[1]! + parts[2]!;
  if (Math.abs(sum - 1) > 0.001) throw new WardenError('W_USAGE', `--ratios must sum to 1 (got "${text}", sum ${sum})`);
  return parts as Ratios;
}

/**
 * The split of every pair (same order as the input).
 *
 * @example
 * assignSplits(pairs, [0.8, 0.1, 0.1], 42); // ['train', 'test', 'train', ...]
 */
export function assignSplits(pairs: readonly InstructionPair[], ratios: Ratios, seed: number): SplitName[] {
  const sets = new DisjointSets(pairs.length);
  const owner = new Map<string, number>();
  pairs.forEach(function joinSources(pair, index) {
    const ids = pair.metadata.source_ids.length > 0 ? pair.metadata.source_ids : [`pair:${pair.id}`];
    for (const id of ids) {
      const other = owner.get(id);
      if (other === undefined) owner.set(id, index);
      else sets.union(index, other);
    }
  });
  // A group's key is its smallest source id: independent of input order.
  const keyOf = new Map<number, string>();
  const sizeOf = new Map<number, number>();
  pairs.forEach(function keyGroups(pair, index) {
    const r = sets.root(index);
    const ids = pair.metadata.source_ids.length > 0 ? pair.metadata.source_ids : [`pair:${pair.id}`];
    for (const id of ids) {
      const current = keyOf.get(r);
      if (current === undefined || id < current) keyOf.set(r, id);
    }
    sizeOf.set(r, (sizeOf.get(r) ?? 0) + 1);
  });
  const roots = [...keyOf.keys()].sort((a, b) => (keyOf.get(a)! < keyOf.get(b)! ? -1 : 1));
  const order = permutation(roots.length, seededRandom(seed));
  const splitOf = new Map<number, SplitName>();
  const total = pairs.length;
  const trainEnd = ratios[0] * total;
  const validationEnd = (ratios[0] + ratios[1]) * total;
  let done = 0;
  for (const position of order) {
    const r = roots[position]!;
    const size = sizeOf.get(r)!;
    // A group goes where its middle falls, so groups straddling a cut split fairly.
    const middle = done + size / 2;
    splitOf.set(r, middle < trainEnd ? 'train' : middle < validationEnd ? 'validation' : 'test');
    done += size;
  }
  return pairs.map((_, index) => splitOf.get(sets.root(index))!);
}
