/**
 * Token chunks without a tokenizer. A chunk of N tokens is taken as N × 4 characters (the usual
 * ~4 characters per token of BPE tokenizers on English text), cut at the last whitespace in the
 * window's final eighth so words stay whole. It is deterministic and costs nothing per
 * character; a real tokenizer would only move chunk edges, and every chunk is scored anyway.
 */
export const CHARS_PER_TOKEN = 4;

/** Longest backward search for a whitespace cut, whatever the chunk size. */
const MAX_BACKTRACK = 2048;

/**
 * Calls `onChunk(start, end)` for consecutive spans covering `text`; one span for a text that
 * fits, none for an empty text.
 *
 * @example
 * const spans: [number, number][] = [];
 * chunkSpans('a b c d', 1, (s, e) => spans.push([s, e])); // 2 chunks: 'a b ' and 'c d'
 */
export function chunkSpans(text: string, chunkTokens: number, onChunk: (start: number, end: number) => void): number {
  const size = Math.max(1, Math.floor(chunkTokens * CHARS_PER_TOKEN));
  const n = text.length;
  if (n === 0) return 0;
  let count = 0;
  let start = 0;
  while (start < n) {
    let end = start + size;
    if (end >= n) end = n;
    else {
      const floor = end - Math.min(MAX_BACKTRACK, Math.floor(size / 8));
      let cut = end;
      while (cut > floor && cut > start + 1 && !isSpace(text.charCodeAt(cut - 1))) cut--;
      if (cut > floor && cut > start + 1) end = cut;
      // Never split a surrogate pair.
      const c = text.charCodeAt(end - 1);
      if (c >= 0xd800 && c <= 0xdbff && end < n) end = end + 1 < n ? end + 1 : n;
    }
    onChunk(start, end);
    count++;
    start = end;
  }
  return count;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}
