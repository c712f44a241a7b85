import { WardenError } from '../../core/errors.js';
import { bpeMerge, type MergeRules } from './bpe.js';
import { BYTE_TO_CHAR, byteLevelToLatin1 } from './byte-level.js';
import { invalid, objectAt } from './hf-normalizer.js';
import { PairTable } from './pair-table.js';

/** Token ids and merge ranks must stay below this (the merge loop packs them into doubles). */
const ID_LIMIT = 1 << 21;

/**
 * The `model` of a byte-level BPE tokenizer.json: vocab (byte-level strings → ids) and ranked
 * merges. Encoding a piece works on its UTF-8 bytes: one symbol per byte, then the merge loop
 * with a pair's rank = its index in `merges`, exactly as the Hugging Face BPE model does. With
 * `ignore_merges` (Llama-3) a piece that is a whole vocab entry is that token.
 */
export class BpeModel {
  readonly vocabSize: number;
  /** Bytes (Latin-1 string) → id, for vocab entries written in the byte-level alphabet. */
  private readonly vocab = new Map<string, number>();
  /** id → bytes (Latin-1) or, for entries outside the byte-level alphabet, their UTF-8 text. */
  readonly tokens: (string | undefined)[] = [];
  private readonly pairs: PairTable;
  private readonly results: Int32Array;
  private readonly byteIds = new Int32Array(256);
  private readonly ignoreMerges: boolean;
  private readonly rules: MergeRules;
  private readonly missingByte: number;

  constructor(spec: unknown, file: string) {
    const model = objectAt(spec, 'model', file);
    const type = model.type ?? (model.merges !== undefined ? 'BPE' : undefined);
    if (type !== 'BPE') {
      throw invalid(file, `model.type "${String(type)}" is not supported: only byte-level BPE models (model.type "BPE", GPT-2/GPT-NeoX/Llama-3 style) are; Unigram, WordPiece and WordLevel are not`);
    }
    if (model.dropout !== null && model.dropout !== undefined && model.dropout !== 0) throw invalid(file, 'model.dropout is set: BPE dropout makes tokenization random and is not supported');
    if (model.byte_fallback === true) throw invalid(file, 'model.byte_fallback is true: that is a SentencePiece-style BPE (Llama-2), not a byte-level one, and is not supported');
    for (const field of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
      if (model[field] !== null && model[field] !== undefined && model[field] !== '') throw invalid(file, `model.${field} is set: subword prefixes/suffixes are not supported in byte-level BPE`);
    }
    this.ignoreMerges = model.ignore_merges === true;

    const vocab = objectAt(model.vocab, 'model.vocab', file);
    const byString = new Map<string, number>();
    let max = -1;
    for (const [token, id] of Object.entries(vocab)) {
      if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= ID_LIMIT) throw invalid(file, `model.vocab["${token}"] must be an integer id in [0, ${ID_LIMIT})`);
      const n = id as number;
      byString.set(token, n);
      max = Math.max(max, n);
      const bytes = byteLevelToLatin1(token);
      if (bytes !== undefined) {
        this.vocab.set(bytes, n);
        this.tokens[n] = bytes;
      } else {
        this.tokens[n] = Buffer.from(token, 'utf8').toString('latin1');
      }
    }

    const unk = model.unk_token;
    const unkId = typeof unk === 'string' ? byString.get(unk) : undefined;
    if (typeof unk === 'string' && unkId === undefined) throw invalid(file, `model.unk_token "${unk}" is not in model.vocab`);
    let missing = -1;
    for (let b = 0; b < 256; b++) {
      const id = byString.get(BYTE_TO_CHAR[b]!);
      if (id === undefined && missing < 0) missing = b;
      this.byteIds[b] = id ?? unkId ?? -1;
    }
    this.missingByte = unkId === undefined ? missing : -1;
    if (missing >= 0 && unkId !== undefined && model.fuse_unk === true) {
      throw invalid(file, 'model.fuse_unk with bytes missing from model.vocab is not supported');
    }

    const merges = model.merges;
    if (!Array.isArray(merges)) throw invalid(file, 'model.merges must be a list');
    if (merges.length >= ID_LIMIT) throw invalid(file, `model.merges has more than ${ID_LIMIT} entries`);
    this.results = new Int32Array(merges.length);
    this.pairs = new PairTable(merges.length);
    merges.forEach((merge: unknown, rank) => {
      const [a, b] = mergeParts(merge, rank, file);
      const left = byString.get(a);
      const right = byString.get(b);
      const result = byString.get(a + b);
      if (left === undefined || right === undefined) throw invalid(file, `model.merges[${rank}]: "${left === undefined ? a : b}" is not in model.vocab`);
      if (result === undefined) throw invalid(file, `model.merges[${rank}]: merged token "${a + b}" is not in model.vocab`);
      // As in Hugging Face (a map built from the list), a repeated pair keeps its last rank.
      this.pairs.set(left, right, rank);
      this.results[rank] = result;
    });
    this.vocabSize = max + 1;
    const pairs = this.pairs;
    const results = this.results;
    this.rules = {
      pairRank: (_bytes, _start, _end, left, right) => pairs.get(left, right),
      mergedId: (rank) => results[rank]!,
    };
  }

  /** Appends the ids of one pre-tokenized piece (its UTF-8 bytes as a Latin-1 string). */
  encodePiece(bytes: string, out: number[]): void {
    if (this.ignoreMerges) {
      const whole = this.vocab.get(bytes);
      if (whole !== undefined) {
        out.push(whole);
        return;
      }
    }
    if (this.missingByte >= 0) this.checkBytes(bytes);
    bpeMerge(bytes, this.byteIds, this.rules, out);
  }

  private checkBytes(bytes: string): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes.charCodeAt(i);
      if (this.byteIds[b] === -1) {
        throw new WardenError('W_CONFIG_INVALID', `tokenizer.json: model.vocab has no symbol for byte 0x${b.toString(16).padStart(2, '0')} and model.unk_token is not set`);
      }
    }
  }
}

function mergeParts(merge: unknown, rank: number, file: string): [string, string] {
  if (Array.isArray(merge) && merge.length === 2 && typeof merge[0] === 'string' && typeof merge[1] === 'string') return [merge[0], merge[1]];
  if (typeof merge === 'string') {
    const space = merge.indexOf(' ');
    if (space > 0 && merge.indexOf(' ', space + 1) < 0) return [merge.slice(0, space), merge.slice(space + 1)];
  }
  throw invalid(file, `model.merges[${rank}] must be "a b" or ["a", "b"] (got ${JSON.stringify(merge)?.slice(0, 60)})`);
}
