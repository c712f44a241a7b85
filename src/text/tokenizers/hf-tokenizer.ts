import { readFile, stat } from 'node:fs/promises';
import { WardenError } from '../../core/errors.js';
import { latin1Utf8, utf8Latin1 } from './byte-level.js';
import { AddedTokenMatcher, parseAddedTokens, type Segment } from './hf-added.js';
import { BpeModel } from './hf-model.js';
import { buildNormalizer, invalid, objectAt, type Normalize } from './hf-normalizer.js';
import { PreTokenizer } from './hf-pretokenizer.js';
import { PieceCache } from './piece-cache.js';
import type { Tokenizer } from './types.js';

/** Largest tokenizer.json read (real byte-level ones are 2-20 MB). */
export const MAX_TOKENIZER_JSON_BYTES = 256 * 1024 * 1024;

/**
 * A Hugging Face `tokenizer.json` with a byte-level BPE model (GPT-2, GPT-NeoX/Pythia, Llama-3,
 * Qwen2 style), implemented here: added tokens are split out first (special ones on the raw
 * text, others after normalization), then the normalizer, the pre-tokenizer steps and the BPE
 * merges run, as in `tokenizers`' `encode(text, add_special_tokens=False)`. The post-processor
 * (BOS/EOS templates) and truncation are not applied: counts are of the text itself.
 *
 * Unsupported features (Unigram/WordPiece models, byte fallback, other normalizers and
 * pre-tokenizers, non-byte-level decoders) fail at load with the field named.
 *
 * @example
 * const tok = await loadHfTokenizer('models/llama3/tokenizer.json');
 * tok.encode('Hello world');
 */
export class HfBpeTokenizer implements Tokenizer {
  readonly name: string;
  readonly vocabSize: number;
  private readonly model: BpeModel;
  private readonly normalize: Normalize | undefined;
  private readonly preTokenizer: PreTokenizer;
  private readonly rawAdded: AddedTokenMatcher;
  private readonly normalizedAdded: AddedTokenMatcher;
  private readonly addedText = new Map<number, string>();
  private readonly cache = new PieceCache();

  constructor(json: unknown, name: string) {
    const root = objectAt(json, '(root)', name);
    this.name = name;
    this.model = new BpeModel(root.model, name);
    this.normalize = buildNormalizer(root.normalizer, 'normalizer', name);
    this.preTokenizer = new PreTokenizer(root.pre_tokenizer, name);
    if (!this.preTokenizer.hasByteLevel) {
      throw invalid(name, 'pre_tokenizer has no ByteLevel step: only byte-level BPE tokenizers are supported');
    }
    checkDecoder(root.decoder, 'decoder', name);
    const added = parseAddedTokens(root.added_tokens, name);
    this.rawAdded = new AddedTokenMatcher(added.filter((t) => !t.normalized));
    // Like Hugging Face, normalized added tokens are matched by their normalized spelling.
    const normalize = this.normalize;
    this.normalizedAdded = new AddedTokenMatcher(added.filter((t) => t.normalized).map((t) => (normalize ? { ...t, content: normalize(t.content) } : t)));
    let max = this.model.vocabSize - 1;
    for (const token of added) {
      this.addedText.set(token.id, token.content);
      max = Math.max(max, token.id);
    }
    this.vocabSize = max + 1;
  }

  encode(text: string): number[] {
    const out: number[] = [];
    this.run(text, {
      id: (id) => void out.push(id),
      ids: (ids) => {
        for (let i = 0; i < ids.length; i++) out.push(ids[i]!);
      },
    });
    return out;
  }

  count(text: string): number {
    let n = 0;
    this.run(text, { id: () => void n++, ids: (ids) => void (n += ids.length) });
    return n;
  }

  decode(ids: readonly number[]): string {
    let bytes = '';
    for (const id of ids) {
      const added = this.addedText.get(id);
      const token = added !== undefined ? utf8Latin1(added) : this.model.tokens[id];
      if (token === undefined) throw new WardenError('W_USAGE', `token id ${id} is not in the vocabulary of ${this.name}`);
      bytes += token;
    }
    return latin1Utf8(bytes);
  }

  /** One code path for encode and count, so they can never disagree. */
  private run(text: string, sink: Sink): void {
    const onPiece = (piece: string) => sink.ids(this.pieceIds(piece));
    this.rawAdded.split(text, (segment) => {
      if ('id' in segment) return sink.id(segment.id);
      const normalized = this.normalize ? this.normalize(segment.text) : segment.text;
      this.normalizedAdded.split(normalized, (inner: Segment) => {
        if ('id' in inner) return sink.id(inner.id);
        this.preTokenizer.forEach(inner.text, onPiece);
      });
    });
  }

  private pieceIds(piece: string): readonly number[] {
    const cached = this.cache.get(piece);
    if (cached) return cached;
    const fresh: number[] = [];
    this.model.encodePiece(utf8Latin1(piece), fresh);
    this.cache.set(piece, fresh);
    return fresh;
  }
}

interface Sink {
  id(id: number): void;
  ids(ids: readonly number[]): void;
}

/** Decoding is byte-level whatever the file says; a different decoder would decode differently. */
function checkDecoder(spec: unknown, field: string, file: string): void {
  if (spec === null || spec === undefined) return;
  const node = objectAt(spec, field, file);
  if (node.type === 'ByteLevel') return;
  if (node.type === 'Sequence' && Array.isArray(node.decoders)) {
    node.decoders.forEach((child, i) => checkDecoder(child, `${field}.decoders[${i}]`, file));
    return;
  }
  throw invalid(file, `${field}.type "${String(node.type)}" is not supported: byte-level tokenizers use the ByteLevel decoder`);
}

/**
 * Reads and checks a tokenizer.json (size-bounded) and builds the tokenizer.
 *
 * @example
 * const tok = await loadHfTokenizer('tokenizer.json');
 */
export async function loadHfTokenizer(path: string): Promise<HfBpeTokenizer> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', 'tokenizer file not found', { where: path, cause });
  }
  if (size > MAX_TOKENIZER_JSON_BYTES) throw invalid(path, `file is larger than ${MAX_TOKENIZER_JSON_BYTES / 1024 / 1024} MB`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new WardenError('W_CONFIG_PARSE', `tokenizer.json is not valid JSON: ${(cause as Error).message}`, { where: path, cause });
  }
  return new HfBpeTokenizer(json, path);
}
