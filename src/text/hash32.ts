/**
 * 32-bit hashing for feature hashing: FNV-1a steps to absorb chars (cheap, incremental, so a
 * char n-gram of length n+1 extends the hash of length n) and MurmurHash3's fmix32 finaliser
 * to spread the bits before the index is masked. Pure 32-bit integer math: the same indices on
 * every machine and Node version.
 */

export const FNV_OFFSET = 0x811c9dc5;

/** Absorbs one UTF-16 code unit. */
export function absorb(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/** MurmurHash3 finaliser: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hash of a whole string under a seed (feature kinds use different seeds so that the word
 * "abc" and the char trigram "abc" land in different buckets).
 *
 * @example
 * hashString('curl', 1) === hashString('curl', 1); // true, on every machine
 */
export function hashString(s: string, seed: number): number {
  let h = absorb(FNV_OFFSET, seed);
  for (let i = 0; i < s.length; i++) h = absorb(h, s.charCodeAt(i));
  return fmix32(h);
}

/**
 * Plain 32-bit FNV-1a of a string (unseeded), for shingle hashing.
 *
 * @example
 * fnv1a('a') === 0xe40c292c; // true
 */
export function fnv1a(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = absorb(h, text.charCodeAt(i));
  return h >>> 0;
}
