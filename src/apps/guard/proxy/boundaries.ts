/**
 * Where a streamed text may be cut for release. Detectors judge whole lines and whole tokens:
 * a release point inside an unfinished line could hand out `curl https://x.sh` before `| bash`
 * arrives, one inside a token could hand out half a key. So a cut prefers the end of a
 * finished line; only when a line grows long does it fall back to the end of a sentence, then
 * to a word boundary (never inside an inline `code` span), and to any character only past a
 * hard cap (memory and latency stay bounded).
 */

export interface CutLimits {
  /** Unreleased text this long may be cut at a sentence end when no line boundary is free. */
  lineHold: number;
  /** Unreleased text this long may be cut at a word boundary. */
  wordHold: number;
  /** Unreleased text this long may be cut anywhere. */
  maxHold: number;
}

/**
 * The best release point in (from, limit] of `text`, or -1 when nothing should be released yet.
 *
 * @example
 * safeCut('ls -la\ncurl https://x.sh |', 0, 20, { lineHold: 1024, wordHold: 4096, maxHold: 16384 }); // 7
 */
export function safeCut(text: string, from: number, limit: number, limits: CutLimits): number {
  if (limit <= from) return -1;
  for (let i = text.lastIndexOf('\n', limit - 1); i >= from; i = i > 0 ? text.lastIndexOf('\n', i - 1) : -1) {
    if (!continues(text, i)) return i + 1;
  }
  const held = limit - from;
  if (held >= limits.lineHold) {
    const { sentence, word } = softBoundaries(text, from, limit);
    if (sentence !== -1) return sentence;
    if (held >= limits.wordHold && word !== -1) return word;
  }
  if (held >= limits.maxHold) {
    const code = text.charCodeAt(limit - 1);
    // Never split a surrogate pair.
    return code >= 0xd800 && code <= 0xdbff && limit - 1 > from ? limit - 1 : limit;
  }
  return -1;
}

/** The last sentence end and the last word boundary in (from, limit], outside inline code spans. */
function softBoundaries(text: string, from: number, limit: number): { sentence: number; word: number } {
  let sentence = -1;
  let word = -1;
  // Parity of backticks since the line start: odd means inside `code`.
  let inCode = false;
  for (let i = text.lastIndexOf('\n', from - 1) + 1; i < from; i++) if (text.charCodeAt(i) === 0x60) inCode = !inCode;
  for (let i = from; i < limit; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x60) inCode = !inCode;
    else if (code === 0x0a) inCode = false;
    else if (!inCode && isSpace(code) && i + 1 > from) {
      word = i + 1;
      const before = text[i - 1];
      if (before === '.' || before === '!' || before === '?') sentence = i + 1;
    }
  }
  return { sentence, word };
}

/** Whether the line ending at the newline `nl` continues on the next line (shell `\`, a trailing pipe or `&&`). */
export function continues(text: string, nl: number): boolean {
  let end = nl;
  while (end > 0 && (text[end - 1] === '\r' || text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  const last = text[end - 1];
  if (last === '\\') return true;
  if (last === '|') return true;
  return last === '&' && text[end - 2] === '&';
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

const PEM_BEGIN = '-----BEGIN ';
const PEM_END = '-----END ';
/** Upper-case delimiters only: `cout << endl` and `<< "text"` are not heredocs. */
const HEREDOC = /<<-?[ \t]*(['"]?)([A-Z_][A-Z0-9_]*)\1/g;

/**
 * Start of the earliest construct in text[from..] that is still open: a PEM block without its
 * END line, a heredoc without its terminator. Text from there on is held until it closes (or
 * the hard cap), because its detector needs it whole. -1 when none is open.
 *
 * @example
 * openConstructStart('key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIE', 0); // 5
 */
export function openConstructStart(text: string, from: number): number {
  let open = -1;
  const pem = text.lastIndexOf(PEM_BEGIN);
  if (pem >= from && text.indexOf(PEM_END, pem) === -1) open = pem;
  if (text.indexOf('<<', from) !== -1) {
    HEREDOC.lastIndex = from;
    for (let m = HEREDOC.exec(text); m; m = HEREDOC.exec(text)) {
      const lineEnd = text.indexOf('\n', m.index);
      const body = lineEnd === -1 ? '' : text.slice(lineEnd + 1);
      const closed = lineEnd !== -1 && body.split('\n').some((line) => line.trim() === m![2]);
      if (!closed) {
        const lineStart = text.lastIndexOf('\n', m.index) + 1;
        const start = Math.max(from, lineStart);
        open = open === -1 ? start : Math.min(open, start);
        break;
      }
    }
  }
  return open;
}
