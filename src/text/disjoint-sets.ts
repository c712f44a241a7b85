/**
 * Disjoint sets over the indices 0..n-1 (union-find with path halving). A union makes the
 * smaller root the root of both, so every set's root is its smallest member: clusters and
 * groups built from it do not depend on the order the unions came in.
 *
 * @example
 * const sets = new DisjointSets(4);
 * sets.union(3, 1);
 * sets.root(3); // 1
 */
export class DisjointSets {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  root(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  }

  union(a: number, b: number): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}
