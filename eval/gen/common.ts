import { mulberry32 } from '../../src/text/random.js';

/** One labelled evaluation example: `expect` lists rule ids (or `category:NAME`) that must be found; [] for negatives. */
export interface EvalExample {
  id: string;
  text: string;
  expect: string[];
}

/** mulberry32: small, fast, deterministic; every generator seeds its own stream. */
export const prng = mulberry32;
