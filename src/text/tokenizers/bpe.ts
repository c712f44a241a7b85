/**
 * The byte-pair merge loop shared by tiktoken encodings and Hugging Face BPE models: start from
 * one part per byte and repeatedly merge the adjacent pair with the lowest rank, the leftmost
 * one on ties, until no pair can merge. Both tokenizers merge in exactly this order; they differ
 * only in how a pair is ranked, which `MergeRules` supplies.
 *
 * Short pieces (almost all of them) use a linear scan over small typed arrays; long ones (CJK
 * paragraphs without spaces, long symbol runs) a linked list and a binary heap, so a piece of n
 * bytes costs O(n log n) instead of O(n²).
 */

export interface MergeRules {
  /**
   * Rank of merging the adjacent parts `left` = bytes[start, mid) and `right` = bytes[mid, end)
   * (their token ids given), or -1 when they never merge. Ranks must be below 2^21.
   */
  pairRank(bytes: string, start: number, end: number, left: number, right: number): number;
  /** Token id of the part a merge of rank `rank` produces. */
  mergedId(rank: number): number;
}

/** Pieces up to this many bytes use the quadratic scan, which is faster at that size. */
const SCAN_LIMIT = 64;
const NONE = Number.POSITIVE_INFINITY;

let scanStarts = new Int32Array(SCAN_LIMIT + 1);
let scanIds = new Int32Array(SCAN_LIMIT);
let scanRanks = new Float64Array(SCAN_LIMIT);

/**
 * Merges one piece. `bytes` is the piece's UTF-8 as a Latin-1 string, `byteIds[b]` the token id
 * of the single byte b. Appends the resulting token ids to `out`.
 *
 * @example
 * bpeMerge('aab', byteIds, rules, out);
 */
export function bpeMerge(bytes: string, byteIds: ArrayLike<number>, rules: MergeRules, out: number[]): void {
  const n = bytes.length;
  if (n === 0) return;
  if (n === 1) {
    out.push(byteIds[bytes.charCodeAt(0)]!);
    return;
  }
  if (n <= SCAN_LIMIT) scanMerge(bytes, byteIds, rules, out);
  else heapMerge(bytes, byteIds, rules, out);
}

function scanMerge(bytes: string, byteIds: ArrayLike<number>, rules: MergeRules, out: number[]): void {
  const n = bytes.length;
  if (scanStarts.length < n + 1) {
    scanStarts = new Int32Array(n + 1);
    scanIds = new Int32Array(n);
    scanRanks = new Float64Array(n);
  }
  const starts = scanStarts;
  const ids = scanIds;
  const ranks = scanRanks;
  for (let i = 0; i < n; i++) {
    starts[i] = i;
    ids[i] = byteIds[bytes.charCodeAt(i)]!;
  }
  starts[n] = n;
  let m = n;
  const rankAt = (i: number): number => {
    const r = rules.pairRank(bytes, starts[i]!, starts[i + 2]!, ids[i]!, ids[i + 1]!);
    return r < 0 ? NONE : r;
  };
  for (let i = 0; i < m - 1; i++) ranks[i] = rankAt(i);
  for (;;) {
    let best = -1;
    let bestRank = NONE;
    for (let i = 0; i < m - 1; i++) {
      if (ranks[i]! < bestRank) {
        bestRank = ranks[i]!;
        best = i;
      }
    }
    if (best < 0) break;
    ids[best] = rules.mergedId(bestRank);
    starts.copyWithin(best + 1, best + 2, m + 1);
    ids.copyWithin(best + 1, best + 2, m);
    ranks.copyWithin(best + 1, best + 2, m - 1);
    m--;
    if (best < m - 1) ranks[best] = rankAt(best);
    if (best > 0) ranks[best - 1] = rankAt(best - 1);
  }
  for (let i = 0; i < m; i++) out.push(ids[i]!);
}

/** 2^32: a heap key is rank * 2^32 + start, exact in a double because ranks stay below 2^21. */
const SHIFT = 4294967296;

function heapMerge(bytes: string, byteIds: ArrayLike<number>, rules: MergeRules, out: number[]): void {
  const n = bytes.length;
  // Node i is the part starting at byte i; it absorbs its right neighbour when they merge.
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const ids = new Int32Array(n);
  const ranks = new Float64Array(n);
  const heap = new MinHeap(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    ids[i] = byteIds[bytes.charCodeAt(i)]!;
  }
  const rankOf = (i: number): number => {
    const j = next[i]!;
    if (j >= n) return -1;
    return rules.pairRank(bytes, i, next[j]!, ids[i]!, ids[j]!);
  };
  for (let i = 0; i < n - 1; i++) {
    const r = rankOf(i);
    ranks[i] = r;
    if (r >= 0) heap.push(r * SHIFT + i);
  }
  while (heap.size > 0) {
    const key = heap.pop();
    const rank = Math.floor(key / SHIFT);
    const i = key - rank * SHIFT;
    // Stale entries (a merged-away node, or a pair that changed since) are skipped.
    if (ids[i] === -1 || ranks[i] !== rank) continue;
    const j = next[i]!;
    ids[i] = rules.mergedId(rank);
    next[i] = next[j]!;
    if (next[j]! < n) prev[next[j]!] = i;
    ids[j] = -1;
    ranks[j] = -1;
    const r = rankOf(i);
    ranks[i] = r;
    if (r >= 0) heap.push(r * SHIFT + i);
    const p = prev[i]!;
    if (p >= 0) {
      const rp = rankOf(p);
      ranks[p] = rp;
      if (rp >= 0) heap.push(rp * SHIFT + p);
    }
  }
  for (let i = 0; i < n; i = next[i]!) out.push(ids[i]!);
}

/** A binary min-heap of doubles in a growable Float64Array. */
class MinHeap {
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  push(key: number): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    const keys = this.keys;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      i = parent;
    }
    keys[i] = key;
  }

  pop(): number {
    const keys = this.keys;
    const top = keys[0]!;
    const last = keys[--this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= last) break;
      keys[i] = keys[child]!;
      i = child;
    }
    keys[i] = last;
    return top;
  }
}
