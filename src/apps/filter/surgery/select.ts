import { createHash } from 'node:crypto';
import { WardenError } from '../../../core/errors.js';

export type Budget = 'documents' | 'tokens';

/**
 * A 48-bit hash of (seed, key): the random order surgery draws documents in. It depends on the
 * document's id, not on where it sits, so the same seed picks the same documents whatever the
 * shard plan or worker count of the run that produced them.
 *
 * @example
 * seededHash(1, 'doc-17') === seededHash(1, 'doc-17'); // true
 */
export function seededHash(seed: number, key: string): number {
  return createHash('sha1').update(`${seed}\u0000${key}`).digest().readUIntBE(0, 6);
}

/** A document that may be drawn: its place in a fixed enumeration, its hash, its size. */
export interface Draw {
  hash: number;
  /** Position in the source enumeration: breaks hash ties and identifies the document. */
  ordinal: number;
  tokens: number;
}

const before = (a: Draw, b: Draw) => a.hash - b.hash || a.ordinal - b.ordinal;

/** How much of a budget a draw uses. */
export function unitsOf(draw: Draw, budget: Budget): number {
  return budget === 'documents' ? 1 : draw.tokens;
}

/**
 * Duplicate-approved schedule: candidates in hash order, round after round, until `need`
 * documents (or tokens: until at least `need`) are added. Each candidate is duplicated as
 * evenly as the budget allows. Returns copies per candidate ordinal.
 *
 * @example
 * scheduleDuplicates([{ hash: 2, ordinal: 0, tokens: 5 }, { hash: 1, ordinal: 1, tokens: 3 }], 3, 'documents');
 * // Map { 1 => 2, 0 => 1 }
 */
export function scheduleDuplicates(candidates: readonly Draw[], need: number, budget: Budget, split = ''): Map<number, number> {
  const copies = new Map<number, number>();
  if (need <= 0) return copies;
  const order = [...candidates].sort(before);
  const perRound = order.reduce((sum, c) => sum + unitsOf(c, budget), 0);
  if (perRound === 0) {
    throw new WardenError('W_USAGE', `nothing to duplicate: ${order.length === 0 ? 'no escalated-but-approved documents' : 'the escalated-but-approved documents hold no tokens'} in ${split ? `split "${split}"` : 'the run'}, so the removed ${budget} cannot be made up by duplication; use --strategy insert --from OTHER`);
  }
  let added = 0;
  for (let i = 0; added < need; i++) {
    const draw = order[i % order.length]!;
    copies.set(draw.ordinal, (copies.get(draw.ordinal) ?? 0) + 1);
    added += unitsOf(draw, budget);
  }
  return copies;
}

/**
 * Keeps the smallest-hash prefix of a stream of draws that is just large enough for a budget,
 * in memory bounded by that prefix: a max-heap by hash; the top is dropped while the rest
 * still covers `need()` (which may grow as the stream is read, never shrink).
 */
export class PrefixSelector {
  private readonly heap: Draw[] = [];
  private units = 0;
  /** True once any draw was dropped (the prefix is then smaller than the stream). */
  dropped = false;
  private readonly budget: Budget;
  private readonly need: () => number;

  constructor(budget: Budget, need: () => number) {
    this.budget = budget;
    this.need = need;
  }

  add(draw: Draw): void {
    this.push(draw);
    this.units += unitsOf(draw, this.budget);
    const need = this.need();
    while (this.heap.length > 0 && this.units - unitsOf(this.heap[0]!, this.budget) >= need) {
      this.units -= unitsOf(this.pop(), this.budget);
      this.dropped = true;
    }
  }

  /** The kept draws in draw order (smallest hash first). */
  drawn(): Draw[] {
    return [...this.heap].sort(before);
  }

  private push(draw: Draw): void {
    const heap = this.heap;
    heap.push(draw);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (before(heap[parent]!, draw) >= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = draw;
  }

  private pop(): Draw {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heap.length) break;
        if (child + 1 < heap.length && before(heap[child + 1]!, heap[child]!) > 0) child++;
        if (before(heap[child]!, last) <= 0) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

/**
 * Hands a draw order out to splits one after another: each split takes draws until its need is
 * met. Returns the ordinals per split, or undefined when the draws run out first.
 *
 * @example
 * assignToSplits(drawn, new Map([['train', 2], ['test', 1]]), 'documents'); // Map { train => [..2], test => [..1] }
 */
export function assignToSplits(drawn: readonly Draw[], needs: ReadonlyMap<string, number>, budget: Budget): Map<string, number[]> | undefined {
  const out = new Map<string, number[]>();
  let next = 0;
  for (const [split, need] of needs) {
    const taken: number[] = [];
    let got = 0;
    while (got < need) {
      const draw = drawn[next++];
      if (!draw) return undefined;
      taken.push(draw.ordinal);
      got += unitsOf(draw, budget);
    }
    out.set(split, taken);
  }
  return out;
}
