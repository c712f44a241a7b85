/**
 * Seeded randomness for training, splits and bootstraps: mulberry32, a 32-bit PRNG with the
 * same sequence on every machine, so every result is reproducible for a seed.
 */

/**
 * mulberry32 (Tommy Ettinger): uniform floats in [0, 1).
 *
 * @example
 * const rand = mulberry32(42); rand(); // always the same first value for 42
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n). */
export function randomInt(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

/** Fisher-Yates shuffle, in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(a: T, rand: () => number): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(rand, i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** 0..n-1 shuffled (into `into` when given, to reuse one buffer per epoch). */
export function permutation(n: number, rand: () => number, into = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) into[i] = i;
  return shuffleInPlace(into, rand);
}

/** Same as `mulberry32` (the name callers that only need "a seeded generator" use). */
export const seededRandom = mulberry32;
