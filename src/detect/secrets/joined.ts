/**
 * Secrets written in pieces: a key split over adjacent string literals that the language joins
 * (`"sk-proj-AAA"\n    "BBB"` in Python or C, `'sk_live_x' +\n  'y'` in JS/Java/C#, `.` in PHP,
 * `..` in Lua, `&` in VB), and a checksummed token wrapped over two prose lines ("part 1: ghp_…
 * / part 2: …"). The pieces are joined and the provider rules judge the joined value.
 *
 * Keyword-gated and local: only occurrences of a provider prefix the text contains are
 * followed, each within a few hundred characters; no pass over the whole text.
 */
import type { RawFinding } from '../finding.js';
import { githubChecksumValid } from './validators.js';

/** Pieces joined at most, and the longest piece followed. */
const MAX_PIECES = 8;
const MAX_PIECE = 400;
/** How far before a prefix the opening quote of its literal may be. */
const MAX_LEAD = 64;
/** Occurrences of one prefix followed per text. */
const MAX_OCCURRENCES = 64;

/** Prefixes whose formats carry a checksum: a prose join is kept only when it verifies. */
const CHECKSUMMED = ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_'];

/** Keywords that are too common to anchor a join (`://`, `key-`, `-us`). */
const NOT_ANCHORS = new Set(['://', 'key-', '-us', '1//0', 'sig=', ':aa', 'eyj', 'sk.eyj']);

/**
 * Keywords that begin a provider token (`ghp_`, `sk-proj`, `AKIA`): the anchors worth following
 * into a join. Plain words (token, discord, redis) are not.
 *
 * @example
 * anchorKeywords(['ghp_', 'token', 'akia']); // ['ghp_', 'akia']
 */
export function anchorKeywords(keywords: readonly string[]): string[] {
  return keywords.filter((k) => !NOT_ANCHORS.has(k) && k.length >= 3 && (/[-_.:~0-9]/.test(k) || k === 'akia' || k === 'asia' || k === 'aiza'));
}

const QUOTES = new Set([34, 39, 96]);

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** A char a key may contain: letters, digits and the usual token punctuation. */
function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 43 || c === 47 || c === 61 || c === 126 || c === 58;
}

/** End of a string literal opened by `quote` at `open` (the closing quote), or -1. */
function literalEnd(text: string, open: number): number {
  const q = text.charCodeAt(open);
  for (let i = open + 1; i < text.length && i - open <= MAX_PIECE; i++) {
    const c = text.charCodeAt(i);
    if (c === q) return i;
    if (c === 10 || c === 13 || c === 92) return -1;
  }
  return -1;
}

/**
 * After a closing quote at `close`: the opening quote of the next literal when the two are
 * joined (adjacent, `+`, `.`, `..`, `&`, `||`, a line continuation), or -1.
 */
function nextLiteral(text: string, close: number): number {
  let i = close + 1;
  let ops = 0;
  let newlines = 0;
  for (let guard = 0; guard < 64 && i < text.length; guard++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 13 || c === 10) {
      if (++newlines > 1) return -1;
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else if (QUOTES.has(c)) return i;
    else if (ops === 0 && (c === 43 || c === 38 || c === 92)) {
      ops++;
      i++;
    } else if (ops === 0 && c === 46) {
      ops++;
      i += text.charCodeAt(i + 1) === 46 ? 2 : 1;
    } else if (ops === 0 && c === 124 && text.charCodeAt(i + 1) === 124) {
      ops++;
      i += 2;
    } else return -1;
  }
  return -1;
}

interface Piece {
  /** Content span in the text (quotes excluded). */
  start: number;
  end: number;
}

