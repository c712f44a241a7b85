import { describe, expect, it } from 'vitest';
import { duplicateKey, findDuplicates, rowsToDrop } from './duplicates.js';

const LONG = 'always check the sender address before you click a link in an email because attackers copy the look of real companies very closely';

describe('findDuplicates', () => {
  it('pairs every later exact copy with the first, ignoring case and spacing', () => {
    const pairs = findDuplicates([{ text: 'Run ls', label: 'a' }, { text: 'other' }, { text: ' run   LS ', label: 'a' }, { text: 'RUN LS', label: 'b' }]);
    expect(pairs).toEqual([
      { kind: 'exact', first: 0, second: 2, similarity: 1, sameLabel: true },
      { kind: 'exact', first: 0, second: 3, similarity: 1, sameLabel: false },
    ]);
    expect(duplicateKey('Ｒｕｎ\tls')).toBe('run ls');
  });

  it('finds near duplicates among distinct texts only when asked', () => {
    const rows = [{ text: LONG }, { text: LONG }, { text: LONG.replace('closely', 'carefully') }, { text: 'bake bread with flour water and salt' }];
    expect(findDuplicates(rows).map((p) => p.kind)).toEqual(['exact']);
    const pairs = findDuplicates(rows, { nearThreshold: 0.8 });
    expect(pairs.map((p) => [p.kind, p.first, p.second])).toEqual([
      ['exact', 0, 1],
      ['near', 0, 2],
    ]);
    expect(pairs[1]!.similarity).toBeGreaterThanOrEqual(0.8);
  });
});

describe('rowsToDrop', () => {
  it('drops later rows whose earlier partner is kept (2 stays: its partner 1 was dropped)', () => {
    const pair = (first: number, second: number) => ({ kind: 'near' as const, first, second, similarity: 0.9, sameLabel: true });
    expect([...rowsToDrop([pair(0, 1), pair(1, 2), pair(0, 3), pair(2, 4)])].sort()).toEqual([1, 3, 4]);
  });
});
