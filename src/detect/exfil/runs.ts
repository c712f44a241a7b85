/**
 * Linear scan for runs of base64/base64url/hex characters. One table lookup per char; runs
 * wrapped over lines (MIME/PEM style, 60+ chars a line) are joined; `=` padding ends a run.
 */

/** Char classes (bit flags) for ASCII. */
export const ALNUM = 1;
export const HEXDIGIT = 2;
export const STD = 4; // + /
export const URLSAFE = 8; // - _
export const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = ALNUM | HEXDIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = ALNUM | (c <= 70 ? HEXDIGIT : 0);
for (let c = 97; c <= 122; c++) CLASS[c] = ALNUM | (c <= 102 ? HEXDIGIT : 0);
CLASS[43] = STD;
CLASS[47] = STD;
CLASS[45] = URLSAFE;
CLASS[95] = URLSAFE;

export interface Run {
  start: number;
  /** End including `=` padding. */
  end: number;
  /** Encoded chars, line breaks and indentation excluded. */
  chars: number;
  /** Number of lines the run spans. */
  lines: number;
}

/** Shortest run worth a callback (DNS labels start at 31 chars). */
export const MIN_RUN = 31;
/** A line this long may continue on the next line. */
const WRAP_MIN = 60;

/**
 * Calls `onRun` for every run of at least MIN_RUN encoded chars, left to right. Each char is
 * read at most three times (skip probe, run scan, a rolled-back continuation): linear time.
 */
export function scanRuns(text: string, onRun: (run: Run) => void): void {
  const n = text.length;
  let i = 0;
  while (i + MIN_RUN <= n) {
    // Skip loop: a run of MIN_RUN chars starting in [i, probe] must cover `probe`, so when
    // `probe` is not an encoded char, jump past it (prose words are short: most of the text
    // is never read).
    const probe = i + MIN_RUN - 1;
    const p = text.charCodeAt(probe);
    if (p >= 128 || CLASS[p] === 0) {
      i = probe + 1;
      continue;
    }
    let s = probe;
    while (s > i && isEncoded(text.charCodeAt(s - 1))) s--;
    i = s;
    const start = i;
    let segStart = i;
    let chars = 0;
    let lines = 1;
    let goodEnd = i;
    let goodChars = 0;
    for (;;) {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d >= 128 || CLASS[d] === 0) break;
        i++;
      }
      const segLength = i - segStart;
      const next = text.charCodeAt(i);
      const lineEnds = i >= n || next === 10 || next === 13 || next === 61;
      // A continuation line must be a whole line of encoded chars (or the short last line).
      if (lines > 1 && !lineEnds) {
        i = goodEnd;
        chars = goodChars;
        lines--;
        break;
      }
      chars += segLength;
      goodEnd = i;
      goodChars = chars;
      if (segLength < WRAP_MIN || (next !== 10 && next !== 13)) break;
      let j = i + (next === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1);
      const lineStart = j;
      while (j < n && j - lineStart < 8 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      const d = text.charCodeAt(j);
      if (j >= n || d >= 128 || CLASS[d] === 0) break;
      i = j;
      segStart = j;
      lines++;
    }
    let end = i;
    while (end < n && end - i < 2 && text.charCodeAt(end) === 61) end++;
    if (chars >= MIN_RUN) onRun({ start, end, chars, lines });
    i = end > start ? end : start + 1;
  }
}

function isEncoded(c: number): boolean {
  return c < 128 && CLASS[c] !== 0;
}

const counts = new Int32Array(128);

export interface RunStats {
  entropy: number;
  upper: number;
  lower: number;
  digits: number;
  std: number;
  urlsafe: number;
  /** Chars outside 0-9a-fA-F. */
  nonHex: number;
  /** Letter↔digit switches (random data switches often, words and numbers rarely). */
  switches: number;
}

/** Entropy (bits/char) and class counts of the encoded chars in [start, end), padding excluded. */
export function runStats(text: string, start: number, end: number): RunStats {
  counts.fill(0);
  let total = 0;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let std = 0;
  let urlsafe = 0;
  let nonHex = 0;
  let switches = 0;
  let lastDigit = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || CLASS[c] === 0) continue;
    counts[c]!++;
    total++;
    const cls = CLASS[c]!;
    if (!(cls & HEXDIGIT)) nonHex++;
    if (cls & STD) std++;
    else if (cls & URLSAFE) urlsafe++;
    else {
      const digit = c <= 57 ? 1 : 0;
      if (digit) digits++;
      else if (c <= 90) upper++;
      else lower++;
      if (lastDigit >= 0 && lastDigit !== digit) switches++;
      lastDigit = digit;
    }
  }
  let entropy = 0;
  if (total > 0) {
    for (let c = 0; c < 128; c++) {
      const k = counts[c]!;
      if (k === 0) continue;
      const p = k / total;
      entropy -= p * Math.log2(p);
    }
  }
  return { entropy, upper, lower, digits, std, urlsafe, nonHex, switches };
}

/**
 * Entropy that uniformly random data of `n` symbols from an alphabet of `k` would show, less a
 * margin: the plug-in estimate falls short of log2(k) by about (k-1)/(2n ln 2) on short samples.
 */
export function randomEntropy(n: number, k: number, margin: number): number {
  return Math.log2(k) - (k - 1) / (2 * n * Math.LN2) - margin;
}
