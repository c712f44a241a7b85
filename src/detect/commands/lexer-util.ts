/** Char codes, character classes and bounded scanning helpers for the shell lexer. */

/** Characters kept of one word's value. */
export const MAX_WORD = 4096;

// Char codes.
export const TAB = 9;
export const NL = 10;
export const CR = 13;
export const SPACE = 32;
export const DQUOTE = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const AMP = 38;
export const SQUOTE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const SEMI = 59;
export const LT = 60;
export const GT = 62;
export const BACKSLASH = 92;
export const BACKTICK = 96;
export const LBRACE = 123;
export const PIPE = 124;
export const RBRACE = 125;

/**
 * Index of the first `code` char in src[from, to), or `to` (a bounded, allocation-free search).
 *
 * @example
 * findChar('a|b', 124, 0, 3); // 1
 */
export function findChar(src: string, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (src.charCodeAt(i) === code) return i;
  return to;
}

export function isMeta(c: number): boolean {
  return c === SPACE || c === TAB || c === NL || c === CR || c === PIPE || c === AMP || c === SEMI || c === LPAREN || c === RPAREN || c === LT || c === GT;
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

export function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

/** src[from, to) when the value built so far still has room, else ''. */
export function piece(src: string, from: number, to: number, length: number): string {
  return to > from && length < MAX_WORD ? src.slice(from, to) : '';
}

/** Position after the ')' that closes `open` levels of parens (quotes ignored), or end. */
export function skipParens(src: string, p: number, end: number, open: number): number {
  let level = open;
  for (; p < end; p++) {
    const c = src.charCodeAt(p);
    if (c === BACKSLASH) p++;
    else if (c === LPAREN) level++;
    else if (c === RPAREN && --level === 0) return p + 1;
  }
  return end;
}

/** Position after the '}' closing a ${...} whose body starts at p, or end. */
export function skipBraces(src: string, p: number, end: number): number {
  let level = 1;
  const limit = Math.min(end, p + MAX_WORD);
  for (; p < limit; p++) {
    const c = src.charCodeAt(p);
    if (c === BACKSLASH) p++;
    else if (c === LBRACE) level++;
    else if (c === RBRACE && --level === 0) return p + 1;
    else if (c === NL) return p;
  }
  return limit;
}

/**
 * Decodes the body of a $'...' string (\n, \t, \xHH, \NNN, \uHHHH, \', \\).
 *
 * @example
 * ansiC('\\x63url\\n'); // 'curl\n'
 */
export function ansiC(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const n = body[++i]!;
    if (n === 'n') out += '\n';
    else if (n === 't') out += '\t';
    else if (n === 'r') out += '\r';
    else if (n === 'e' || n === 'E') out += '\x1b';
    else if (n === 'a') out += '\x07';
    else if (n === 'x' || n === 'u' || n === 'U') {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      let j = i + 1;
      while (j < body.length && j <= i + len && isHex(body.charCodeAt(j))) j++;
      const code = parseInt(body.slice(i + 1, j), 16);
      i = j - 1;
      if (!Number.isNaN(code) && code <= 0x10ffff) out += String.fromCodePoint(code);
    }
    else if (n >= '0' && n <= '7') {
      let j = i;
      while (j < body.length && j < i + 3 && body[j]! >= '0' && body[j]! <= '7') j++;
      out += String.fromCharCode(parseInt(body.slice(i, j), 8));
      i = j - 1;
    } else out += n;
  }
  return out;
}
