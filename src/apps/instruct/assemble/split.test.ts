import { describe, expect, it } from 'vitest';
import { WardenError } from '../../../core/errors.js';
import { assignSplits, parseRatios } from './split.js';
import type { InstructionPair } from './types.js';

function pairs(groups: number, perGroup: number): InstructionPair[] {
  const out: InstructionPair[] = [];
  for (let g = 0; g < groups; g++) {
    for (let k = 0; k < perGroup; k++) out.push({ id: `g${g}-${k}`, instruction: 'i', response: 'r', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: [`nvd:CVE-2003-${String(g).padStart(4, '0')}`] } });
  }
  return out;
}

describe('assignSplits', () => {
  it('never puts two pairs of one source id in different splits, including groups joined through a shared id', () => {
    const list = pairs(200, 3);
    // A KEV pair citing two CVEs joins their groups.
    list.push({ id: 'bridge', instruction: 'i', response: 'r', metadata: { source: 'kev', kind: 'kev-entry', source_ids: ['nvd:CVE-2003-0001', 'nvd:CVE-2003-0002'] } });
    const splits = assignSplits(list, [0.8, 0.1, 0.1], 42);
    const bySource = new Map<string, Set<string>>();
    list.forEach((p, i) => p.metadata.source_ids.forEach((s) => bySource.set(s, (bySource.get(s) ?? new Set()).add(splits[i]!))));
    for (const set of bySource.values()) expect(set.size).toBe(1);
    expect(splits[list.length - 1]).toBe(splits[3]);
    expect(splits[3]).toBe(splits[6]);
  });

  it('is deterministic for a seed, independent of input order, and follows the ratios', () => {
    const list = pairs(500, 2);
    const a = assignSplits(list, [0.8, 0.1, 0.1], 42);
    expect(assignSplits(list, [0.8, 0.1, 0.1], 42)).toEqual(a);
    const reversed = [...list].reverse();
    const b = assignSplits(reversed, [0.8, 0.1, 0.1], 42);
    expect(b.reverse()).toEqual(a);
    const count = (s: string) => a.filter((x) => x === s).length;
    expect(count('train')).toBeGreaterThanOrEqual(796);
    expect(count('train')).toBeLessThanOrEqual(804);
    expect(count('validation')).toBeGreaterThanOrEqual(96);
    expect(count('test')).toBeGreaterThanOrEqual(96);
    expect(assignSplits(list, [0.8, 0.1, 0.1], 7)).not.toEqual(a);
  });

  it('groups a pair without source ids on its own', () => {
    const list = pairs(10, 1);
    list[0]!.metadata.source_ids = [];
    expect(assignSplits(list, [1, 0, 0], 1)).toEqual(new Array(10).fill('train'));
  });
});

describe('parseRatios', () => {
  it('accepts three ratios summing to 1 and rejects the rest with W_USAGE', () => {
    expect(parseRatios('0.8, 0.1, 0.1')).toEqual([0.8, 0.1, 0.1]);
    for (const bad of ['0.8,0.1', '0.5,0.5,0.5', 'a,b,c', '-0.1,0.6,0.5']) {
      expect(() => parseRatios(bad)).toThrow(WardenError);
    }
  });
});
