/**
 * An open-addressing hash table from a pair of token ids to a merge rank, in typed arrays: the
 * merge loop looks pairs up millions of times, and a Map keyed by `left * 2^21 + right` (a
 * heap number beyond the small-integer range) is several times slower.
 */
export class PairTable {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly rank: Int32Array;
  private readonly mask: number;

  constructor(expected: number) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.left = new Int32Array(size);
    this.right = new Int32Array(size);
    this.rank = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** Sets (or overwrites) the rank of a pair. */
  set(left: number, right: number, rank: number): void {
    let i = this.slot(left, right);
    while (this.rank[i] !== -1 && (this.left[i] !== left || this.right[i] !== right)) i = (i + 1) & this.mask;
    this.left[i] = left;
    this.right[i] = right;
    this.rank[i] = rank;
  }

  /** The rank of a pair, or -1. */
  get(left: number, right: number): number {
    let i = this.slot(left, right);
    for (;;) {
      const r = this.rank[i]!;
      if (r === -1) return -1;
      if (this.left[i] === left && this.right[i] === right) return r;
      i = (i + 1) & this.mask;
    }
  }

  private slot(left: number, right: number): number {
    return (Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77)) & this.mask;
  }
}
