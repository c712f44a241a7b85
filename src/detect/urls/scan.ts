import { BARE_TLDS } from './data.js';
import { scriptOf } from './host.js';

export type UrlKind = 'scheme' | 'www' | 'bare';

/** A URL-looking span of text, found without parsing it. */
export interface UrlCandidate {
  start: number;
  end: number;
  kind: UrlKind;
  /** Lower-case scheme ('http', 'data', ...); 'http' for www./bare candidates. */
  scheme: string;
}

/** Schemes followed by `//` (or `/` for file:). */
const HIER_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ftp', 'ftps', 'sftp', 'ws', 'wss', 'file']);
/** Opaque schemes whose body runs to a delimiter. */
const OPAQUE_SCHEMES: ReadonlySet<string> = new Set(['data', 'javascript', 'vbscript']);
const MAX_SCHEME = 10;
const MAX_HOST = 253;

/**
 * Finds URLs in text in one left-to-right pass with bounded look-behind (no regex): scheme
 * URLs (`http://`, `ftp://`, `file:`, `data:`, `javascript:`), `www.` hosts and bare
 * `host.tld/path` forms. Every char is visited a bounded number of times: linear time.
 * Trailing prose punctuation and unbalanced closing brackets are not part of a URL.
 *
 * @example
 * findUrls('see https://example.com/a.') // [{ start: 4, end: 25, kind: 'scheme', scheme: 'https' }]
 */
export function findUrls(text: string): UrlCandidate[] {
  const out: UrlCandidate[] = [];
  let lastEnd = 0;
  // Three anchor streams, each advanced with indexOf (memchr-fast): ':' (schemes), '/' (bare
  // host/path), 'www.' (either case). The earliest anchor is handled first.
  let colon = text.indexOf(':');
  let slash = text.indexOf('/');
  let wwwLower = text.indexOf('www.');
  let wwwUpper = text.indexOf('WWW.');
  let www = minAnchor(wwwLower, wwwUpper, -1);
  const nextWww = (from: number): number => {
    if (wwwLower >= 0 && wwwLower < from) wwwLower = text.indexOf('www.', from);
    if (wwwUpper >= 0 && wwwUpper < from) wwwUpper = text.indexOf('WWW.', from);
    return wwwLower < 0 && wwwUpper < 0 ? -1 : minAnchor(wwwLower, wwwUpper, -1);
  };
  while (colon >= 0 || slash >= 0 || www >= 0) {
    const at = minAnchor(colon, slash, www);
    let found: UrlCandidate | undefined;
    if (at === colon) {
      found = schemeAt(text, at, lastEnd);
      colon = text.indexOf(':', at + 1);
    } else if (at === slash) {
      found = bareAt(text, at, lastEnd);
      slash = text.indexOf('/', at + 1);
    } else {
      found = at >= lastEnd ? wwwAt(text, at) : undefined;
      www = nextWww(at + 1);
    }
    if (found && found.end > found.start) {
      out.push(found);
      lastEnd = found.end;
      if (colon >= 0 && colon < lastEnd) colon = text.indexOf(':', lastEnd);
      if (slash >= 0 && slash < lastEnd) slash = text.indexOf('/', lastEnd);
      if (www >= 0 && www < lastEnd) www = nextWww(lastEnd);
    }
  }
  return out;
}

function minAnchor(a: number, b: number, c: number): number {
  let m = Number.MAX_SAFE_INTEGER;
  if (a >= 0 && a < m) m = a;
  if (b >= 0 && b < m) m = b;
  if (c >= 0 && c < m) m = c;
  return m;
}

function schemeAt(text: string, colon: number, lastEnd: number): UrlCandidate | undefined {
  let s = colon;
  while (s > 0 && colon - s < MAX_SCHEME && isAsciiLetter(text.charCodeAt(s - 1))) s--;
  if (s === colon || s < lastEnd) return undefined;
  if (s > 0 && isWordish(text.charCodeAt(s - 1))) return undefined;
  const scheme = text.slice(s, colon).toLowerCase();
  if (HIER_SCHEMES.has(scheme)) {
    const slashes = text.charCodeAt(colon + 1) === 47 && (scheme === 'file' || text.charCodeAt(colon + 2) === 47);
    if (!slashes) return undefined;
    const end = urlEnd(text, colon + 1, text.charCodeAt(s - 1), false);
    return end > colon + 3 ? { start: s, end, kind: 'scheme', scheme } : undefined;
  }
  if (!OPAQUE_SCHEMES.has(scheme)) return undefined;
  if (scheme === 'data' && !dataHeaderAt(text, colon + 1)) return undefined;
  const first = text.charCodeAt(colon + 1);
  if (Number.isNaN(first) || isSpace(first)) return undefined;
  const end = urlEnd(text, colon + 1, text.charCodeAt(s - 1), true);
  return end > colon + 1 ? { start: s, end, kind: 'scheme', scheme } : undefined;
}

/** `data:` must be followed by a media type (`type/sub` then `;` or `,`) or directly by `,`/`;base64,`. */
function dataHeaderAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 44) return true;
  if (c === 59) return text.startsWith(';base64,', i);
  let j = i;
  while (j < text.length && j - i < 40 && isAsciiLetter(text.charCodeAt(j))) j++;
  if (j === i || text.charCodeAt(j) !== 47) return false;
  let k = j + 1;
  while (k < text.length && k - j < 80 && isMediaChar(text.charCodeAt(k))) k++;
  const after = text.charCodeAt(k);
  return k > j + 1 && (after === 44 || after === 59);
}

