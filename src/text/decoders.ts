import { gunzipSync } from 'node:zlib';
import { ViewBuilder, type View } from './view.js';

export interface DecodeBudget {
  /** Decoded characters still allowed (shared by the whole scan). */
  chars: number;
  /** Views still allowed. */
  views: number;
}

export interface DecodeOptions {
  /** Minimum length of a base64/hex run worth decoding. */
  minRun?: number;
}

// Per ASCII char: 1 = base64 (standard or url-safe, '=' padding), 2 = hex digit (also base64).
const CHAR_CLASS = (() => {
  const table = new Uint8Array(128);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-=') table[c.charCodeAt(0)] = 1;
  for (const c of '0123456789abcdefABCDEF') table[c.charCodeAt(0)] = 3;
  return table;
})();

/**
 * Maximal base64 runs (>= minBase64) and hex runs (>= minHex) with no regex, so a
 * multi-megabyte run costs no backtracking stack. A run of minBase64 chars must cover the
 * probe char minBase64 - 1 ahead, so prose is skipped a probe at a time and most of it is
 * never read; hex runs lie inside base64 runs (hex digits are base64 chars), so only those
 * are searched for them.
 */
export function findRuns(text: string, minBase64: number, minHex: number): { base64: [number, number][]; hex: [number, number][] } {
  const base64: [number, number][] = [];
  const hex: [number, number][] = [];
  const n = text.length;
  const step = Math.max(1, Math.min(minBase64, minHex));
  let i = 0;
  while (i + step <= n) {
    const probe = i + step - 1;
    if (!(classAt(text, probe) & 1)) {
      i = probe + 1;
      continue;
    }
    let start = probe;
    while (start > i && classAt(text, start - 1) & 1) start--;
    let end = probe + 1;
    while (end < n && classAt(text, end) & 1) end++;
    if (end - start >= minBase64) base64.push([start, end]);
    if (end - start >= minHex) {
      let hexStart = -1;
      for (let j = start; j <= end; j++) {
        if (j < end && classAt(text, j) & 2) {
          if (hexStart < 0) hexStart = j;
        } else if (hexStart >= 0) {
          if (j - hexStart >= minHex) hex.push([hexStart, j]);
          hexStart = -1;
        }
      }
    }
    i = end + 1;
  }
  return { base64, hex };
}

function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CHAR_CLASS[c]! : 0;
}

/**
 * Finds encoded payloads in a view and returns one view per decoded payload (base64 incl.
 * url-safe and UTF-16LE PowerShell payloads, gzip inside base64, hex) plus whole-text views
 * where escapes are present (percent-encoding, HTML entities, \uXXXX / \xNN). A span payload
 * maps every decoded char to the whole encoded span; whole-text decoders map exactly.
 */
export function decodeViews(view: View, budget: DecodeBudget, options: DecodeOptions = {}): View[] {
  const out: View[] = [];
  const add = (decoded: View | undefined) => {
    if (!decoded || budget.views <= 0 || decoded.text.length > budget.chars) return;
    budget.views--;
    budget.chars -= decoded.text.length;
    out.push(decoded);
  };
  const minRun = options.minRun ?? 16;
  const found = findRuns(view.text, minRun, 24);
  for (const [start, end] of found.base64) {
    if (budget.views <= 0) break;
    // A payload bigger than what may still be decoded is skipped whole (the caller reports budgets).
    if ((end - start) * 0.75 > budget.chars) continue;
    add(decodeBase64Run(view, start, view.text.slice(start, end)));
  }
  for (const [start, end] of found.hex) {
    if (budget.views <= 0) break;
    if ((end - start) / 2 > budget.chars) continue;
    add(decodeHexRun(view, start, view.text.slice(start, end)));
  }
  // Whole-text views are built only when the text holds what they decode (cheap linear tests).
  if (atLeast(view.text, /%[0-9A-Fa-f]{2}/g, 2)) add(percentView(view));
  if (atLeast(view.text, /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g, 1)) add(htmlEntityView(view));
  if (atLeast(view.text, /\\(?:u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2})/g, 2)) add(escapeView(view));
  return out;
}

function atLeast(text: string, pattern: RegExp, count: number): boolean {
  pattern.lastIndex = 0;
  let found = 0;
  while (pattern.exec(text)) if (++found >= count) return true;
  return false;
}

function spanView(view: View, start: number, end: number, text: string, chain: string): View {
  const [s, e] = mapSpan(view, start, end);
  const builder = new ViewBuilder();
  builder.push(text, s, e);
  return builder.build(chain, view.transforms, [...view.decoded, chain], view.depth + 1);
}

function decodeBase64Run(view: View, start: number, run: string): View | undefined {
  // '=' only pads the end; a run with '=' inside is two payloads or none.
  let cut = run.length;
  while (cut > 0 && run.charCodeAt(cut - 1) === 61) cut--;
  const body = run.slice(0, cut);
  if (body.includes('=')) return undefined;
  // Hex is the hex decoder's; a plain word (lower, UPPER or Capitalised) is not base64 worth trying.
  if (/^[0-9a-fA-F]+$/.test(body) || /^[A-Z]?[a-z]+$/.test(body) || /^[A-Z]+$/.test(body)) return undefined;
  const bytes = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 8) return undefined;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      const inflated = gunzipSync(bytes, { maxOutputLength: 1 << 20 });
      const text = printableText(inflated);
      if (text !== undefined) return spanView(view, start, start + run.length, text, 'base64+gzip');
    } catch {
      return undefined;
    }
  }
  const utf16 = utf16Text(bytes);
  if (utf16 !== undefined) return spanView(view, start, start + run.length, utf16, 'base64-utf16le');
  const text = printableText(bytes);
  return text === undefined ? undefined : spanView(view, start, start + run.length, text, 'base64');
}

