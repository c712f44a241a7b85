import type { Analyzer } from './analyzer.js';
import { fenceAt, fenceBlock, fenceLang, HEREDOC_OPEN, promptLength, PS_MARKER } from './fences.js';
import type { Hits } from './hits.js';
import { findChar } from './lexer-util.js';
import { lex } from './shell-lexer.js';
import { isCommandText, isCommandWord } from './triggers.js';

/**
 * Finds command text in LLM-response-like markdown and hands it to the analyser, in text
 * order (so a download in one block and its execution in a later one are joined):
 * fenced blocks (by language: shell/console, PowerShell, YAML, other code), inline code,
 * indented or bare command lines (with continuation lines and here-documents), and command
 * fragments inside prose sentences. Only regions containing a trigger word are analysed.
 * One pass over the lines; every region is analysed once.
 */

const BULLET = /(?:[-*+•]|\d{1,3}[.)])[ \t]{1,8}/y;
const MAX_CONSTRUCT_LINES = 400;
const ASSIGNMENT_START = /^[A-Za-z_][A-Za-z0-9_]{0,63}=/;
/** `0<&196;exec ...`, `2>/dev/null ...`: a line that starts with a redirection. */
const REDIRECT_START = /^\d{1,3}[<>]/;
/** `name() {`, `:(){`: a function definition. */
const FUNCTION_START = /^[\w:.-]{1,40} ?\(\) ?\{/;
const MAX_QUOTE_SCAN = 10_000;
const MAX_PARAGRAPH_LINES = 50;
/** A line without a hit matters only when the next line has one, this close. */
const NEXT_LINE = 512;

interface Fence {
  char: number;
  len: number;
  lang: string;
  body: number;
}

/** Scans markdown text and analyses every command region that contains a hit. */
export function scanMarkdown(text: string, hits: Hits, an: Analyzer): void {
  const n = text.length;
  const state: BareState = { psUntil: -1 };
  let fence: Fence | undefined;
  let p = 0;
  let chunk = 0;
  while (p <= n) {
    const nl = text.indexOf('\n', p);
    const le = nl < 0 ? n : nl;
    const f = fenceAt(text, p, le);
    let next = le;
    if (fence) {
      if (f && f.char === fence.char && f.len >= fence.len && f.info === '') {
        an.chunk = ++chunk;
        fenceBlock(text, fence.body, p, fence.lang, hits, an);
        fence = undefined;
      }
    } else if (f && !(f.char === 96 && f.info.includes('`'))) {
      fence = { char: f.char, len: f.len, lang: fenceLang(f.info), body: Math.min(n, le + 1) };
    } else {
      an.chunk = ++chunk;
      next = bareLine(text, p, le, hits, an, state);
    }
    if (next >= n) break;
    p = next + 1;
  }
  if (fence) {
    an.chunk = ++chunk;
    fenceBlock(text, fence.body, n, fence.lang, hits, an);
  }
}

/** Whether the line (trimmed) ends where the command obviously continues on the next line. */
function continues(text: string, ls: number, le: number): boolean {
  let e = le;
  while (e > ls && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9 || text.charCodeAt(e - 1) === 13)) e--;
  const c = text.charCodeAt(e - 1);
  return c === 92 || c === 124 || (c === 38 && text.charCodeAt(e - 2) === 38);
}

/** An odd number of unescaped double quotes: a string continues on the next line. */
function oddQuotes(text: string, ls: number, le: number): boolean {
  let odd = false;
  for (let i = ls; i < le && i - ls < MAX_QUOTE_SCAN; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) odd = !odd;
  }
  return odd;
}

