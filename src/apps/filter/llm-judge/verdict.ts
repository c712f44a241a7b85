/**
 * Turning a model's answer into 0 (safe) / 1 (hazardous). Models asked for "0 or 1" answer
 * "1", "1.", "**0**", "Answer: 1", "No." or "<think>…</think>\n0"; the parser takes the first
 * standalone 0/1 digit or yes/no/true/false word, in reading order, after any reasoning block.
 * Anything else is unparseable: the caller applies the on_error policy and keeps the raw text.
 */

export type Verdict = 0 | 1;

/** Longest raw answer kept in judgments and the cache. */
export const RAW_ANSWER_LIMIT = 256;

const WORDS: Record<string, Verdict> = { yes: 1, true: 1, no: 0, false: 0 };
const LETTER = /\p{L}/u;

/**
 * The verdict in a model answer, or null when it has none.
 *
 * @example
 * parseVerdict('1'); // 1
 * parseVerdict('Answer: 0.'); // 0
 * parseVerdict('No, it does not.'); // 0
 * parseVerdict('<think>maybe 1?</think> 0'); // 0
 * parseVerdict('0.7'); // null (a score, not a verdict)
 * parseVerdict('I cannot tell.'); // null
 */
export function parseVerdict(answer: string): Verdict | null {
  const text = afterReasoning(answer);
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isDigit(ch)) {
      const end = scanNumber(text, i);
      const standalone = end - i === 1 && !isWordChar(text[i - 1]) && !isWordChar(text[end]) && !decimalFollows(text, end);
      if (standalone && (ch === '0' || ch === '1')) return ch === '0' ? 0 : 1;
      i = end;
    } else if (isLetter(ch)) {
      let end = i + 1;
      while (end < text.length && isWordChar(text[end])) end++;
      const word = WORDS[text.slice(i, end).toLowerCase()];
      if (word !== undefined) return word;
      i = end;
    } else {
      i++;
    }
  }
  return null;
}

/** The answer without a leading reasoning block (`<think>…</think>`); '' when it never closed. */
function afterReasoning(answer: string): string {
  const close = answer.lastIndexOf('</think>');
  if (close >= 0) return answer.slice(close + '</think>'.length);
  return answer.trimStart().startsWith('<think>') ? '' : answer;
}

/** End of a digit run with its decimal part ("0.75" is one number, not a 0). */
function scanNumber(text: string, start: number): number {
  let end = start;
  while (end < text.length && isDigit(text[end]!)) end++;
  if (decimalFollows(text, end)) {
    end++;
    while (end < text.length && isDigit(text[end]!)) end++;
  }
  return end;
}

function decimalFollows(text: string, at: number): boolean {
  return (text[at] === '.' || text[at] === ',') && isDigit(text[at + 1] ?? '');
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch > '\x7f' && LETTER.test(ch));
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && (isDigit(ch) || isLetter(ch) || ch === '_');
}

/**
 * The raw answer cut to RAW_ANSWER_LIMIT characters (never inside a surrogate pair), with the
 * full length noted, so judgments stay small whatever the model rambles.
 *
 * @example
 * boundRaw('1'); // '1'
 * boundRaw('x'.repeat(300)).length < 300; // true
 */
export function boundRaw(answer: string): string {
  if (answer.length <= RAW_ANSWER_LIMIT) return answer;
  let cut = RAW_ANSWER_LIMIT;
  if (isHighSurrogate(answer.charCodeAt(cut - 1))) cut--;
  return `${answer.slice(0, cut)}…[${answer.length} chars]`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