/** The literals joined to the one holding `at`, or undefined when it is not continued. */
function literalChain(text: string, at: number): Piece[] | undefined {
  let open = -1;
  for (let i = at - 1; i >= 0 && at - i <= MAX_LEAD; i--) {
    const c = text.charCodeAt(i);
    if (QUOTES.has(c)) {
      open = i;
      break;
    }
    if (c === 10 || c === 13) return undefined;
  }
  if (open < 0) return undefined;
  const close = literalEnd(text, open);
  if (close < at) return undefined;
  for (let i = at; i < close; i++) if (!isTokenChar(text.charCodeAt(i))) return undefined;
  for (let i = open + 1; i < at; i++) if (!isTokenChar(text.charCodeAt(i)) && text.charCodeAt(i) !== 32) return undefined;
  const pieces: Piece[] = [{ start: open + 1, end: close }];
  let last = close;
  while (pieces.length < MAX_PIECES) {
    const next = nextLiteral(text, last);
    if (next < 0) break;
    const end = literalEnd(text, next);
    if (end <= next + 1) break;
    let ok = true;
    for (let i = next + 1; i < end && ok; i++) ok = isTokenChar(text.charCodeAt(i));
    if (!ok) break;
    pieces.push({ start: next + 1, end });
    last = end;
  }
  return pieces.length > 1 ? pieces : undefined;
}

/** A checksummed token cut at a line end and finished as the last word of the next line. */
function proseChain(text: string, at: number, prefix: string): Piece[] | undefined {
  let end = at + prefix.length;
  while (end < text.length && end - at < 60 && isBase62(text.charCodeAt(end))) end++;
  const body = end - at - prefix.length;
  if (body < 6 || body >= 36) return undefined;
  let i = end;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 13) i++;
  if (text.charCodeAt(i) !== 10) return undefined;
  const lineStart = i + 1;
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd - lineStart > 200) return undefined;
  let e = lineEnd;
  while (e > lineStart && (isSpace(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 46)) e--;
  let s = e;
  while (s > lineStart && isBase62(text.charCodeAt(s - 1))) s--;
  if (e - s !== 36 - body) return undefined;
  return [
    { start: at, end },
    { start: s, end: e },
  ];
}

function isBase62(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Prefixes written in upper or mixed case (the keywords are lower-case). */
const CASED: Readonly<Record<string, string>> = { akia: 'AKIA', asia: 'ASIA', aiza: 'AIza' };

/** Calls `onHit` at each place `needle` (a lower-case keyword) is written as its format writes it. */
function occurrences(text: string, needle: string, onHit: (at: number) => void): void {
  const form = CASED[needle] ?? needle;
  let count = 0;
  for (let i = text.indexOf(form); i >= 0 && count < MAX_OCCURRENCES; i = text.indexOf(form, i + form.length), count++) onHit(i);
}

/**
 * Runs `judge` on the joined value of every chain of pieces that starts at a present anchor
 * keyword, and maps its findings back onto the pieces' span in `text`.
 *
 * @example
 * joinedFindings('k = ("ghp_abc"\n  "def")', ['ghp_'], (v) => []); // [] (judge found nothing)
 */
export function joinedFindings(text: string, anchors: readonly string[], judge: (joined: string) => RawFinding[]): RawFinding[] {
  const out: RawFinding[] = [];
  const done = new Set<number>();
  for (const anchor of anchors) {
    occurrences(text, anchor, (at) => {
      const quoted = literalChain(text, at);
      const checksummed = quoted ? undefined : CHECKSUMMED.find((p) => text.startsWith(p, at));
      const pieces = quoted ?? (checksummed ? proseChain(text, at, checksummed) : undefined);
      if (!pieces || done.has(pieces[0]!.start)) return;
      done.add(pieces[0]!.start);
      const joined = pieces.map((p) => text.slice(p.start, p.end)).join('');
      if (!quoted && !githubChecksumValid(joined)) return;
      for (const f of judge(joined)) out.push(mapBack(f, pieces, quoted ? 'string literals' : 'lines'));
    });
  }
  return out;
}

/** A finding on the joined value, moved onto the pieces it covers. */
function mapBack(f: RawFinding, pieces: readonly Piece[], what: string): RawFinding {
  let offset = 0;
  let start = pieces[0]!.start;
  let end = pieces[pieces.length - 1]!.end;
  let used = 0;
  for (const p of pieces) {
    const len = p.end - p.start;
    if (f.start >= offset && f.start < offset + len) start = p.start + (f.start - offset);
    if (f.end > offset && f.end <= offset + len) end = p.start + (f.end - offset);
    if (f.start < offset + len && f.end > offset) used++;
    offset += len;
  }
  const steps = [...(f.explanation ?? []), { step: 'structure' as const, score: f.score, reason: `value joined from ${used} ${what}` }];
  return { ...f, start, end, message: `${f.message} (split over ${used} ${what})`, explanation: steps };
}
