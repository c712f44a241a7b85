/** One labelled evaluation example: `expect` lists rule ids (or `category:NAME`) that must be found; [] for negatives. */
export interface EvalExample {
  id: string;
  text: string;
  expect: string[];
}

/** mulberry32: small, fast, deterministic; every generator seeds its own stream. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
