import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../test/helpers.js';
import { HfBpeTokenizer, loadHfTokenizer } from './hf-tokenizer.js';
import { loadTokenizer } from './index.js';
import { gpt2ByteTable, referenceEncode, tiktokenToBpe, tokenizerJson, trainBpe, type TrainedBpe } from './test-helpers/bpe-reference.js';

const CORPUS = [
  'The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs.',
  'Tokenizers split text into pieces, then merge bytes into tokens: the the the there then.',
  "It's what they're doing, we've seen it, I'm sure you'll agree, he'd say.",
  'Numbers 123 4567 89, 2024-01-01, and café, naïve, résumé, 日本語, 中文, emoji 🙂🙂.',
  'function merge(a, b) { return a + b; }  // code, too\n\n\tindented line\n',
];

const TEXTS = [
  'The lazy fox merges the tokens.',
  "they're sure it's there, I'll merge",
  'code: return a + b;\n\n\t  spaced   out  ',
  'café naïve 日本語 🙂 unknown: ξψω',
  'Numbers 2024 and 1234567',
  '',
  '   ',
];

describe('a hand-built tokenizer.json', () => {
  const table = gpt2ByteTable();
  const vocab: Record<string, number> = {};
  for (let b = 0; b < 256; b++) vocab[table[b]!] = b;
  Object.assign(vocab, { he: 256, ll: 257, hell: 258, 'Ġw': 259, aa: 260, bc: 261, ab: 262 });
  const bpe: TrainedBpe = {
    vocab,
    merges: [
      ['h', 'e'],
      ['l', 'l'],
      ['he', 'll'],
      ['Ġ', 'w'],
      ['b', 'c'],
      ['a', 'b'],
      ['a', 'a'],
    ],
  };
  const tok = new HfBpeTokenizer(tokenizerJson(bpe), 'hand.json');

  it('gives the ids worked out by hand', () => {
    // "hello" → h e l l o → he l l o → he ll o → hell o; " world" → Ġw o r l d.
    expect(tok.encode('hello world')).toEqual([258, 111, 259, 111, 114, 108, 100]);
    // Lower rank first, not leftmost first: (b,c) has rank 4, (a,b) rank 5.
    expect(tok.encode('abc')).toEqual([97, 261]);
    // Equal ranks: the leftmost pair merges first.
    expect(tok.encode('aaa')).toEqual([260, 97]);
    expect(tok.decode(tok.encode('hello world'))).toBe('hello world');
  });
});

describe('a tokenizer.json trained by the reference trainer', () => {
  let bpe: TrainedBpe;
  beforeAll(() => {
    bpe = trainBpe(CORPUS, 300);
    expect(bpe.merges.length).toBeGreaterThan(100);
  });

  it('matches the reference encoder (GPT-2 ByteLevel with its regex)', () => {
    const tok = new HfBpeTokenizer(tokenizerJson(bpe), 'trained.json');
    for (const text of [...TEXTS, ...CORPUS]) expect(tok.encode(text), text).toEqual(referenceEncode(text, bpe));
  });

  it('matches with add_prefix_space, as GPT-NeoX-style files set it', () => {
    const json = tokenizerJson(bpe, { pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true }, normalizer: { type: 'NFC' } });
    const tok = new HfBpeTokenizer(json, 'prefix.json');
    for (const text of TEXTS) expect(tok.encode(text), text).toEqual(referenceEncode(text.normalize('NFC'), bpe, { addPrefixSpace: true }));
  });

  it('matches a Llama-3 style Split pattern with (?i:...) and ignore_merges', () => {
    const pattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    // The reference spells the case-insensitive group out by hand.
    const split = /'[sSſ]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD]|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;
    const json = tokenizerJson(bpe, {
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'Split', pattern: { Regex: pattern }, behavior: 'Isolated', invert: false },
          { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
        ],
      },
    });
    (json.model as Record<string, unknown>).ignore_merges = true;
    const tok = new HfBpeTokenizer(json, 'llama3-style.json');
    for (const text of [...TEXTS, "WE'RE SURE IT'S THEIR'S", 'x12345678y']) {
      expect(tok.encode(text), text).toEqual(referenceEncode(text, bpe, { split, ignoreMerges: true }));
    }
  });

  it('refuses a Split pattern with catastrophic backtracking, naming the file and field', () => {
    const json = tokenizerJson(bpe, { pre_tokenizer: { type: 'Split', pattern: { Regex: '(\\p{L}+)+x' }, behavior: 'Isolated', invert: false } });
    let error: unknown;
    try {
      new HfBpeTokenizer(json, 'evil.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'W_CONFIG_INVALID' });
    expect((error as Error).message).toMatch(/^evil\.json: pre_tokenizer\.pattern\.Regex: pre-tokenizer pattern is unsafe \(exponential backtracking/);
  });

  it('loads from a file and from a model folder', async () => {
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(bpe)));
    const fromFile = await loadHfTokenizer(join(dir, 'tokenizer.json'));
    const fromDir = await loadTokenizer(dir);
    expect(fromFile.encode(TEXTS[0]!)).toEqual(referenceEncode(TEXTS[0]!, bpe));
    expect(fromDir.encode(TEXTS[1]!)).toEqual(referenceEncode(TEXTS[1]!, bpe));
    expect(fromFile.count(TEXTS[2]!)).toBe(referenceEncode(TEXTS[2]!, bpe).length);
  });
});

