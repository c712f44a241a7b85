/**
 * MinHash signatures and LSH banding for near-duplicate detection over short texts.
 *
 * Shingles default to word 3-grams. Prompt-generated rows are short (10–80 words): with
 * 5-word shingles one edited word in a 40-word text destroys 5 of its 36 shingles and the
 * Jaccard similarity drops to ~0.76, below any useful threshold; with 3-grams it stays ~0.85.
 * Character 5-grams survive typos better but make unrelated texts that share common words
 * ("the", "-tion") look 10–20% similar, which blurs the threshold on short texts; they are
 * available as `{ unit: 'char', size: 5 }`.
 *
 * Hashing is 32-bit and deterministic (Math.imul only, no crypto): a shingle is hashed once
 * with FNV-1a, then each of the `numPerm` "permutations" is the murmur3 finaliser applied to
 * that hash xor a per-permutation seed. The finaliser is a bijection on 32-bit integers, so it
 * behaves as a random permutation for min-hashing at a fraction of the cost of (a·x+b) mod p.
 */
import { fmix32, fnv1a } from './hash32.js';
import { seededRandom } from './random.js';


export interface ShingleOptions {
  unit: 'word' | 'char';
  size: number;
}

export interface MinHashOptions {
  /** Number of hash functions (signature length). Default 128. */
  numPerm?: number;
  /** Seed for the per-permutation salts; equal seeds give equal signatures. Default 1. */
  seed?: number;
  /** Default `{ unit: 'word', size: 3 }` (see the module comment for why). */
  shingle?: ShingleOptions;
}

export const DEFAULT_NUM_PERM = 128;
export const DEFAULT_SHINGLE: ShingleOptions = { unit: 'word', size: 3 };

const EMPTY = 0xffffffff;

/** Lower-cased words (letters and digits, Unicode-aware) of a text. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The distinct 32-bit shingle hashes of a text. Case, punctuation and whitespace are ignored.
 * A text shorter than one shingle becomes a single shingle of all it has, so two short equal
 * texts still match and an empty text has no shingles.
 *
 * @example
 * shingleHashes('a b c d', { unit: 'word', size: 3 }).size; // 2
 */
export function shingleHashes(text: string, shingle: ShingleOptions = DEFAULT_SHINGLE): Set<number> {
  const out = new Set<number>();
  const size = Math.max(1, Math.floor(shingle.size));
  if (shingle.unit === 'word') {
    const list = words(text);
    if (list.length === 0) return out;
    if (list.length <= size) {
      out.add(fnv1a(list.join(' ')));
      return out;
    }
    for (let i = 0; i + size <= list.length; i++) out.add(fnv1a(list.slice(i, i + size).join(' ')));
    return out;
  }
  const flat = words(text).join(' ');
  if (flat.length === 0) return out;
  if (flat.length <= size) {
    out.add(fnv1a(flat));
    return out;
  }
  for (let i = 0; i + size <= flat.length; i++) out.add(fnv1a(flat.slice(i, i + size)));
  return out;
}

/**
 * Computes MinHash signatures with fixed salts, so signatures from one hasher (or from two
 * hashers with the same options) are comparable.
 *
 * @example
 * const hasher = new MinHasher();
 * const a = hasher.signature('the quick brown fox jumps over the lazy dog');
 * estimateJaccard(a, hasher.signature('the quick brown fox jumps over the lazy dog')); // 1
 */
export class MinHasher {
  readonly numPerm: number;
  readonly shingle: ShingleOptions;
  private readonly salts: Uint32Array;

  constructor(options: MinHashOptions = {}) {
    this.numPerm = options.numPerm ?? DEFAULT_NUM_PERM;
    if (!Number.isInteger(this.numPerm) || this.numPerm < 1) throw new RangeError(`numPerm must be a positive integer (got ${this.numPerm})`);
    this.shingle = options.shingle ?? DEFAULT_SHINGLE;
    const random = seededRandom(options.seed ?? 1);
    this.salts = new Uint32Array(this.numPerm);
    for (let i = 0; i < this.numPerm; i++) this.salts[i] = Math.floor(random() * 4294967296);
  }

  /** The signature of a text; an empty text gets all slots at 0xffffffff. */
  signature(text: string): Uint32Array {
    return this.signatureOf(shingleHashes(text, this.shingle));
  }

  /** The signature of pre-computed shingle hashes. */
  signatureOf(shingles: Iterable<number>): Uint32Array {
    const sig = new Uint32Array(this.numPerm).fill(EMPTY);
    const salts = this.salts;
    for (const hash of shingles) {
      for (let i = 0; i < sig.length; i++) {
        const h = fmix32(hash ^ salts[i]!);
        if (h < sig[i]!) sig[i] = h;
      }
    }
    return sig;
  }
}

