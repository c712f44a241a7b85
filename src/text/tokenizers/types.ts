/**
 * A tokenizer as Warden uses it: to count and chunk text by tokens. Special tokens that a
 * post-processor would add (BOS/EOS templates) are never added; text that spells a special
 * token is tokenized as the tokenizer's own `encode` does by default (see each implementation).
 */
export interface Tokenizer {
  /** `o200k_base`, `cl100k_base`, or the tokenizer.json path. */
  readonly name: string;
  /** One more than the largest token id. */
  readonly vocabSize: number;
  encode(text: string): number[];
  /** `encode(text).length`, without building the array where possible. */
  count(text: string): number;
  decode(ids: readonly number[]): string;
}
