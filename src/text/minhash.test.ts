import { describe, expect, it } from 'vitest';
import { chooseBanding, estimateJaccard, exactJaccard, findNearDuplicates, MinHasher, shingleHashes } from './minhash.js';
import { seededRandom } from './random.js';

const FORTY =
  'To list every file in a directory including hidden ones you can run the list command with the all flag ' +
  'which prints names permissions owners sizes and modification dates so you can quickly see what changed in the folder today';

describe('shingleHashes', () => {
  it('ignores case, punctuation and spacing; short texts become one shingle', () => {
    expect([...shingleHashes('Hello,   WORLD again!')]).toEqual([...shingleHashes('hello world again')]);
    expect(shingleHashes('one two').size).toBe(1);
    expect(shingleHashes('').size).toBe(0);
    expect(shingleHashes('a b c d e', { unit: 'word', size: 3 }).size).toBe(3);
    expect(shingleHashes('abcdef', { unit: 'char', size: 5 }).size).toBe(2);
  });
});

describe('MinHasher', () => {
  const hasher = new MinHasher();

  it('gives 1.0 for identical texts and ~0 for disjoint ones', () => {
    expect(FORTY.split(' ')).toHaveLength(40);
    expect(estimateJaccard(hasher.signature(FORTY), hasher.signature(FORTY))).toBe(1);
    const other = 'Quarterly revenue grew eight percent while operating margins narrowed because shipping costs rose sharply across Europe and Asia';
    expect(estimateJaccard(hasher.signature(FORTY), hasher.signature(other))).toBeLessThan(0.05);
  });

  it('estimates the exact Jaccard within a few points', () => {
    const edited = FORTY.replace('hidden', 'secret').replace('owners', 'groups');
    const exact = exactJaccard(shingleHashes(FORTY), shingleHashes(edited));
    const estimate = estimateJaccard(hasher.signature(FORTY), hasher.signature(edited));
    expect(Math.abs(exact - estimate)).toBeLessThan(0.12);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(new MinHasher({ seed: 7 }).signature(FORTY)).toEqual(new MinHasher({ seed: 7 }).signature(FORTY));
    expect(new MinHasher({ seed: 7 }).signature(FORTY)).not.toEqual(new MinHasher({ seed: 8 }).signature(FORTY));
    expect(hasher.signature(FORTY)).toHaveLength(128);
  });

  it('rejects a bad numPerm and mismatched signatures', () => {
    expect(() => new MinHasher({ numPerm: 0 })).toThrow(RangeError);
    expect(() => estimateJaccard(new Uint32Array(2), new Uint32Array(3))).toThrow(RangeError);
  });
});

describe('findNearDuplicates', () => {
  const hasher = new MinHasher();

  it('finds a one-word edit of a 40-word text at threshold 0.8, and nothing else', () => {
    const texts = [
      FORTY,
      'Completely unrelated sentence about baking bread with flour water salt and yeast overnight in a warm kitchen',
      FORTY.replace('quickly', 'easily'),
      'Another unrelated line describing how tides follow the moon and the sun around the globe every day',
    ];
    const pairs = findNearDuplicates(
      texts.map((t) => hasher.signature(t)),
      { threshold: 0.8 },
    );
    expect(pairs.map((p) => [p.a, p.b])).toEqual([[0, 2]]);
    expect(pairs[0]!.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('is deterministic, skips empty texts and honours maxPairs', () => {
    const texts = Array.from({ length: 6 }, () => FORTY).concat(['', '']);
    const sigs = texts.map((t) => hasher.signature(t));
    const first = findNearDuplicates(sigs, { threshold: 0.9 });
    expect(first).toEqual(findNearDuplicates(sigs, { threshold: 0.9 }));
    expect(first).toHaveLength(15);
    expect(findNearDuplicates(sigs, { threshold: 0.9, maxPairs: 3 })).toHaveLength(3);
    expect(findNearDuplicates(sigs.slice(0, 1), { threshold: 0.9 })).toEqual([]);
  });

  it('chooses bands that favour recall at the threshold', () => {
    expect(chooseBanding(128, 0.8)).toEqual({ bands: 16, rows: 8 });
    const { bands, rows } = chooseBanding(128, 0.5);
    expect(bands * rows).toBe(128);
    expect(1 - (1 - 0.5 ** rows) ** bands).toBeGreaterThanOrEqual(0.9);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 100 }, () => a());
    expect(values).toEqual(Array.from({ length: 100 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});
