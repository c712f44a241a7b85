import { findNearDuplicates, MinHasher, type MinHashOptions } from '../../text/minhash.js';

export interface DuplicateInput {
  text: string;
  label?: unknown;
}

export interface DuplicatePair {
  kind: 'exact' | 'near';
  /** Index of the earlier row. */
  first: number;
  /** Index of the later row (the one a dedupe drops). */
  second: number;
  /** 1 for exact duplicates; the estimated Jaccard for near ones. */
  similarity: number;
  sameLabel: boolean;
}

export interface DuplicateOptions {
  /** Jaccard threshold for near duplicates; undefined finds exact duplicates only. */
  nearThreshold?: number | undefined;
  minhash?: MinHashOptions;
  /** Cap on near pairs (clusters of paraphrases are quadratic). Default MAX_NEAR_PAIRS. */
  maxNearPairs?: number;
}

export const MAX_NEAR_PAIRS = 10_000;

/**
 * The key two texts share when they are the same up to case, Unicode compatibility forms and
 * whitespace: generators often repeat a row with different spacing or capitalisation.
 *
 * @example
 * duplicateKey('  Run  LS\n'); // 'run ls'
 */
export function duplicateKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Exact duplicates (each later copy paired with the first) and, with `nearThreshold`, near
 * duplicates among the distinct texts by MinHash + LSH. Exact copies are left out of the near
 * search so a text repeated 1000 times costs one signature, not a quadratic bucket.
 *
 * @example
 * findDuplicates([{ text: 'a b c' }, { text: 'A  b c' }]); // [{ kind: 'exact', first: 0, second: 1, similarity: 1, sameLabel: true }]
 */
export function findDuplicates(rows: readonly DuplicateInput[], options: DuplicateOptions = {}): DuplicatePair[] {
  const pairs: DuplicatePair[] = [];
  const firstByKey = new Map<string, number>();
  const distinct: number[] = [];
  rows.forEach((row, index) => {
    const key = duplicateKey(row.text);
    const first = firstByKey.get(key);
    if (first === undefined) {
      firstByKey.set(key, index);
      distinct.push(index);
    } else {
      pairs.push({ kind: 'exact', first, second: index, similarity: 1, sameLabel: rows[first]!.label === row.label });
    }
  });
  if (options.nearThreshold !== undefined && distinct.length > 1) {
    const hasher = new MinHasher(options.minhash);
    const signatures = distinct.map((index) => hasher.signature(rows[index]!.text));
    const near = findNearDuplicates(signatures, { threshold: options.nearThreshold, maxPairs: options.maxNearPairs ?? MAX_NEAR_PAIRS });
    for (const pair of near) {
      const first = distinct[pair.a]!;
      const second = distinct[pair.b]!;
      pairs.push({ kind: 'near', first, second, similarity: pair.similarity, sameLabel: rows[first]!.label === rows[second]!.label });
    }
  }
  return pairs;
}

/**
 * Indexes a dedupe drops: the later row of every pair whose earlier row is itself kept, so a
 * chain a≈b≈c keeps a and drops b and c only where each is close to a kept row.
 *
 * @example
 * rowsToDrop([{ kind: 'exact', first: 0, second: 2, similarity: 1, sameLabel: true }]); // Set {2}
 */
export function rowsToDrop(pairs: readonly DuplicatePair[]): Set<number> {
  const dropped = new Set<number>();
  const ordered = [...pairs].sort((p, q) => p.second - q.second || p.first - q.first);
  for (const pair of ordered) if (!dropped.has(pair.first)) dropped.add(pair.second);
  return dropped;
}
