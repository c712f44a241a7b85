import { WardenError } from '../../core/errors.js';

/**
 * Pre-tokenizer patterns come from tiktoken (Rust `regex`/`fancy-regex`) and Hugging Face
 * `tokenizer.json` files (Oniguruma). JavaScript regexes with the `u` flag read most of them
 * the same, with these differences, which `compilePattern` rewrites:
 *
 * - `\s` is Unicode White_Space there; JavaScript's `\s` also matches U+FEFF and misses U+0085.
 *   `\s`/`\S` become `\p{White_Space}`/`\P{White_Space}`.
 * - `\d` and `\w` are Unicode-aware there: `\p{Nd}`, `[\p{L}\p{M}\p{Nd}\p{Pc}]`.
 * - `(?i:...)` groups (Llama-3, Qwen contractions) do not exist in Node 20: ASCII letters inside
 *   become classes of their case variants (including ſ for s and the Kelvin sign for k, which
 *   Unicode case folding adds).
 * - `\x{HHHH}` becomes `\u{HHHH}`.
 *
 * Constructs JavaScript cannot express or would read differently (possessive quantifiers, atomic
 * groups, `\b`, `\A`, `\z`, inline flags other than `(?i:`, nested classes and class set
 * operations) are rejected with an error naming the construct, never silently changed.
 */

/** The longest pattern accepted: real ones are a few hundred characters. */
export const MAX_PATTERN_LENGTH = 10_000;

/** GPT-2's pattern, which a ByteLevel pre-tokenizer with `use_regex: true` applies. */
export const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

const SYNTAX = '^$\\.*+?()[]{}|/';
const WORD = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
const FOLD_EXTRA: Record<string, string> = { s: '\u017f', k: '\u212a' };
const UNSUPPORTED_ESCAPES: Record<string, string> = {
  b: 'word boundary \\b',
  B: 'non-boundary \\B',
  A: 'start anchor \\A',
  z: 'end anchor \\z',
  Z: 'end anchor \\Z',
  G: 'anchor \\G',
  h: 'hex-digit class \\h',
  H: 'class \\H',
  K: 'keep-out \\K',
  R: 'linebreak \\R',
  X: 'grapheme cluster \\X',
  Q: 'quote \\Q',
  E: 'quote end \\E',
};

/**
 * Translates a tiktoken / Oniguruma pattern into JavaScript regex source (for the `u` flag).
 * `where` names the pattern in errors (a file and field).
 *
 * @example
 * translatePattern("(?i:'s)|\\s+", 'x'); // "(?:'[sS\u017f])|\\p{White_Space}+"
 */
