import { asciiLookalike } from './confusables.js';
import { TRANSFORM_BITS, ViewBuilder, type View } from './view.js';

/**
 * Format and invisible characters attackers hide inside words: zero-width space/joiners,
 * bidi controls and isolates, word joiner and invisible operators, BOM, soft hyphen, combining
 * grapheme joiner, Mongolian vowel separator, Hangul fillers, variation selectors, tag chars.
 */
export function isInvisible(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x206f) ||
    cp === 0xfeff ||
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x180e ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x3164 ||
    cp === 0xffa0 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/g;

/**
 * The de-obfuscated view: invisible characters removed, each code point NFKC-normalised, and
 * non-ASCII look-alikes folded to ASCII (TR39 confusables). Returns undefined for pure-ASCII
 * text, where it would equal its base. Offsets compose: `base` may itself be a derived view.
 *
 * @example
 * normalizedView(originalView('cu\u200brl')).text; // 'curl'
 */
export function normalizedView(base: View): View | undefined {
  const text = base.text;
  if (!needsNormalizing(text)) return undefined;
  const builder = new ViewBuilder();
  const used = new Set<string>();
  let pending = 0;
  for (let i = 0; i < text.length; ) {
    if (text.charCodeAt(i) < 0x80) {
      // ASCII runs are copied whole; only the first char carries a pending 'invisible' flag.
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) < 0x80) j++;
      if (pending) {
        builder.pushRun(text, i, i + 1, base.starts, base.ends, pending);
        pending = 0;
        i++;
      }
      if (j > i) builder.pushRun(text, i, j, base.starts, base.ends);
      i = j;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const [start, end] = span(base, i, i + width);
    i += width;
    if (isInvisible(cp)) {
      pending |= TRANSFORM_BITS.invisible;
      used.add('invisible');
      continue;
    }
    const ch = String.fromCodePoint(cp);
    const nfkc = ch.normalize('NFKC');
    let flags = pending;
    pending = 0;
    if (nfkc !== ch) {
      flags |= TRANSFORM_BITS.nfkc;
      used.add('nfkc');
    }
    for (const c of nfkc) {
      const code = c.codePointAt(0)!;
      const ascii = code >= 0x80 ? asciiLookalike(code) : undefined;
      if (ascii !== undefined) {
        used.add('confusables');
        builder.push(ascii, start, end, flags | TRANSFORM_BITS.confusables);
      } else {
        builder.push(c, start, end, flags);
      }
    }
  }
  if (used.size === 0) return undefined;
  return builder.build(`${base.name === 'original' ? '' : `${base.name}+`}normalized`, [...base.transforms, ...order(used)], base.decoded, base.depth);
}

/** True when some non-ASCII char is invisible, changes under NFKC or has an ASCII look-alike. */
function needsNormalizing(text: string): boolean {
  // Most texts are (nearly) ASCII: a native regex search jumps from one non-ASCII char to the next.
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(text); m; m = NON_ASCII.exec(text)) {
    const cp = text.codePointAt(m.index)!;
    if (isInvisible(cp) || asciiLookalike(cp) !== undefined) return true;
    // NFKC of a lone code point; Latin-1 letters (é, ü) are NFKC-stable and common: skip the call.
    if (cp >= 0xc0 && cp <= 0xff) continue;
    const ch = String.fromCodePoint(cp);
    if (ch.normalize('NFKC') !== ch) return true;
  }
  return false;
}

/** Lower-cased view; offsets are kept exactly even where lower-casing changes length. */
export function casefoldView(base: View): View {
  const lower = base.text.toLowerCase();
  if (lower.length === base.text.length) return { ...base, name: `${base.name}+casefold`, text: lower, transforms: [...base.transforms, 'casefold'] };
  const builder = new ViewBuilder();
  for (let i = 0; i < base.text.length; ) {
    const cp = base.text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const [start, end] = span(base, i, i + width);
    builder.push(String.fromCodePoint(cp).toLowerCase(), start, end, TRANSFORM_BITS.casefold);
    i += width;
  }
  return builder.build(`${base.name}+casefold`, [...base.transforms, 'casefold'], base.decoded, base.depth);
}

/** Runs of whitespace (and shell line continuations `\\\n`) become one space. */
export function whitespaceView(base: View): View {
  const builder = new ViewBuilder();
  const text = base.text;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const continuation = c === 92 && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'));
    if (isSpace(c) || continuation) {
      const from = i;
      while (i < text.length && (isSpace(text.charCodeAt(i)) || (text.charCodeAt(i) === 92 && /^\\\r?\n/.test(text.slice(i, i + 3))))) {
        i += text.charCodeAt(i) === 92 ? (text[i + 1] === '\r' ? 3 : 2) : 1;
      }
      const [start, end] = span(base, from, i);
      builder.push(' ', start, end, i - from > 1 || c !== 32 ? TRANSFORM_BITS.whitespace : 0);
      continue;
    }
    const [start, end] = span(base, i, i + 1);
    builder.push(text[i]!, start, end);
    i++;
  }
  return builder.build(`${base.name}+whitespace`, [...base.transforms, 'whitespace'], base.decoded, base.depth);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

function span(base: View, start: number, end: number): [number, number] {
  if (!base.starts || !base.ends) return [start, end];
  return [base.starts[start]!, base.ends[end - 1]!];
}

function order(used: Set<string>): string[] {
  return ['invisible', 'nfkc', 'confusables'].filter((t) => used.has(t));
}
