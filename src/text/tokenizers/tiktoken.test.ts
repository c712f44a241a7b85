import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { loadTokenizer } from './index.js';
import { loadTiktoken, type TiktokenEncoding } from './tiktoken.js';

const SAMPLES = [
  '',
  'Hello, world!',
  "I'll've DON'T you're WE'RE they'd 'S 'll",
  'The quick brown fox jumps over the lazy dog. 1234567890 3.14159 1,000,000',
  'function f(x) {\n\treturn x ** 2; // square\n}\n\n\n    indented\r\n\r\nwindows line',
  '{"id": 17, "text": "naïve café — résumé", "tags": ["a", "b"]}',
  '日本語のテキストと中文文本，还有한국어 텍스트。',
  'emoji: 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ 🤖🤖🤖 ✨',
  'combining: e\u0301 a\u0308 ñ vs n\u0303, Hindi: नमस्ते दुनिया, Arabic: مرحبا بالعالم',
  'spaces:          ten, tabs:\t\t\t\t, mixed: \t \t  \n \n\n  \u00a0\u2003\u3000 end   ',
  'trailing spaces     ',
  '     leading spaces',
  '<|endoftext|> is plain text here, so is <|fim_prefix|>',
  'lone surrogate \ud800 and \udc00x and a pair \ud83d\ude00',
  'URL https://example.com/path?q=1&r=2#frag and email a.b@c.org',
  'ALLCAPS WORDS AND CamelCaseIdentifiers with snake_case_names',
  '$$$ ### @@@ !!! ??? ... ,,, ;;; ::: ((( ))) [[[ ]]] {{{ }}}',
  // Pieces longer than the 64-byte scan limit take the heap path; js-tiktoken is quadratic on
  // them, so they stay at a few hundred bytes here.
  'a'.repeat(700),
  ' '.repeat(500) + 'x',
  '='.repeat(400) + '\n' + '-'.repeat(300),
  '漢字'.repeat(120),
  'ab'.repeat(200) + ' ' + '🙂'.repeat(80),
  '0123456789'.repeat(40),
];

/** Random text from a mixed alphabet: ASCII, whitespace kinds, accents, CJK, emoji. */
function randomTexts(count: number, seed: number): string[] {
  const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ' ', ' ', ' ', '\n', '\t', '\r\n', "'s", "'LL", '.', ',', '!', '-', '_', '/', '(', ')', '"', 'é', 'ß', 'Ω', 'ж', '中', '文', 'の', '한', '🙂', '👍🏽', '\u0301', '\u00a0', '\u2003', '😀', '٣', '½'];
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const n = Math.floor(rand() * 200);
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)]!;
    return s;
  });
}

describe.each([
  ['o200k_base', o200k],
  ['cl100k_base', cl100k],
] as const)('%s', (name, ranks) => {
  let mine: TiktokenEncoding;
  let reference: Tiktoken;
  beforeAll(async () => {
    mine = await loadTiktoken(name);
    reference = new Tiktoken(ranks);
  });

  it('gives js-tiktoken ids on varied text (unicode, emoji, whitespace runs, long pieces)', () => {
    for (const text of SAMPLES) {
      const expected = reference.encode(text, [], []);
      expect(mine.encode(text), JSON.stringify(text.slice(0, 40))).toEqual(expected);
      expect(mine.count(text)).toBe(expected.length);
    }
  });

  it('gives js-tiktoken ids on random mixed-script text', () => {
    for (const text of randomTexts(300, name === 'o200k_base' ? 1 : 2)) {
      expect(mine.encode(text), JSON.stringify(text)).toEqual(reference.encode(text, [], []));
    }
  });

  it('counts the same with a warm cache as cold (results never depend on the cache)', async () => {
    const text = SAMPLES.join('\n');
    const first = mine.count(text);
    expect(mine.count(text)).toBe(first);
    expect(first).toBe(reference.encode(text, [], []).length);
  });

  it('decodes what it encodes', () => {
    // With the u flag the class matches lone surrogates only; those decode to U+FFFD.
    for (const text of SAMPLES.filter((t) => !/[\ud800-\udfff]/u.test(t))) {
      expect(mine.decode(mine.encode(text))).toBe(text);
    }
  });

  it('treats U+0085 as whitespace and U+FEFF as a symbol, as tiktoken\'s Rust regex does', () => {
    // White_Space spelled out, independent of the pattern translation under test.
    const ws = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
    const pattern = ranks.pat_str.replaceAll('\\s', `[${ws}]`).replaceAll('\\S', `[^${ws}]`).replaceAll(`[^[${ws}]`, `[^${ws}`);
    const text = 'one a \u0085b two !!\u0085!! ..\ufeff.. three\ufeff four \ufeff\ufeffword.\u0085';
    const pieces = [...text.matchAll(new RegExp(pattern, 'gu'))].map((m) => m[0]);
    expect(pieces.join('')).toBe(text);
    const expected = pieces.flatMap((piece) => reference.encode(piece, [], []));
    expect(mine.encode(text)).toEqual(expected);
    // js-tiktoken reads \s the JavaScript way and splits differently here.
    expect(reference.encode(text, [], [])).not.toEqual(expected);
  });
});

describe('long pieces', () => {
  it('encodes a 60 KB piece without spaces quickly and losslessly', async () => {
    const enc = await loadTiktoken('o200k_base');
    const text = '漢字かなカナ'.repeat(3500);
    const started = performance.now();
    const ids = enc.encode(text);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(enc.decode(ids)).toBe(text);
    expect(enc.count(text)).toBe(ids.length);
  });
});

describe('loadTokenizer', () => {
  it('loads encodings by name and rejects unknown names with the choices', async () => {
    const tok = await loadTokenizer('o200k_base');
    expect(tok.name).toBe('o200k_base');
    expect(tok.vocabSize).toBe(200019);
    await expect(loadTokenizer('p50k_base')).rejects.toThrow(/o200k_base or cl100k_base/);
  });
});