let dir: string;
useTempDir((path) => (dir = path));

describe('cl100k_base converted to a tokenizer.json', () => {
  let tok: HfBpeTokenizer;
  let reference: Tiktoken;
  beforeAll(() => {
    const bpe = tiktokenToBpe(cl100k);
    const json = tokenizerJson(bpe, {
      added_tokens: Object.entries(cl100k.special_tokens).map(([content, id]) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'Split', pattern: { Regex: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" }, behavior: 'Isolated', invert: false },
          { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
        ],
      },
    });
    (json.model as Record<string, unknown>).ignore_merges = true;
    tok = new HfBpeTokenizer(json, 'cl100k.json');
    reference = new Tiktoken(cl100k);
  }, 120_000);

  it('gives the same ids as js-tiktoken', () => {
    const texts = [
      ...CORPUS,
      ...TEXTS,
      "DON'T you're WE'LL 'S",
      '日本語のテキストと中文文本，还有한국어 텍스트。 👨‍👩‍👧‍👦 🇫🇷',
      'spaces:          ten\t\t\ttabs \r\n\r\n end   ',
      '{"json": [1, 2.5, "x"], "deep": {"k": null}}',
      'a'.repeat(300) + ' ' + '漢字'.repeat(60),
    ];
    for (const text of texts) expect(tok.encode(text), text).toEqual(reference.encode(text, [], []));
  });

  it('splits out special tokens as added tokens, like tiktoken with allowed_special="all"', () => {
    const text = 'one<|endoftext|>two <|fim_prefix|> three';
    expect(tok.encode(text)).toEqual(reference.encode(text, 'all'));
    expect(tok.encode(text)).toContain(100257);
    expect(tok.decode(tok.encode(text))).toBe(text);
  });
});

describe('added tokens, normalizers and pre-tokenizer behaviours', () => {
  let bpe: TrainedBpe;
  beforeAll(() => (bpe = trainBpe(CORPUS, 80)));
  const added = (content: string, id: number, extra: Record<string, unknown> = {}) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true, ...extra });

  it('honours lstrip, rstrip and single_word', () => {
    const json = tokenizerJson(bpe, { added_tokens: [added('<mask>', 5000, { lstrip: true }), added('<sep>', 5001, { rstrip: true }), added('tok', 5002, { single_word: true })] });
    const tok = new HfBpeTokenizer(json, 'added.json');
    expect(tok.encode('a <mask>')).toEqual([...referenceEncode('a', bpe), 5000]);
    expect(tok.encode('<sep>   b')).toEqual([5001, ...referenceEncode('b', bpe)]);
    expect(tok.encode('tok tokens')).toEqual([5002, ...referenceEncode(' tokens', bpe)]);
    expect(tok.vocabSize).toBe(5003);
  });

  it('matches normalized added tokens after the normalizer', () => {
    const json = tokenizerJson(bpe, { normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Lowercase' }] }, added_tokens: [added('HELLO', 7000, { normalized: true, special: false })] });
    const tok = new HfBpeTokenizer(json, 'norm.json');
    expect(tok.encode('Hello THE')).toEqual([7000, ...referenceEncode(' the', bpe)]);
    expect(tok.encode('Cafe\u0301')).toEqual(referenceEncode('café', bpe));
  });

  it.each([
    ['Removed', ['the', 'final', 'countdown']],
    ['Isolated', ['the', '-', 'final', '-', '-', 'countdown']],
    ['MergedWithPrevious', ['the-', 'final-', '-', 'countdown']],
    ['MergedWithNext', ['the', '-final', '-', '-countdown']],
    ['Contiguous', ['the', '-', 'final', '--', 'countdown']],
  ])('Split behaviour %s cuts "the-final--countdown" as Hugging Face documents', (behavior, pieces) => {
    const json = tokenizerJson(bpe, {
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { String: '-' }, behavior, invert: false }, { type: 'ByteLevel', add_prefix_space: false, use_regex: false }] },
    });
    const tok = new HfBpeTokenizer(json, 'split.json');
    const expected = pieces.flatMap((piece) => referenceEncode(piece, bpe, { split: /[^]+/gu }));
    expect(tok.encode('the-final--countdown')).toEqual(expected);
  });

  it('isolates digits with a Digits pre-tokenizer', () => {
    const json = tokenizerJson(bpe, { pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Digits', individual_digits: true }, { type: 'ByteLevel', add_prefix_space: false, use_regex: false }] } });
    const tok = new HfBpeTokenizer(json, 'digits.json');
    expect(tok.encode('ab123')).toEqual(['ab', '1', '2', '3'].flatMap((p) => referenceEncode(p, bpe, { split: /[^]+/gu })));
  });
});

