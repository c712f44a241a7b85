import { describe, expect, it } from 'vitest';
import { fnv1a, Rng, splitmix32 } from './prng.js';

describe('Rng', () => {
  it('is reproducible for the same (seed, stream, index) and differs otherwise', () => {
    const draw = (r: Rng) => Array.from({ length: 8 }, () => r.u32());
    expect(draw(new Rng(42, 0, 7))).toEqual(draw(new Rng(42, 0, 7)));
    expect(draw(new Rng(42, 0, 7))).not.toEqual(draw(new Rng(43, 0, 7)));
    expect(draw(new Rng(42, 0, 7))).not.toEqual(draw(new Rng(42, 1, 7)));
    expect(draw(new Rng(42, 0, 7))).not.toEqual(draw(new Rng(42, 0, 8)));
  });

  it('stays in range and covers it roughly evenly', () => {
    const rng = new Rng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const x = rng.int(10);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(10);
      counts[x]++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(1700);
    for (let i = 0; i < 1000; i++) {
      const f = rng.float();
      expect(f >= 0 && f < 1).toBe(true);
      const r = rng.range(3, 5);
      expect(r >= 3 && r <= 5).toBe(true);
    }
  });

  it('draws by weight', () => {
    const rng = new Rng(9);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (rng.weighted([['a', 9], ['b', 1]] as const) === 'a') heavy++;
    expect(heavy).toBeGreaterThan(8700);
    expect(heavy).toBeLessThan(9300);
  });

  it('fnv1a and splitmix32 give the published/known values', () => {
    expect(fnv1a('abc')).toBe('1a47e90b');
    expect(fnv1a('')).toBe('811c9dc5');
    expect(splitmix32(0)).not.toBe(splitmix32(1));
  });
});
