import type { InputPart } from '../../../io/parts.js';
import { readPart } from '../../../io/parts.js';
import type { FieldMap, OnError, Rec } from '../../../io/record.js';
import type { Tokenizer } from '../../../text/tokenizers/index.js';

/** What counting one part produced; plain data, so it crosses worker threads. */
export interface PartCount {
  records: number;
  tokens: number;
  /** Unicode code points of the text fields. */
  chars: number;
  rejects: number;
  bytes: number;
}

export interface PartReadOptions {
  fields: FieldMap;
  onError: OnError;
}

/**
 * Code points in a string (a surrogate pair is one), what Python's `len` counts.
 *
 * @example
 * codePoints('a🙂'); // 2
 */
export function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function textOf(record: Rec, field: string): string {
  const value = record[field];
  return typeof value === 'string' ? value : '';
}

/**
 * Counts records, tokens and characters of one input part. A record whose text field is null
 * (columnar inputs) counts as a record with no tokens; JSONL rows without a string text field
 * fail or, with `onError: 'skip'`, are counted as rejects.
 *
 * @example
 * const counts = await countPart(part, await loadTokenizer('o200k_base'), { fields, onError: 'fail' });
 */
export async function countPart(part: InputPart, tokenizer: Tokenizer, options: PartReadOptions, onBytes?: (bytes: number) => void): Promise<PartCount> {
  const out: PartCount = { records: 0, tokens: 0, chars: 0, rejects: 0, bytes: 0 };
  for await (const batch of readPart(part, { fields: options.fields, onError: options.onError, requireText: true })) {
    for (const record of batch.records) {
      const text = textOf(record, options.fields.text);
      out.tokens += tokenizer.count(text);
      out.chars += codePoints(text);
    }
    out.records += batch.records.length;
    out.rejects += batch.rejects.length;
    out.bytes += batch.bytes;
    if (batch.bytes > 0) onBytes?.(batch.bytes);
  }
  return out;
}

/** The record of a part at which a running token count reaches `need` (> 0). */
export interface PartHit {
  /** 0-based index of the record within the part. */
  index: number;
  id: unknown;
  /** Tokens from the part's first record through this one. */
  tokens: number;
}

/**
 * Re-reads a part to find the first record at which its cumulative token count reaches `need`;
 * undefined when the part holds fewer tokens.
 */
export async function locateInPart(part: InputPart, tokenizer: Tokenizer, options: PartReadOptions, need: number): Promise<PartHit | undefined> {
  let tokens = 0;
  let index = 0;
  const batches = readPart(part, { fields: options.fields, onError: options.onError, requireText: true });
  try {
    for await (const batch of batches) {
      for (const record of batch.records) {
        tokens += tokenizer.count(textOf(record, options.fields.text));
        if (tokens >= need) return { index, id: record[options.fields.id], tokens };
        index++;
      }
    }
  } finally {
    await batches.return(undefined);
  }
  return undefined;
}
