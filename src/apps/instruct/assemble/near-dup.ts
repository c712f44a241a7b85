/**
 * Near-duplicate clusters by MinHash + LSH (src/text/minhash): signatures of `bands × rows`
 * slots over word shingles, candidate pairs from shared band buckets, verified on the full
 * signature against a Jaccard threshold, then joined into clusters (union-find). Every
 * cluster keeps its earliest member in input order, so the result depends only on the input.
 *
 * Memory is one flat Uint32Array of n × bands × rows slots (1M texts × 128 slots = 512 MB)
 * plus one band's buckets at a time.
 */
import { findNearDuplicates, MinHasher } from '../../../text/minhash.js';
import type { NearDupOptions } from './types.js';
import { DisjointSets } from '../../../text/disjoint-sets.js';

export type { NearDupOptions } from './types.js';


export const DEFAULT_NEAR_DUP: NearDupOptions = { shingle: 3, bands: 16, rows: 8, threshold: 0.7, seed: 1 };

export interface NearDupCluster {
  /** Index (in the given texts) of the kept member: the earliest. */
  representative: number;
  /** All members, ascending, the representative first. */
  members: number[];
}

/**
 * Clusters of near-duplicate texts (only clusters of two or more).
 *
 * @example
 * nearDuplicateClusters(['the quick brown fox jumps over the lazy dog today', 'the quick brown fox jumps over the lazy dog today!', 'something else entirely here'], { ...DEFAULT_NEAR_DUP, shingle: 3 });
 * // [{ representative: 0, members: [0, 1] }]
 */
export function nearDuplicateClusters(texts: readonly string[], options: NearDupOptions): NearDupCluster[] {
  const numPerm = options.bands * options.rows;
  const hasher = new MinHasher({ numPerm, seed: options.seed, shingle: { unit: 'word', size: options.shingle } });
  const flat = new Uint32Array(texts.length * numPerm);
  const signatures: Uint32Array[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const view = flat.subarray(i * numPerm, (i + 1) * numPerm);
    view.set(hasher.signature(texts[i]!));
    signatures[i] = view;
  }
  const pairs = findNearDuplicates(signatures, { threshold: options.threshold, banding: { bands: options.bands, rows: options.rows } });
  // A cluster's root is its earliest member (DisjointSets keeps the smallest index as root).
  const sets = new DisjointSets(texts.length);
  for (const pair of pairs) sets.union(pair.a, pair.b);
  const byRoot = new Map<number, number[]>();
  for (const pair of pairs) {
    for (const index of [pair.a, pair.b]) {
      const r = sets.root(index);
      const members = byRoot.get(r) ?? [];
      if (!byRoot.has(r)) byRoot.set(r, members);
      members.push(index);
    }
  }
  const clusters: NearDupCluster[] = [];
  for (const [representative, members] of byRoot) {
    const unique = [...new Set(members)].sort((x, y) => x - y);
    clusters.push({ representative, members: unique });
  }
  return clusters.sort((x, y) => x.representative - y.representative);
}