/**
 * Estimated Jaccard similarity: the share of signature slots that agree.
 *
 * @example
 * estimateJaccard(Uint32Array.of(1, 2, 3, 4), Uint32Array.of(1, 2, 0, 0)); // 0.5
 */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError(`signatures differ in length (${a.length} vs ${b.length})`);
  if (a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Exact Jaccard similarity of two shingle sets (for checks and small inputs).
 *
 * @example
 * exactJaccard(new Set([1, 2]), new Set([2, 3])); // 1 / 3
 */
export function exactJaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

export interface Banding {
  bands: number;
  rows: number;
}

/**
 * Picks LSH bands × rows (bands·rows = numPerm) for a Jaccard threshold: the most rows per
 * band (fewest spurious candidates) that still makes a pair exactly at the threshold a
 * candidate with probability ≥ 0.9. Candidates are verified on the full signature, so
 * erring toward recall only costs comparisons.
 *
 * @example
 * chooseBanding(128, 0.8); // { bands: 16, rows: 8 }
 */
export function chooseBanding(numPerm: number, threshold: number): Banding {
  let best: Banding = { bands: numPerm, rows: 1 };
  for (let rows = 1; rows <= numPerm; rows++) {
    if (numPerm % rows !== 0) continue;
    const bands = numPerm / rows;
    const recall = 1 - (1 - threshold ** rows) ** bands;
    if (recall >= 0.9) best = { bands, rows };
  }
  return best;
}

export interface NearDuplicatePair {
  /** Index of the first signature (a < b). */
  a: number;
  b: number;
  /** Estimated Jaccard similarity. */
  similarity: number;
}

export interface NearDuplicateOptions {
  /** Minimum estimated Jaccard similarity to report a pair. */
  threshold: number;
  /** Override the banding chosen by `chooseBanding`. */
  banding?: Banding;
  /** Stop after this many pairs (big clusters are quadratic); default unlimited. */
  maxPairs?: number;
}

/**
 * Near-duplicate pairs among signatures by LSH banding: each band of each signature goes into
 * one hash bucket (O(n·bands) work), only signatures sharing a bucket are compared, and a pair
 * is kept when its estimated Jaccard is at least the threshold. Pairs come sorted by (a, b).
 *
 * @example
 * const h = new MinHasher();
 * findNearDuplicates(['a b c d e', 'a b c d e', 'x y z'].map((t) => h.signature(t)), { threshold: 0.8 });
 * // [{ a: 0, b: 1, similarity: 1 }]
 */
export function findNearDuplicates(signatures: readonly Uint32Array[], options: NearDuplicateOptions): NearDuplicatePair[] {
  if (signatures.length < 2) return [];
  const numPerm = signatures[0]!.length;
  const { bands, rows } = options.banding ?? chooseBanding(numPerm, options.threshold);
  if (bands * rows > numPerm) throw new RangeError(`banding ${bands}×${rows} exceeds the signature length ${numPerm}`);
  const maxPairs = options.maxPairs ?? Number.POSITIVE_INFINITY;
  const n = signatures.length;
  const seen = new Set<number>();
  const pairs: NearDuplicatePair[] = [];
  for (let band = 0; band < bands && pairs.length < maxPairs; band++) {
    // One map per band: a bucket key collision across bands would only add verified candidates,
    // but per-band maps keep buckets small and free memory as we go.
    const buckets = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const sig = signatures[i]!;
      if (sig[0] === EMPTY && isEmptySignature(sig)) continue;
      let key = 0x9e3779b9 ^ band;
      for (let r = band * rows; r < (band + 1) * rows; r++) key = fmix32(key ^ sig[r]!);
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
    for (const bucket of buckets.values()) {
      if (bucket.length < 2) continue;
      for (let x = 0; x < bucket.length && pairs.length < maxPairs; x++) {
        for (let y = x + 1; y < bucket.length && pairs.length < maxPairs; y++) {
          const a = bucket[x]!;
          const b = bucket[y]!;
          const id = a * n + b;
          if (seen.has(id)) continue;
          seen.add(id);
          const similarity = estimateJaccard(signatures[a]!, signatures[b]!);
          if (similarity >= options.threshold) pairs.push({ a, b, similarity });
        }
      }
    }
  }
  return pairs.sort((p, q) => p.a - q.a || p.b - q.b);
}

function isEmptySignature(sig: Uint32Array): boolean {
  for (let i = 0; i < sig.length; i++) if (sig[i] !== EMPTY) return false;
  return true;
}