function wwwAt(text: string, i: number): UrlCandidate | undefined {
  if (i > 0 && (isHostChar(text.charCodeAt(i - 1)) || isPathChar(text.charCodeAt(i - 1)))) return undefined;
  const w = text.charCodeAt(i + 1) | 32;
  if (w !== 119 || (text.charCodeAt(i + 2) | 32) !== 119 || text.charCodeAt(i + 3) !== 46) return undefined;
  if (!isAsciiAlnum(text.charCodeAt(i + 4))) return undefined;
  const end = urlEnd(text, i, text.charCodeAt(i - 1), false);
  const host = text.slice(i + 4, hostEnd(text, i + 4, end));
  return host.includes('.') ? { start: i, end, kind: 'www', scheme: 'http' } : undefined;
}

/** A `/` preceded by `host.tld`: look back over host chars to the start of the host. */
function bareAt(text: string, slash: number, lastEnd: number): UrlCandidate | undefined {
  if (slash === 0 || !isHostChar(text.charCodeAt(slash - 1))) return undefined;
  let s = slash;
  while (s > lastEnd && slash - s <= MAX_HOST && isHostChar(text.charCodeAt(s - 1))) s--;
  if (slash - s > MAX_HOST || s < lastEnd) return undefined;
  if (s > 0 && (isPathChar(text.charCodeAt(s - 1)) || isWordish(text.charCodeAt(s - 1)))) return undefined;
  const host = text.slice(s, slash);
  if (!plausibleHost(host)) return undefined;
  const end = urlEnd(text, slash, text.charCodeAt(s - 1), false);
  if (end <= slash + 1) return undefined;
  // `10.0.0.0/8` is a CIDR block and `1.2.3.4/5` a version: an IP path must hold a letter.
  if (isDigit(host.charCodeAt(host.length - 1)) && !hasLetter(text, slash + 1, end)) return undefined;
  return { start: s, end, kind: 'bare', scheme: 'http' };
}

/** `a.b.tld` with a known TLD, or a dotted IPv4, and sane labels. */
function plausibleHost(host: string): boolean {
  if (host.length < 4 || host.startsWith('.') || host.endsWith('.') || host.startsWith('-')) return false;
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-'))) return false;
  const tld = labels.at(-1)!.toLowerCase();
  if (BARE_TLDS.has(tld) || (tld.startsWith('xn--') && tld.length > 5)) return true;
  return labels.length === 4 && labels.every((l) => l.length <= 3 && [...l].every((ch) => ch >= '0' && ch <= '9') && Number(l) <= 255);
}

function hostEnd(text: string, from: number, end: number): number {
  let j = from;
  while (j < end && isHostChar(text.charCodeAt(j))) j++;
  return j;
}

/**
 * End of a URL starting before `from`: stops at whitespace, quotes and angle brackets (opaque
 * data:/javascript: bodies may hold `<`, `>` and `'`), at an unbalanced `)`/`]`, at the
 * quote that opened it; then drops trailing prose punctuation.
 */
function urlEnd(text: string, from: number, opener: number, opaque: boolean): number {
  let paren = 0;
  let bracket = 0;
  let j = from;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === opener && (c === 34 || c === 39 || c === 96)) break;
    if (opaque ? isOpaqueStop(c) : isStop(c)) break;
    if (c === 40) paren++;
    else if (c === 41) {
      if (paren === 0) break;
      paren--;
    } else if (c === 91) bracket++;
    else if (c === 93) {
      if (bracket === 0) break;
      bracket--;
    }
  }
  while (j > from && isTrailing(text.charCodeAt(j - 1))) j--;
  return j;
}

function isStop(c: number): boolean {
  if (c <= 32) return true;
  if (c < 128) return c === 34 || c === 39 || c === 60 || c === 62 || c === 96 || c === 123 || c === 125 || c === 124 || c === 92 || c === 94 || c === 127;
  return isUnicodeStop(c);
}

function isOpaqueStop(c: number): boolean {
  if (c <= 32) return true;
  if (c < 128) return c === 34 || c === 96 || c === 127;
  return isUnicodeStop(c);
}

/** Unicode spaces, C1 controls, quotes, CJK/fullwidth punctuation and the ellipsis end a URL. */
function isUnicodeStop(c: number): boolean {
  return (
    c <= 0xa0 ||
    c === 0xab ||
    c === 0xbb ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    (c >= 0x2018 && c <= 0x201f) ||
    c === 0x2026 ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    (c >= 0x3000 && c <= 0x3011) ||
    c === 0xff08 ||
    c === 0xff09 ||
    c === 0xff0c ||
    c === 0xff1a ||
    c === 0xff1b ||
    c === 0xfffd
  );
}

function isTrailing(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 42 || c === 95 || c === 126 || c === 39;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hasLetter(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isAsciiLetter(text.charCodeAt(i))) return true;
  return false;
}

function isAsciiAlnum(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57);
}

/** Letters, digits, '-', '.', and letters of Latin-like scripts (IDN and homograph hosts). */
function isHostChar(c: number): boolean {
  if (c < 128) return isAsciiAlnum(c) || c === 45 || c === 46;
  const script = scriptOf(c);
  return script !== 'other' && (script !== 'common' || (c >= 0x300 && c <= 0x36f));
}

/** Chars that, right before a host, make it part of a path, an address or an identifier. */
function isPathChar(c: number): boolean {
  return c === 47 || c === 64 || c === 58 || c === 46 || c === 92 || c === 95 || c === 37 || c === 126 || c === 36 || c === 45;
}

function isWordish(c: number): boolean {
  return isAsciiAlnum(c) || c === 95 || c === 45 || c === 46;
}

function isMediaChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 45 || c === 46 || c === 43 || c === 95;
}

function isSpace(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
}
