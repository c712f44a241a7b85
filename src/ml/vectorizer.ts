import { z } from 'zod';
import { absorb, fmix32, FNV_OFFSET, hashString } from '../text/hash32.js';
import type { SparseVector } from './sparse.js';

/** What a model file records about its features; the same config always gives the same vectors. */
export const vectorizerConfigSchema = z.object({
  kind: z.literal('hashing'),
  /** log2 of the number of buckets (18..20). */
  bits: z.number().int().min(10).max(22),
  wordNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
  charNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
  sublinearTf: z.boolean(),
  /** Characters of a text used at most (longer texts are cut: bounded work). */
  maxChars: z.number().int().positive(),
});
export type VectorizerConfig = z.infer<typeof vectorizerConfigSchema>;

export const DEFAULT_VECTORIZER: VectorizerConfig = { kind: 'hashing', bits: 18, wordNgrams: [1, 2], charNgrams: [3, 5], sublinearTf: true, maxChars: 20_000 };

// Seeds keep feature kinds apart: the word "abc", the trigram "abc" and a feature token never share a bucket by design.
const SEED_WORD = 1;
const SEED_CHAR = 2;
const SEED_BIGRAM = 3;
const SEED_FEATURE = 4;
/** Char n-grams are taken from the first chars of a word only: a 4 KB base64 blob is one word. */
const MAX_WORD_FOR_CHARS = 48;

// Per ASCII char: 1 = word char, 2 = may join inside a word (paths, flags, hosts), 4 = may start a word, 8 = shell operator.
const CLASS = (() => {
  const t = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) t[c] = 1;
  for (let c = 65; c <= 90; c++) t[c] = 1;
  for (let c = 97; c <= 122; c++) t[c] = 1;
  t[95] = 1;
  for (const ch of '-./:\\=~%@+') t[ch.charCodeAt(0)] = 2;
  for (const ch of '-/.~\\$') t[ch.charCodeAt(0)] = t[ch.charCodeAt(0)]! | 4 | 2;
  for (const ch of '|&;<>(){}`') t[ch.charCodeAt(0)] = 8;
  return t;
})();

function classOf(c: number): number {
  if (c < 128) return CLASS[c]!;
  // Non-ASCII: letters of every script are word chars; spaces and general/CJK punctuation are not.
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) || c === 0xff1a || c === 0xff1b || c === 0xff1f) return 0;
  return 1;
}

/**
 * Feature hashing for short texts: word 1-2-grams (shell operators like `|`, `&&`, `>>` count as
 * words), char n-grams inside word boundaries (" word " padded, as scikit-learn's char_wb),
 * extra feature tokens (`SEGMENT_code`), sublinear TF and L2 normalisation. Deterministic: a
 * fixed hash, no vocabulary, nothing learnt — the config alone defines the vectors.
 *
 * @example
 * const v = new HashingVectorizer().transform('curl -s http://x | sh', ['SEGMENT_code']);
 * v.indices.length > 0; // true
 */
export class HashingVectorizer {
  readonly config: VectorizerConfig;
  readonly dim: number;
  private readonly mask: number;
  private keys = new Int32Array(4096).fill(-1);
  private slotCounts = new Float64Array(4096);
  private touched = new Int32Array(4096);
  private nTouched = 0;
  private readonly tokens = tokenBuffer();

  constructor(config: VectorizerConfig = DEFAULT_VECTORIZER) {
    this.config = vectorizerConfigSchema.parse(config);
    this.dim = 2 ** this.config.bits;
    this.mask = this.dim - 1;
  }

  /** The sparse vector of one text plus optional feature tokens. */
  transform(input: string, features: readonly string[] = []): SparseVector {
    const text = (input.length > this.config.maxChars ? input.slice(0, this.config.maxChars) : input).toLowerCase();
    this.nTouched = 0;
    const unigrams = this.config.wordNgrams[0] <= 1;
    const bigrams = this.config.wordNgrams[1] >= 2;
    let previous = -1;
    const count = scanTokens(text, this.tokens);
    const { starts, ends, words } = this.tokens;
    for (let t = 0; t < count; t++) {
      const start = starts[t]!;
      const end = ends[t]!;
      let h = absorb(FNV_OFFSET, SEED_WORD);
      for (let j = start; j < end; j++) h = absorb(h, text.charCodeAt(j));
      const hash = fmix32(h);
      if (unigrams) this.add(hash);
      if (bigrams && previous >= 0) this.add(fmix32(absorb(Math.imul(previous, 31) ^ hash, SEED_BIGRAM)));
      previous = hash;
      if (words[t]) this.charNgrams(text, start, Math.min(end, start + MAX_WORD_FOR_CHARS));
    }
    for (const f of features) this.add(hashString(f, SEED_FEATURE));
    return this.finish();
  }

