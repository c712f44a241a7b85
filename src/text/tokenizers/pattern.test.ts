import { describe, expect, it } from 'vitest';
import { GPT2_PATTERN, compilePattern, translatePattern } from './pattern.js';

const pieces = (re: RegExp, text: string) => text.match(re) ?? [];

describe('translatePattern', () => {
  it('reads \\s as Unicode White_Space, not JavaScript\'s \\s', () => {
    const re = compilePattern('\\s+|\\S+', 't');
    expect(pieces(re, 'a\u0085b')).toEqual(['a', '\u0085', 'b']);
    expect(pieces(re, 'a\ufeffb')).toEqual(['a\ufeffb']);
  });

  it('expands (?i:...) into case classes, with the Unicode folds of s and k', () => {
    expect(translatePattern("(?i:'s|'ll)", 't')).toBe("(?:'[sSſ]|'[lL][lL])");
    const re = compilePattern("(?i:'s|'t)|\\p{L}+", 't');
    expect(pieces(re, "IT'S it'ſ")).toEqual(['IT', "'S", 'it', "'ſ"]);
  });

  it('makes \\d and \\w Unicode-aware and rewrites \\x{...}', () => {
    expect(pieces(compilePattern('\\d+', 't'), 'a٣٤b12')).toEqual(['٣٤', '12']);
    expect(pieces(compilePattern('\\w+', 't'), 'héllo wörld_1')).toEqual(['héllo', 'wörld_1']);
    expect(pieces(compilePattern('\\x{1F642}', 't'), 'a🙂b')).toEqual(['🙂']);
  });

  it('accepts Oniguruma identity escapes and script names', () => {
    expect(pieces(compilePattern("\\'\\p{Han}+", 't'), "x'漢字y")).toEqual(["'漢字"]);
  });

  it.each([
    ['\\bword', /word boundary/],
    ['(?>a)', /atomic/],
    ['a++', /possessive/],
    ['[[:alpha:]]', /nested character classes/],
    ['[a&&b]', /intersection/],
    ['(?i)abc', /inline flags/],
    ['(a)\\1', /backreference/],
    ['[abc', /unterminated/],
    ['\\p{NotAProperty}', /unknown Unicode property/],
  ])('rejects %s', (pattern, message) => {
    expect(() => translatePattern(pattern, 'tok.json')).toThrow(message);
  });

  it('keeps GPT-2\'s pattern working', () => {
    expect(pieces(compilePattern(GPT2_PATTERN, 't'), "Hello world's  123!")).toEqual(['Hello', ' world', "'s", ' ', ' 123', '!']);
  });
});
