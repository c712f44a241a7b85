import { describe, expect, it } from 'vitest';
import { DisjointSets } from './disjoint-sets.js';

describe('DisjointSets', () => {
  it('joins chains and keeps the smallest member as root, whatever the union order', () => {
    for (const order of [
      [[4, 2], [2, 0], [5, 3]],
      [[5, 3], [0, 2], [2, 4]],
    ]) {
      const sets = new DisjointSets(6);
      for (const [a, b] of order) sets.union(a!, b!);
      expect([0, 1, 2, 3, 4, 5].map((i) => sets.root(i))).toEqual([0, 1, 0, 3, 0, 3]);
    }
  });

  it('a long chain resolves (path halving) without recursion', () => {
    const n = 200_000;
    const sets = new DisjointSets(n);
    for (let i = n - 1; i > 0; i--) sets.union(i, i - 1);
    expect(sets.root(n - 1)).toBe(0);
  });
});