/** End of a multi-line command starting on the line [ls, le): continuations and here-documents. */
function constructEnd(text: string, ls: number, le: number): number {
  let end = le;
  let lineStart = ls;
  let inQuote = false;
  for (let k = 0; k < MAX_CONSTRUCT_LINES && end < text.length; k++) {
    if (oddQuotes(text, lineStart, end)) inQuote = !inQuote;
    const line = text.slice(lineStart, Math.min(end, lineStart + 2000));
    const h = HEREDOC_OPEN.exec(line);
    if (h) {
      const term = h[1]!;
      let q = end + 1;
      for (let j = 0; j < MAX_CONSTRUCT_LINES && q < text.length; j++) {
        let nl = text.indexOf('\n', q);
        if (nl < 0) nl = text.length;
        const done = text.slice(q, Math.min(nl, q + 200)).trim() === term;
        end = nl;
        q = nl + 1;
        if (done) break;
      }
      if (end >= text.length) return end;
      lineStart = text.lastIndexOf('\n', end - 1) + 1;
    }
    const nextStart = end + 1;
    let nextEnd = text.indexOf('\n', nextStart);
    if (nextEnd < 0) nextEnd = text.length;
    let i = nextStart;
    while (i < nextEnd && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const pipeNext = text.charCodeAt(i) === 124 && nextEnd > nextStart;
    if (!inQuote && !continues(text, lineStart, end) && !pipeNext) return end;
    if (nextStart >= text.length) return end;
    lineStart = nextStart;
    end = nextEnd;
  }
  return end;
}

interface BareState {
  /** PowerShell already analysed up to here (a paragraph of statements is analysed at once). */
  psUntil: number;
}

/** PowerShell on bare lines: the whole paragraph, so multi-line scripts are seen together. */
function barePowerShell(text: string, start: number, le: number, an: Analyzer, state: BareState): void {
  if (start < state.psUntil || !PS_MARKER.test(text.slice(start, Math.min(le, start + 20_000)))) return;
  let end = le;
  for (let k = 0; k < MAX_PARAGRAPH_LINES && end < text.length; k++) {
    let nl = text.indexOf('\n', end + 1);
    if (nl < 0) nl = text.length;
    if (text.slice(end + 1, nl).trim() === '' || fenceAt(text, end + 1, nl)) break;
    end = nl;
  }
  state.psUntil = end;
  an.powershell(text, start, end, 0);
}

/** A line outside fences. Returns the end of the last line it consumed. */
function bareLine(text: string, ls: number, le: number, hits: Hits, an: Analyzer, state: BareState): number {
  const next = hits.next(ls);
  const hot = next >= 0 && next < le;
  if (!hot && (next < 0 || next - le > NEXT_LINE || nextLineBefore(text, le, next) || (!continues(text, ls, le) && !oddQuotes(text, ls, le)))) return le;
  let p = ls;
  for (let guard = 0; guard < 8; guard++) {
    while (p < le && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    if (text.charCodeAt(p) === 62 /* > */ && !redirectAt(text, p)) {
      p++;
      continue;
    }
    BULLET.lastIndex = p;
    const b = BULLET.exec(text);
    if (b) {
      p += b[0].length;
      continue;
    }
    break;
  }
  if (text.charCodeAt(p) === 124 /* | table row */ && findChar(text, 124, p + 1, le) < le) {
    if (hot) tableRow(text, p, le, hits, an);
    return le;
  }
  const prompt = promptLength(text, p, false);
  const start = p + prompt;
  if (prompt > 0 || redirectAt(text, start) || looksLikeCommand(text, start, le, hits)) {
    const end = constructEnd(text, ls, le);
    if (!hits.any(start, end)) return end;
    barePowerShell(text, start, end, an, state);
    an.shell(text, start, end, 0);
    return end;
  }
  if (!hot) return le;
  barePowerShell(text, p, le, an, state);
  prose(text, p, le, hits, an);
  return le;
}

/** Whether another line break comes before `pos` (the hit is not on the next line). */
function nextLineBefore(text: string, le: number, pos: number): boolean {
  const nl = text.indexOf('\n', le + 1);
  return nl >= 0 && nl < pos;
}

/** `> /var/log/x`, `>> ~/.bashrc`: a redirection, not a markdown quote marker. */
function redirectAt(text: string, p: number): boolean {
  if (text.charCodeAt(p) !== 62) return false;
  let i = p + 1;
  if (text.charCodeAt(i) === 62) i++;
  while (text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  return c === 47 /* / */ || c === 126 /* ~ */ || c === 36 /* $ */;
}

function looksLikeCommand(text: string, p: number, le: number, hits: Hits): boolean {
  let e = p;
  while (e < le && e - p < 80 && text.charCodeAt(e) !== 32 && text.charCodeAt(e) !== 9) e++;
  if (e === p) return false;
  if (hits.anyExtra(p, e)) return true; // runs a file saved by an earlier download
  const c = text.charCodeAt(p);
  if (c === 36 /* $var, $(...) */) return true;
  if (c === 46 /* . <(...), . /path */ && e === p + 1 && '<~/$'.includes(text[p + 2] ?? '')) return true;
  const head = text.slice(p, Math.min(le, p + 80));
  if (ASSIGNMENT_START.test(head) || REDIRECT_START.test(head) || FUNCTION_START.test(head)) return true;
  const tokens = lex(text, p, e);
  const w = tokens[0];
  if (!w || w.kind !== 'word') return false;
  if (w.quoted && w.subs === undefined && text.charCodeAt(p) !== 34 && text.charCodeAt(p) !== 39) return true; // c'u'rl, \rm
  return isCommandWord(w);
}

function tableRow(text: string, p: number, le: number, hits: Hits, an: Analyzer): void {
  const line = text.slice(p, le);
  let s = 1;
  while (s < line.length) {
    let e = line.indexOf('|', s);
    if (e < 0) e = line.length;
    if (hits.any(p + s, p + e)) prose(text, p + s, p + e, hits, an);
    s = e + 1;
  }
}

/** Prose: inline code spans are commands; the rest is cut into sentences, each a candidate. */
function prose(text: string, p: number, le: number, hits: Hits, an: Analyzer): void {
  const line = text.slice(p, le);
  const blanks: [number, number][] = [];
  let i = 0;
  while (i < line.length) {
    const tick = line.indexOf('`', i);
    if (tick < 0) break;
    let k = tick;
    while (k < line.length && line.charCodeAt(k) === 96) k++;
    const run = k - tick;
    const close = line.indexOf('`'.repeat(run), k);
    if (close < 0) break;
    if (line.charCodeAt(close + run) === 96) {
      i = close + run + 1;
      continue;
    }
    let cs = p + k;
    const ce = p + close;
    if (hits.any(cs, ce)) {
      an.chunk++;
      while (cs < ce && text.charCodeAt(cs) === 32) cs++;
      cs += promptLength(text, cs, false);
      if (PS_MARKER.test(text.slice(cs, ce))) an.powershell(text, cs, ce, 0);
      an.shell(text, cs, ce, 0);
    }
    blanks.push([tick, close + run]);
    i = close + run;
  }
  const src = blanks.length === 0 ? line : blank(line, blanks);
  // Only sentences holding a hit written like a command are looked at; the rest of a long
  // line is never scanned char by char.
  const positions = hits.commandLikeIn(text, p, le);
  let done = 0;
  for (let k = 0; k < positions.length; k++) {
    const at = positions[k]! - p;
    if (at < done || src.charCodeAt(at) === 32) continue; // handled, or inside inline code
    const s = sentenceStart(src, at, done);
    const e = sentenceEnd(src, at);
    let last = at;
    while (k + 1 < positions.length && positions[k + 1]! - p < e) last = positions[++k]! - p;
    const anchor = firstCommandWord(src, s, last + 1, e);
    if (anchor >= 0) an.shell(src, anchor, e, p, { prose: true, isCommandWord });
    done = e + 1;
  }
}

/** A sentence break at j: . ! ? : , ; after a non-space and before a space or the end. */
function isCut(src: string, j: number): boolean {
  const c = src.charCodeAt(j);
  return (c === 46 || c === 33 || c === 63 || c === 58 || c === 44 || c === 59) && j > 0 && src.charCodeAt(j - 1) !== 32 && isSpaceOrEnd(src, j + 1);
}

function sentenceStart(src: string, at: number, floor: number): number {
  for (let j = at - 1; j >= floor; j--) if (isCut(src, j)) return j + 1;
  return floor;
}

function sentenceEnd(src: string, at: number): number {
  for (let j = at; j < src.length; j++) if (isCut(src, j)) return j;
  return src.length;
}

/**
 * Start of the first word beginning in src[s, before) (and ending by `e`) that names a known
 * command as typed, or -1: a sentence without one is not analysed at all.
 */
function firstCommandWord(src: string, s: number, before: number, e: number): number {
  let i = s;
  while (i < before) {
    while (i < before && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
    if (i >= before) break;
    const w = i;
    while (i < e && src.charCodeAt(i) !== 32 && src.charCodeAt(i) !== 9) i++;
    if (i - w <= 64) {
      const c = src.charCodeAt(w);
      // Quoted or bracketed words are prose, not commands.
      if (c !== 34 && c !== 39 && c !== 96 && c !== 40 && c !== 42 && isCommandText(src.slice(w, i))) return w;
    }
  }
  return -1;
}

/** The line with the given ranges replaced by spaces (same length). */
function blank(line: string, ranges: readonly [number, number][]): string {
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    parts.push(line.slice(at, s), ' '.repeat(e - s));
    at = e;
  }
  parts.push(line.slice(at));
  return parts.join('');
}

function isSpaceOrEnd(s: string, i: number): boolean {
  if (i >= s.length) return true;
  const c = s.charCodeAt(i);
  return c === 32 || c === 9 || c === 13;
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const CANDIDATE_PATTERNS: readonly RegExp[] = [ASSIGNMENT_START, REDIRECT_START, FUNCTION_START, BULLET];