describe('unsupported tokenizer.json features fail with the field named', () => {
  const base = () => tokenizerJson(trainBpe(CORPUS.slice(0, 1), 5));
  const cases: [string, (json: Record<string, unknown>) => void, RegExp][] = [
    ['Unigram model', (j) => (j.model = { type: 'Unigram', vocab: [['a', 0]] }), /model\.type "Unigram" is not supported/],
    ['WordPiece model', (j) => (j.model = { type: 'WordPiece', vocab: {} }), /model\.type "WordPiece"/],
    ['byte fallback', (j) => ((j.model as Record<string, unknown>).byte_fallback = true), /model\.byte_fallback/],
    ['dropout', (j) => ((j.model as Record<string, unknown>).dropout = 0.1), /model\.dropout/],
    ['Bert normalizer', (j) => (j.normalizer = { type: 'BertNormalizer' }), /normalizer\.type "BertNormalizer"/],
    ['nested unknown normalizer', (j) => (j.normalizer = { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Precompiled' }] }), /normalizer\.normalizers\[1\]\.type "Precompiled"/],
    ['Metaspace pre-tokenizer', (j) => (j.pre_tokenizer = { type: 'Metaspace' }), /pre_tokenizer\.type "Metaspace"/],
    ['no ByteLevel step', (j) => (j.pre_tokenizer = { type: 'Digits' }), /no ByteLevel step/],
    ['Metaspace decoder', (j) => (j.decoder = { type: 'Metaspace' }), /decoder\.type "Metaspace"/],
    ['possessive quantifier', (j) => (j.pre_tokenizer = { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { Regex: '\\p{L}++' } }, { type: 'ByteLevel' }] }), /possessive/],
    ['merge of unknown tokens', (j) => ((j.model as { merges: string[] }).merges = ['zz qq']), /model\.merges\[0\]: "zz" is not in model\.vocab/],
    ['malformed merge', (j) => ((j.model as { merges: string[] }).merges = ['a b c']), /model\.merges\[0\] must be/],
  ];
  it.each(cases)('%s', (_name, mutate, message) => {
    const json = base();
    mutate(json);
    let error: unknown;
    try {
      new HfBpeTokenizer(json, 'bad.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as { code?: string }).code).toBe('W_CONFIG_INVALID');
  });

  it('reports invalid JSON and a missing file', async () => {
    await writeFile(join(dir, 'broken.json'), '{"model": ');
    expect((await expectWardenError(loadHfTokenizer(join(dir, 'broken.json')))).code).toBe('W_CONFIG_PARSE');
    expect((await expectWardenError(loadHfTokenizer(join(dir, 'nope.json')))).code).toBe('W_IO_NOT_FOUND');
  });
});