function decodeHexRun(view: View, start: number, run: string): View | undefined {
  const body = run.startsWith('0x') ? run.slice(2) : run;
  const even = body.length % 2 === 0 ? body : body.slice(0, -1);
  const text = printableText(Buffer.from(even, 'hex'));
  return text === undefined ? undefined : spanView(view, start, start + run.length, text, 'hex');
}

/** UTF-8 text if at least 90 % of it is printable (tabs and newlines count), else undefined. */
export function printableText(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const text = Buffer.from(bytes).toString('utf8');
  let good = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 32 && c !== 0xfffd && c !== 127) || c === 9 || c === 10 || c === 13) good++;
  }
  return good / text.length >= 0.9 ? text : undefined;
}

/** PowerShell -EncodedCommand payloads are UTF-16LE: every second byte zero for ASCII. */
function utf16Text(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8 || bytes.length % 2 !== 0) return undefined;
  let zeros = 0;
  for (let i = 1; i < bytes.length; i += 2) if (bytes[i] === 0) zeros++;
  if (zeros < (bytes.length / 2) * 0.9) return undefined;
  const text = Buffer.from(bytes).toString('utf16le');
  return printableText(Buffer.from(text, 'utf8')) === undefined ? undefined : text;
}

/** Whole-text view with %XX sequences decoded (UTF-8 aware); undefined when nothing decodes. */
function percentView(view: View): View | undefined {
  const text = view.text;
  const builder = new ViewBuilder();
  let changed = 0;
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 37 && isHex(text, i + 1) && isHex(text, i + 2)) {
      const from = i;
      const bytes: number[] = [];
      while (i < text.length && text.charCodeAt(i) === 37 && isHex(text, i + 1) && isHex(text, i + 2)) {
        bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 3;
      }
      const [s, e] = mapSpan(view, from, i);
      builder.push(Buffer.from(bytes).toString('utf8'), s, e);
      changed += bytes.length;
      continue;
    }
    const [s, e] = mapSpan(view, i, i + 1);
    builder.push(text[i]!, s, e);
    i++;
  }
  return changed >= 2 ? builder.build('percent', view.transforms, [...view.decoded, 'percent'], view.depth + 1) : undefined;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', sol: '/', bsol: '\\', colon: ':', semi: ';',
  vert: '|', verbar: '|', dollar: '$', lpar: '(', rpar: ')', equals: '=', plus: '+', minus: '-', period: '.',
  comma: ',', num: '#', percnt: '%', excl: '!', quest: '?', ast: '*', lowbar: '_', grave: '`', tilde: '~',
  lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', commat: '@', hat: '^', Tab: '\t', NewLine: '\n',
};

/**
 * Whole-text view with HTML character references decoded, scanning linearly with no length
 * limit (a 10 KB response full of entities decodes whole). `&#60;`, `&#x3c;`, `&lt;`.
 */
function htmlEntityView(view: View): View | undefined {
  const text = view.text;
  const builder = new ViewBuilder();
  let changed = 0;
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 38) {
      const semi = text.indexOf(';', i + 1);
      if (semi > i + 1 && semi - i <= 12) {
        const body = text.slice(i + 1, semi);
        let decoded: string | undefined;
        if (body[0] === '#') {
          const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
          if (Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff && /^#(?:[xX][0-9a-fA-F]+|\d+)$/.test(body)) decoded = String.fromCodePoint(cp);
        } else {
          decoded = NAMED_ENTITIES[body];
        }
        if (decoded !== undefined) {
          const [s, e] = mapSpan(view, i, semi + 1);
          builder.push(decoded, s, e);
          changed++;
          i = semi + 1;
          continue;
        }
      }
    }
    const [s, e] = mapSpan(view, i, i + 1);
    builder.push(text[i]!, s, e);
    i++;
  }
  return changed > 0 ? builder.build('html', view.transforms, [...view.decoded, 'html'], view.depth + 1) : undefined;
}

/** Whole-text view with \uXXXX, \u{X}, \xNN escapes decoded. */
function escapeView(view: View): View | undefined {
  const text = view.text;
  const builder = new ViewBuilder();
  let changed = 0;
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 92 && i + 1 < text.length) {
      const kind = text[i + 1];
      let cp: number | undefined;
      let width = 0;
      if (kind === 'u' && text[i + 2] === '{') {
        const close = text.indexOf('}', i + 3);
        if (close > i + 3 && close - i <= 10 && /^[0-9a-fA-F]+$/.test(text.slice(i + 3, close))) {
          cp = parseInt(text.slice(i + 3, close), 16);
          width = close + 1 - i;
        }
      } else if (kind === 'u' && [2, 3, 4, 5].every((k) => isHex(text, i + k))) {
        cp = parseInt(text.slice(i + 2, i + 6), 16);
        width = 6;
      } else if (kind === 'x' && isHex(text, i + 2) && isHex(text, i + 3)) {
        cp = parseInt(text.slice(i + 2, i + 4), 16);
        width = 4;
      }
      if (cp !== undefined && cp <= 0x10ffff) {
        const [s, e] = mapSpan(view, i, i + width);
        builder.push(String.fromCodePoint(cp), s, e);
        changed++;
        i += width;
        continue;
      }
    }
    const [s, e] = mapSpan(view, i, i + 1);
    builder.push(text[i]!, s, e);
    i++;
  }
  return changed >= 2 ? builder.build('escapes', view.transforms, [...view.decoded, 'escapes'], view.depth + 1) : undefined;
}

function isHex(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function mapSpan(view: View, start: number, end: number): [number, number] {
  if (!view.starts || !view.ends) return [start, end];
  return [view.starts[start]!, view.ends[end - 1]!];
}