export function translatePattern(pattern: string, where: string): string {
  if (pattern.length > MAX_PATTERN_LENGTH) throw bad(where, `pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  let out = '';
  let inClass = false;
  // Depth of the group stack, and which open groups are case-insensitive.
  const groups: boolean[] = [];
  const insensitive = () => groups.includes(true);
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      const e = chars[++i];
      if (e === undefined) throw bad(where, 'pattern ends with a lone backslash');
      out += translateEscape(chars, i, e, inClass, where, (skip) => (i += skip));
      continue;
    }
    if (inClass) {
      if (c === '[') throw bad(where, 'nested character classes ([[...]] or [[:alpha:]]) are not supported');
      if (c === '&' && chars[i + 1] === '&') throw bad(where, 'class intersection (&&) is not supported');
      if (c === ']') inClass = false;
      if (/^[a-zA-Z]$/.test(c) && insensitive()) {
        if (chars[i + 1] === '-' || chars[i - 1] === '-') throw bad(where, 'letter ranges inside (?i:...) are not supported');
        out += caseVariants(c);
        continue;
      }
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (chars[i + 1] === '^') out += chars[++i];
      // A ']' first in a class is a literal there, and must be escaped for JavaScript.
      if (chars[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(') {
      if (chars[i + 1] !== '?') {
        groups.push(false);
        out += c;
        continue;
      }
      const head = chars.slice(i, i + 4).join('');
      if (head.startsWith('(?i:')) {
        groups.push(true);
        out += '(?:';
        i += 3;
        continue;
      }
      if (head.startsWith('(?:') || head.startsWith('(?=') || head.startsWith('(?!') || head.startsWith('(?<=') || head.startsWith('(?<!')) {
        groups.push(false);
        out += c;
        continue;
      }
      if (head.startsWith('(?<') || head.startsWith('(?P<')) {
        groups.push(false);
        out += '(?:';
        i = skipGroupName(chars, i, where);
        continue;
      }
      if (head.startsWith('(?>')) throw bad(where, 'atomic groups (?>...) are not supported');
      throw bad(where, `inline flags or group kind "${head}" are not supported (only (?i:...), (?:...) and lookarounds)`);
    }
    if (c === ')') {
      groups.pop();
      out += c;
      continue;
    }
    if ((c === '+' || c === '*' || c === '?' || c === '}') && chars[i + 1] === '+') {
      throw bad(where, `possessive quantifier "${c}+" is not supported`);
    }
    if (/^[a-zA-Z]$/.test(c) && insensitive()) {
      out += `[${caseVariants(c)}]`;
      continue;
    }
    out += c;
  }
  if (inClass) throw bad(where, 'unterminated character class');
  return out;
}

function translateEscape(chars: string[], i: number, e: string, inClass: boolean, where: string, skip: (n: number) => void): string {
  switch (e) {
    case 's':
      return '\\p{White_Space}';
    case 'S':
      return '\\P{White_Space}';
    case 'd':
      return '\\p{Nd}';
    case 'D':
      return '\\P{Nd}';
    case 'w':
      return inClass ? WORD : `[${WORD}]`;
    case 'W':
      if (inClass) throw bad(where, '\\W inside a character class is not supported');
      return `[^${WORD}]`;
    case 'x': {
      if (chars[i + 1] !== '{') return '\\x';
      const close = chars.indexOf('}', i + 2);
      if (close < 0) throw bad(where, 'unterminated \\x{...}');
      const hex = chars.slice(i + 2, close).join('');
      if (!/^[0-9a-fA-F]{1,6}$/.test(hex)) throw bad(where, `bad escape \\x{${hex}}`);
      skip(close - i);
      return `\\u{${hex}}`;
    }
    case 'p':
    case 'P': {
      if (chars[i + 1] !== '{') throw bad(where, `\\${e} without {Name} is not supported`);
      const close = chars.indexOf('}', i + 2);
      if (close < 0) throw bad(where, `unterminated \\${e}{...}`);
      const name = chars.slice(i + 2, close).join('');
      skip(close - i);
      return `\\${e}{${propertyName(name, where)}}`;
    }
    default: {
      const why = UNSUPPORTED_ESCAPES[e];
      if (why) throw bad(where, `${why} is not supported`);
      if (/^[0-9]$/.test(e) && e !== '0') throw bad(where, `backreference \\${e} is not supported`);
      if (/^[A-Za-z0-9]$/.test(e) || SYNTAX.includes(e) || (inClass && e === '-')) return `\\${e}`;
      // Oniguruma allows escaping any character; with the u flag JavaScript only allows syntax characters.
      return e;
    }
  }
}

/** A Unicode property name JavaScript knows: a category or binary property as is, else a script. */
function propertyName(name: string, where: string): string {
  if (!/^[A-Za-z_=]{1,40}$/.test(name)) throw bad(where, `unknown Unicode property \\p{${name}}`);
  for (const candidate of [name, `Script=${name}`]) {
    try {
      new RegExp(`\\p{${candidate}}`, 'u');
      return candidate;
    } catch {
      // try the next spelling
    }
  }
  throw bad(where, `unknown Unicode property \\p{${name}}`);
}

function skipGroupName(chars: string[], i: number, where: string): number {
  const close = chars.indexOf('>', i);
  if (close < 0) throw bad(where, 'unterminated group name');
  return close;
}

function caseVariants(letter: string): string {
  const lower = letter.toLowerCase();
  return `${lower}${lower.toUpperCase()}${FOLD_EXTRA[lower] ?? ''}`;
}

function bad(where: string, message: string): WardenError {
  return new WardenError('W_CONFIG_INVALID', `unsupported pre-tokenizer pattern: ${message}`, { where });
}

/**
 * Compiles a tiktoken / Oniguruma pattern to a global Unicode JavaScript regex.
 *
 * @example
 * const re = compilePattern(GPT2_PATTERN, 'gpt2');
 * 'hi there'.match(re); // ['hi', ' there']
 */
export function compilePattern(pattern: string, where: string): RegExp {
  const source = translatePattern(pattern, where);
  try {
    return new RegExp(source, 'gu');
  } catch (cause) {
    throw new WardenError('W_CONFIG_INVALID', `pre-tokenizer pattern does not compile: ${(cause as Error).message}`, { where, cause });
  }
}

/**
 * Splits `text` into the pieces a pattern matches (Isolated behaviour with full coverage):
 * calls `onPiece(start, end, matched)` for every match and every gap between matches, in order.
 * Empty matches are skipped.
 *
 * @example
 * forEachSplit(/\d+/gu, 'a12b', (s, e, matched) => console.log(s, e, matched)); // 0 1 false, 1 3 true, 3 4 false
 */
export function forEachSplit(re: RegExp, text: string, onPiece: (start: number, end: number, matched: boolean) => void): void {
  re.lastIndex = 0;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (end === start) {
      // Step past an empty match by a whole code point, as the `u` flag requires.
      re.lastIndex = start + (text.codePointAt(start)! > 0xffff ? 2 : 1);
      if (re.lastIndex > text.length) break;
      continue;
    }
    if (start > last) onPiece(last, start, false);
    onPiece(start, end, true);
    last = end;
  }
  if (last < text.length) onPiece(last, text.length, false);
}