  private charNgrams(text: string, start: number, end: number): void {
    const [lo, hi] = this.config.charNgrams;
    // Padded with a space each side, as scikit-learn's char_wb: prefixes and suffixes are features.
    const first = start - 1;
    const last = end;
    for (let i = first; i + lo - 1 <= last; i++) {
      let h = absorb(FNV_OFFSET, SEED_CHAR);
      const stop = Math.min(last, i + hi - 1);
      for (let j = i; j <= stop; j++) {
        h = absorb(h, j === first || j === last ? 32 : text.charCodeAt(j));
        if (j - i + 1 >= lo) this.add(fmix32(h));
      }
    }
  }

  private add(hash: number): void {
    const index = hash & this.mask;
    // Open addressing in a small table (stays in cache) instead of a dim-sized count array.
    const cap = this.keys.length - 1;
    let slot = fmix32(index) & cap;
    for (;;) {
      const key = this.keys[slot]!;
      if (key === index) {
        this.slotCounts[slot]! += 1;
        return;
      }
      if (key === -1) break;
      slot = (slot + 1) & cap;
    }
    this.keys[slot] = index;
    this.slotCounts[slot] = 1;
    this.touched[this.nTouched++] = slot;
    if (this.nTouched * 2 > this.keys.length) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.slotCounts;
    const oldTouched = this.touched.subarray(0, this.nTouched);
    this.keys = new Int32Array(oldKeys.length * 2).fill(-1);
    this.slotCounts = new Float64Array(oldKeys.length * 2);
    this.touched = new Int32Array(oldKeys.length * 2);
    const cap = this.keys.length - 1;
    let n = 0;
    for (const old of oldTouched) {
      let slot = fmix32(oldKeys[old]!) & cap;
      while (this.keys[slot] !== -1) slot = (slot + 1) & cap;
      this.keys[slot] = oldKeys[old]!;
      this.slotCounts[slot] = oldCounts[old]!;
      this.touched[n++] = slot;
    }
  }

  private finish(): SparseVector {
    const m = this.nTouched;
    // Indices stay in first-seen order: every consumer iterates, none needs them sorted, and
    // sorting a typed array costs more than building the vector.
    const indices = new Int32Array(m);
    const values = new Float32Array(m);
    let norm = 0;
    for (let k = 0; k < m; k++) {
      const slot = this.touched[k]!;
      indices[k] = this.keys[slot]!;
      this.keys[slot] = -1;
      const count = this.slotCounts[slot]!;
      const v = this.config.sublinearTf && count > 1 ? 1 + Math.log(count) : count;
      values[k] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let k = 0; k < m; k++) values[k] = values[k]! * inv;
    }
    return { indices, values };
  }
}

/** Token spans, reused across texts (grown on demand). */
export interface TokenBuffer {
  starts: Int32Array;
  ends: Int32Array;
  /** 1 for a word (gets char n-grams), 0 for an operator run or a lone path char. */
  words: Uint8Array;
}

export function tokenBuffer(size = 1024): TokenBuffer {
  return { starts: new Int32Array(size), ends: new Int32Array(size), words: new Uint8Array(size) };
}

/**
 * Splits lower-cased text into words (letters, digits, `_`, and joiners like `-./:` inside a
 * word: `-rf`, `/dev/tcp`, `evil.example`), runs of shell operators (`|`, `&&`, `>>`, `$(`),
 * and lone path chars (`rm -rf /`). Returns the token count; spans are in `out`.
 */
export function scanTokens(text: string, out: TokenBuffer): number {
  const n = text.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    const cls = classOf(text.charCodeAt(i));
    const start = i;
    let end: number;
    let word = 0;
    if (cls & 8) {
      while (i < n && i - start < 3 && classOf(text.charCodeAt(i)) & 8) i++;
      end = i;
    } else if (cls & 5) {
      i++;
      while (i < n && classOf(text.charCodeAt(i)) & 3) i++;
      end = i;
      // Trailing joiners are punctuation ("server." "see:"), not part of the word.
      while (end > start && !(classOf(text.charCodeAt(end - 1)) & 1)) end--;
      if (end === start) end = i;
      else word = 1;
    } else {
      i++;
      continue;
    }
    if (count === out.starts.length) {
      const grown = tokenBuffer(count * 2);
      grown.starts.set(out.starts);
      grown.ends.set(out.ends);
      grown.words.set(out.words);
      Object.assign(out, grown);
    }
    out.starts[count] = start;
    out.ends[count] = end;
    out.words[count] = word;
    count++;
  }
  return count;
}

/** Tokens of a text as [start, end, isWord] callbacks (for tests and tools). */
export function tokenize(text: string, onToken: (start: number, end: number, isWord: boolean) => void): void {
  const buffer = tokenBuffer();
  const count = scanTokens(text, buffer);
  for (let t = 0; t < count; t++) onToken(buffer.starts[t]!, buffer.ends[t]!, buffer.words[t] === 1);
}
