/**
 * An independent, deliberately naive byte-level BPE for tests: its own GPT-2 byte table, a
 * tiny trainer that learns merges from a corpus, a tokenizer.json writer, and a reference
 * encoder that applies merges by scanning for the lowest-ranked pair over arrays of strings.
 * None of it shares code with the tokenizer under test.
 */

/** GPT-2's bytes_to_unicode, written out as in the original Python. */
export function gpt2ByteTable(): string[] {
  const bs: number[] = [];
  for (let b = '!'.charCodeAt(0); b <= '~'.charCodeAt(0); b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const table = new Array<string>(256);
  bs.forEach((b, i) => (table[b] = String.fromCharCode(cs[i]!)));
  return table;
}

const TABLE = gpt2ByteTable();

/** Text → byte-level string. */
export function toByteLevel(text: string): string {
  return [...new TextEncoder().encode(text)].map((b) => TABLE[b]!).join('');
}

/** GPT-2 pre-tokenization with plain JavaScript \s (test texts avoid U+0085 and U+FEFF). */
export const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

export interface TrainedBpe {
  vocab: Record<string, number>;
  merges: [string, string][];
}

/**
 * Learns `merges` merges from a corpus: words are GPT-2 pre-tokens in byte-level form; each
 * round merges the most frequent adjacent pair (ties: the lexicographically smallest).
 */
export function trainBpe(corpus: string[], merges: number, split: RegExp = GPT2_SPLIT): TrainedBpe {
  const words = new Map<string, number>();
  for (const text of corpus) for (const m of text.matchAll(split)) words.set(toByteLevel(m[0]), (words.get(toByteLevel(m[0])) ?? 0) + 1);
  let symbols = [...words.entries()].map(([word, freq]) => ({ parts: [...word], freq }));
  const vocab: Record<string, number> = {};
  for (let b = 0; b < 256; b++) vocab[TABLE[b]!] = b;
  const learned: [string, string][] = [];
  for (let round = 0; round < merges; round++) {
    const counts = new Map<string, number>();
    for (const { parts, freq } of symbols) {
      for (let i = 0; i + 1 < parts.length; i++) {
        const key = `${parts[i]}\u0000${parts[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + freq);
      }
    }
    let best: string | undefined;
    let bestCount = 0;
    for (const [key, count] of counts) {
      if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
        best = key;
        bestCount = count;
      }
    }
    if (!best) break;
    const [a, b] = best.split('\u0000') as [string, string];
    learned.push([a, b]);
    if (vocab[a + b] === undefined) vocab[a + b] = Object.keys(vocab).length;
    symbols = symbols.map(({ parts, freq }) => ({ parts: mergeAll(parts, a, b), freq }));
  }
  return { vocab, merges: learned };
}

function mergeAll(parts: string[], a: string, b: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i + 1 < parts.length && parts[i] === a && parts[i + 1] === b) {
      out.push(a + b);
      i++;
    } else out.push(parts[i]!);
  }
  return out;
}

/** Reference encoding of one byte-level word: lowest merge rank first, leftmost on ties. */
export function referenceMergeWord(word: string, bpe: TrainedBpe, ignoreMerges = false): number[] {
  if (ignoreMerges && bpe.vocab[word] !== undefined) return [bpe.vocab[word]!];
  const rank = new Map(bpe.merges.map(([a, b], i) => [`${a}\u0000${b}`, i]));
  let parts = [...word];
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const r = rank.get(`${parts[i]}\u0000${parts[i + 1]}`);
      if (r !== undefined && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) break;
    parts = [...parts.slice(0, best), parts[best]! + parts[best + 1]!, ...parts.slice(best + 2)];
  }
  return parts.map((p) => {
    const id = bpe.vocab[p];
    if (id === undefined) throw new Error(`reference: symbol ${p} not in vocab`);
    return id;
  });
}

/** Reference encoding of a text with GPT-2 pre-tokenization (optionally with a prefix space). */
export function referenceEncode(text: string, bpe: TrainedBpe, options: { addPrefixSpace?: boolean; split?: RegExp; ignoreMerges?: boolean } = {}): number[] {
  const input = options.addPrefixSpace && text.length > 0 && !text.startsWith(' ') ? ` ${text}` : text;
  const out: number[] = [];
  for (const m of input.matchAll(options.split ?? GPT2_SPLIT)) out.push(...referenceMergeWord(toByteLevel(m[0]), bpe, options.ignoreMerges));
  return out;
}

/** A minimal GPT-2 style tokenizer.json around a trained model. */
export function tokenizerJson(bpe: TrainedBpe, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      vocab: bpe.vocab,
      merges: bpe.merges.map(([a, b]) => `${a} ${b}`),
    },
    ...extra,
  };
}

/**
 * Converts tiktoken ranks (js-tiktoken's module format) into a byte-level BPE vocab and merges
 * the way transformers' TikTokenConverter does: every split of a token into two tokens is a
 * merge, ordered by the merged token's rank, then the ranks of the two halves.
 */
export function tiktokenToBpe(file: { bpe_ranks: string }): TrainedBpe {
  const ranks = new Map<string, number>();
  for (const line of file.bpe_ranks.split('\n')) {
    if (!line) continue;
    const [, first, ...tokens] = line.split(' ');
    tokens.forEach((token, i) => ranks.set(Buffer.from(token, 'base64').toString('latin1'), Number(first) + i));
  }
  const vocab: Record<string, number> = {};
  const merges: [string, string, number, number, number][] = [];
  const level = (latin1: string) => [...latin1].map((c) => TABLE[c.charCodeAt(0)]!).join('');
  for (const [token, rank] of ranks) {
    vocab[level(token)] = rank;
    for (let i = 1; i < token.length; i++) {
      const left = ranks.get(token.slice(0, i));
      const right = ranks.get(token.slice(i));
      if (left !== undefined && right !== undefined) merges.push([level(token.slice(0, i)), level(token.slice(i)), rank, left, right]);
    }
  }
  merges.sort((x, y) => x[2] - y[2] || x[3] - y[3] || x[4] - y[4]);
  return { vocab, merges: merges.map(([a, b]) => [a, b]) };
}
