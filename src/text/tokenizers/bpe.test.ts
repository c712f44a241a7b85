import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { bpeMerge, type MergeRules } from './bpe.js';

/** Naive reference: merge the lowest-ranked adjacent pair (leftmost on ties) until none is left. */
function naive(bytes: string, ranks: Map<string, number>): number[] {
  let parts = [...bytes];
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const r = ranks.get(parts[i]! + parts[i + 1]!);
      if (r !== undefined && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) return parts.map((p) => ranks.get(p)!);
    parts = [...parts.slice(0, best), parts[best]! + parts[best + 1]!, ...parts.slice(best + 2)];
  }
}

describe('bpeMerge', () => {
  // A small alphabet and random multi-byte tokens, so long inputs have many competing merges.
  const rand = mulberry32(7);
  const ranks = new Map<string, number>();
  for (let b = 0; b < 256; b++) ranks.set(String.fromCharCode(b), b);
  const alphabet = 'abcd';
  while (ranks.size < 600) {
    const len = 2 + Math.floor(rand() * 5);
    let token = '';
    for (let i = 0; i < len; i++) token += alphabet[Math.floor(rand() * alphabet.length)];
    if (!ranks.has(token)) ranks.set(token, ranks.size);
  }
  const byteIds = Int32Array.from({ length: 256 }, (_, b) => b);
  const rules: MergeRules = { pairRank: (bytes, s, e) => ranks.get(bytes.substring(s, e)) ?? -1, mergedId: (r) => r };

  it('agrees with the naive loop on short (scan) and long (heap) pieces', () => {
    for (let trial = 0; trial < 400; trial++) {
      const len = 1 + Math.floor(rand() * (trial % 2 ? 40 : 400));
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
      const out: number[] = [];
      bpeMerge(text, byteIds, rules, out);
      expect(out, text).toEqual(naive(text, ranks));
    }
  });

  it('handles the empty and one-byte piece', () => {
    const out: number[] = [];
    bpeMerge('', byteIds, rules, out);
    bpeMerge('z', byteIds, rules, out);
    expect(out).toEqual([122]);
  });
});
