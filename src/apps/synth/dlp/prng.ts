/**
 * The generator's only source of randomness: xoshiro128** seeded through splitmix32. A record's
 * generator is keyed by (seed, stream, index), so every record of every split is reproducible
 * on its own, byte for byte, and never reads the clock or Math.random.
 */

/** One splitmix32 step over a 32-bit state: a well-mixed 32-bit output. */
export function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded pseudo-random generator (xoshiro128**). Not for cryptography. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @example
   * const rng = new Rng(42, 1, 7); // seed 42, stream 1 (e.g. the val split), record 7
   * rng.int(10); // the same number on every machine and run
   */
  constructor(seed: number, stream = 0, index = 0) {
    let s = splitmix32(seed >>> 0);
    s = splitmix32((s ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
    s = splitmix32((s ^ Math.imul(index + 1, 0x165667b1)) >>> 0);
    this.a = splitmix32(s);
    this.b = splitmix32(this.a ^ 0x632be5ab);
    this.c = splitmix32(this.b ^ 0x85157af5);
    this.d = splitmix32(this.c ^ 0x5851f42d) | 1;
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [lo, hi], both included. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A key drawn by weight from `[key, weight]` pairs. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let x = this.float() * total;
    for (const [key, w] of table) {
      x -= w;
      if (x < 0) return key;
    }
    return table[table.length - 1]![0];
  }

  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  digits(n: number): string {
    return this.chars('0123456789', n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const HEX = '0123456789abcdef';

/**
 * FNV-1a over the UTF-16 code units of a string, as 8 hex chars: the digest records keep of
 * a planted value (enough to match a span to what was planted; not a security hash).
 *
 * @example
 * fnv1a('abc'); // '1a47e90b'
 */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
