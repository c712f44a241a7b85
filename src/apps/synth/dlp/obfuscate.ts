import type { Rng } from './prng.js';
import type { Obfuscation, SpanType } from './types.js';

/** Latin letters and the Cyrillic letters drawn the same (one UTF-16 unit each: lengths keep). */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  a: '\u0430', c: '\u0441', e: '\u0435', o: '\u043e', p: '\u0440', x: '\u0445', y: '\u0443', i: '\u0456',
  A: '\u0410', B: '\u0412', C: '\u0421', E: '\u0415', H: '\u041d', K: '\u041a', M: '\u041c', O: '\u041e', P: '\u0420', T: '\u0422', X: '\u0425',
};
const LATIN_OF: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(HOMOGLYPHS).map(([latin, cyr]) => [cyr, latin]));
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060'];
const ZW = /\u200b|\u200c|\u200d|\u2060/g;
const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const WORD_DIGIT: Readonly<Record<string, string>> = Object.fromEntries(DIGIT_WORDS.map((w, d) => [w, String(d)]));
const AT_DOT = [[' at ', ' dot '], [' [at] ', ' [dot] '], [' (at) ', ' (dot) ']] as const;

/**
 * Which value-level obfuscations fit a span type. `split` (a value cut across two messages of a
 * thread) is applied by record assembly, which knows the thread.
 */
export const OBFUSCATION_TYPES: Readonly<Record<Exclude<Obfuscation, 'none'>, readonly SpanType[]>> = {
  base64: ['EMAIL', 'PHONE', 'PAN', 'SSN', 'SECRET', 'DBURI', 'IBAN', 'IP', 'NAME', 'ADDR'],
  homoglyph: ['EMAIL', 'SECRET', 'DBURI', 'NAME', 'ADDR'],
  'zero-width': ['EMAIL', 'PHONE', 'PAN', 'SSN', 'SECRET', 'DBURI', 'IBAN', 'IP', 'NAME'],
  'spelled-digits': ['PAN', 'SSN', 'PHONE'],
  'at-dot': ['EMAIL'],
  split: ['PAN', 'SSN', 'PHONE', 'SECRET', 'IBAN'],
};

/**
 * The obfuscated form of a value: base64 of its UTF-8 bytes; Cyrillic homoglyphs for some
 * Latin letters; zero-width characters between characters; digits spelled out as words (groups
 * kept, "plus" for +); "at"/"dot" words for an e-mail's @ and dots.
 *
 * @example
 * obfuscateValue('at-dot', 'maria.lopez@acme.io', new Rng(1)); // e.g. 'maria dot lopez at acme dot io'
 */
export function obfuscateValue(kind: Exclude<Obfuscation, 'none' | 'split'>, value: string, rng: Rng): string {
  switch (kind) {
    case 'base64':
      return Buffer.from(value, 'utf8').toString('base64');
    case 'homoglyph': {
      const chars = [...value];
      const mappable = chars.flatMap((c, i) => (HOMOGLYPHS[c] ? [i] : []));
      if (mappable.length === 0) return value;
      const first = rng.pick(mappable);
      for (const i of mappable) if (i === first || rng.chance(0.4)) chars[i] = HOMOGLYPHS[chars[i]!]!;
      return chars.join('');
    }
    case 'zero-width': {
      const zw = rng.pick(ZERO_WIDTH);
      const step = rng.range(1, 4);
      let out = value[0] ?? '';
      for (let i = 1; i < value.length; i++) out += (i % step === 0 ? zw : '') + value[i];
      return out;
    }
    case 'spelled-digits': {
      const groups: string[] = [];
      let words: string[] = [];
      for (const c of value) {
        if (c >= '0' && c <= '9') words.push(DIGIT_WORDS[c.charCodeAt(0) - 48]!);
        else if (c === '+') words.push('plus');
        else if (words.length > 0) {
          groups.push(words.join(' '));
          words = [];
        }
      }
      if (words.length > 0) groups.push(words.join(' '));
      return groups.join(rng.pick([', ', ' - ', ' / ']));
    }
    case 'at-dot': {
      const [at, dot] = rng.pick(AT_DOT);
      return value.replace(/[@.]/g, (c) => (c === '@' ? at : dot));
    }
  }
}

/**
 * Undoes an obfuscation on the text a span covers, giving back the value (for PAN, SSN and
 * PHONE after spelled digits: their canonical digits). Undefined when the text is not in that
 * obfuscated form (e.g. not base64).
 *
 * @example
 * deobfuscate('spelled-digits', 'five one two, four four, seven eight two one'); // '512447821'
 */
export function deobfuscate(kind: Obfuscation, text: string): string | undefined {
  switch (kind) {
    case 'none':
    case 'split':
      return text;
    case 'base64': {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
      const decoded = Buffer.from(text, 'base64').toString('utf8');
      return Buffer.from(decoded, 'utf8').toString('base64') === text ? decoded : undefined;
    }
    case 'homoglyph':
      return text.replace(/[\u0400-\u04ff]/g, (c) => LATIN_OF[c] ?? c);
    case 'zero-width':
      return text.replace(ZW, '');
    case 'spelled-digits': {
      const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
      let out = '';
      for (const w of words) {
        if (w === 'plus' && out === '') out = '+';
        else if (WORD_DIGIT[w] !== undefined) out += WORD_DIGIT[w];
        else return undefined;
      }
      return out;
    }
    case 'at-dot':
      return text.replace(/ ?[[(](at|dot)[\])] ?| (at|dot) /g, (_m, a: string | undefined, b: string | undefined) => ((a ?? b) === 'at' ? '@' : '.'));
  }
}

/**
 * Where to cut a value for the `split` obfuscation: at a separator near the middle (the
 * separator is dropped) or, for a value without one (or when its separators are part of the
 * value, as in a key), in the middle.
 *
 * @example
 * splitPoint('4539 1488 0343 6467'); // [9, 10]
 */
export function splitPoint(value: string, atSeparator = true): [number, number] {
  const mid = value.length >> 1;
  let best = -1;
  if (!atSeparator) return [mid, mid];
  for (let i = 1; i < value.length - 1; i++) {
    if ((value[i] === ' ' || value[i] === '-') && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
  }
  return best > 0 ? [best, best + 1] : [mid, mid];
}
