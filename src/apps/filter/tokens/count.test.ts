import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import type { Rec } from '../../../io/record.js';
import { tokenizerJson, trainBpe, referenceEncode } from '../../../text/tokenizers/test-helpers/bpe-reference.js';
import { countTokens, type CountTokensOptions, type TokenCountReport } from './count.js';
import { parseTokenTarget } from './target.js';
import { makeTexts, writeHfDatasetDict, writeJsonl, writeParquet } from './test-helpers/datasets.js';

const reference = new Tiktoken(o200k);
const refCount = (text: string) => reference.encode(text, [], []).length;
const chars = (text: string) => [...text].length;
const fields = { text: 'text', id: 'id' };

let dir: string;
useTempDir((path) => (dir = path));

/** The parts of a report that must not depend on the worker count. */
function stable(report: TokenCountReport): unknown {
  const { workers: _w, wall_ms: _ms, tokens_per_s: _tps, ...rest } = report;
  return rest;
}

describe('countTokens over JSONL and Parquet files', () => {
  let a: Rec[];
  let b: Rec[];
  let c: Rec[];
  let options: CountTokensOptions;
  beforeEach(async () => {
    a = makeTexts(300, 1).map((text, i) => ({ id: `a-${i}`, text }));
    b = makeTexts(200, 2).map((text) => ({ text, other: 1 }));
    c = makeTexts(150, 3).map((text, i) => ({ id: `c-${i}`, text }));
    await writeJsonl(join(dir, 'in', 'a.jsonl'), a);
    await writeJsonl(join(dir, 'in', 'b.jsonl'), b);
    await writeParquet(join(dir, 'in', 'c.parquet'), c);
    // Small parts: the JSONL files are cut into several, so two workers really share the work.
    options = { inputs: [join(dir, 'in')], tokenizer: 'o200k_base', fields, onError: 'fail', partBytes: 4096 };
  });

  it('totals match js-tiktoken per file and overall, with chars as code points', async () => {
    const report = await countTokens({ ...options, workers: 1 });
    expect(report.total.parts).toBeGreaterThan(4);
    const expected = [a, b, c].map((records) => ({
      records: records.length,
      tokens: records.reduce((s, r) => s + refCount(r.text as string), 0),
      chars: records.reduce((s, r) => s + chars(r.text as string), 0),
    }));
    expect(report.files.map((f) => f.rel)).toEqual(['a.jsonl', 'b.jsonl', 'c.parquet']);
    report.files.forEach((file, i) => expect({ records: file.records, tokens: file.tokens, chars: file.chars }).toEqual(expected[i]));
    expect(report.total.tokens).toBe(expected.reduce((s, e) => s + e.tokens, 0));
    expect(report.total.records).toBe(650);
    expect(report.splits).toEqual([]);
  });

  it('gives identical totals and target record with 1 and 2 workers', async () => {
    const all = [...a, ...b, ...c];
    // The target falls inside b.jsonl, past several part boundaries.
    const at = 300 + 123;
    const target = all.slice(0, at + 1).reduce((s, r) => s + refCount(r.text as string), 0);
    const one = await countTokens({ ...options, workers: 1, target });
    const two = await countTokens({ ...options, workers: 2, target });
    expect(stable(two)).toEqual(stable(one));
    expect(two.workers).toBe(2);
    expect(one.target).toMatchObject({ reached: true, record: at + 1, rel: 'b.jsonl', file_record: 124, id: 'b.jsonl#123', cumulative: target });
  });

  it('reports the first record reaching the target, and "not reached" with the total', async () => {
    const firstTokens = refCount(a[0]!.text as string);
    const first = await countTokens({ ...options, workers: 1, target: 1 });
    expect(first.target).toMatchObject({ reached: true, record: 1, file_record: 1, id: 'a-0', cumulative: firstTokens });
    const last = await countTokens({ ...options, workers: 1, target: first.total.tokens });
    expect(last.target).toMatchObject({ reached: true, record: 650, rel: 'c.parquet', file_record: 150, id: 'c-149' });
    const beyond = await countTokens({ ...options, workers: 2, target: first.total.tokens + 10 });
    expect(beyond.target).toEqual({ tokens: first.total.tokens + 10, reached: false, total: first.total.tokens, missing: 10 });
  });

  it('fails on a bad JSONL line with file:line, or counts it as a reject with onError skip', async () => {
    await writeFile(join(dir, 'in', 'bad.jsonl'), '{"text": "fine"}\n{"text": broken\n{"id": 3}\n{"text": "also fine"}\n');
    const error = await expectWardenError(countTokens({ ...options, workers: 1 }));
    expect(error.code).toBe('W_IO_BAD_JSONL');
    expect(error.message).toContain('bad.jsonl:2');
    const report = await countTokens({ ...options, workers: 2, onError: 'skip' });
    const bad = report.files.find((f) => f.rel === 'bad.jsonl')!;
    expect(bad).toMatchObject({ records: 2, rejects: 2, tokens: refCount('fine') + refCount('also fine') });
  });

  it('fails clearly on a missing text column, an unknown tokenizer and no input', async () => {
    const missing = await expectWardenError(countTokens({ ...options, inputs: [join(dir, 'in', 'c.parquet')], fields: { text: 'body', id: 'id' } }));
    expect(missing.message).toMatch(/text column "body" is not in the schema/);
    const unknown = await expectWardenError(countTokens({ ...options, tokenizer: 'gpt5_base' }));
    expect(unknown.message).toMatch(/unknown tokenizer "gpt5_base"/);
    expect((await expectWardenError(countTokens({ ...options, inputs: [join(dir, 'nothing')] }))).code).toBe('W_IO_NOT_FOUND');
  });
});

describe('countTokens over a Hugging Face DatasetDict', () => {
  it('totals per split, honours --splits, and agrees across worker counts', async () => {
    const train = makeTexts(120, 4).map((text, i) => ({ id: `t${i}`, text }));
    const validation = makeTexts(40, 5).map((text, i) => ({ id: `v${i}`, text }));
    const path = await writeHfDatasetDict(join(dir, 'hf'), { train, validation });
    const base: CountTokensOptions = { inputs: [path], tokenizer: 'o200k_base', fields, onError: 'fail' };
    const one = await countTokens({ ...base, workers: 1 });
    const two = await countTokens({ ...base, workers: 2 });
    expect(stable(two)).toEqual(stable(one));
    const sum = (records: Rec[]) => records.reduce((s, r) => s + refCount(r.text as string), 0);
    expect(one.splits).toEqual([
      { split: 'train', records: 120, tokens: sum(train), chars: train.reduce((s, r) => s + chars(r.text as string), 0), rejects: 0 },
      { split: 'validation', records: 40, tokens: sum(validation), chars: validation.reduce((s, r) => s + chars(r.text as string), 0), rejects: 0 },
    ]);
    expect(one.files).toHaveLength(4);
    const onlyValidation = await countTokens({ ...base, splits: ['validation'], workers: 1, target: sum(validation) });
    expect(onlyValidation.total.tokens).toBe(sum(validation));
    expect(onlyValidation.target).toMatchObject({ reached: true, split: 'validation', id: 'v39', record: 40 });
  });
});

describe('countTokens with a tokenizer.json', () => {
  it('counts with the file in worker threads, as the reference encoder does', async () => {
    const texts = makeTexts(200, 6);
    const bpe = trainBpe(texts.slice(0, 50), 200);
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(bpe)));
    await writeJsonl(join(dir, 'd.jsonl'), texts.map((text) => ({ text })));
    const base: CountTokensOptions = { inputs: [join(dir, 'd.jsonl')], tokenizer: join(dir, 'tokenizer.json'), fields, onError: 'fail', partBytes: 2048 };
    const two = await countTokens({ ...base, workers: 2 });
    expect(two.total.tokens).toBe(texts.reduce((s, t) => s + referenceEncode(t, bpe).length, 0));
    expect(stable(await countTokens({ ...base, workers: 1 }))).toEqual(stable(two));
  });
});

describe('parseTokenTarget', () => {
  it.each([
    ['500e9', 500e9],
    ['5e11', 5e11],
    ['500000000000', 5e11],
    ['500B', 5e11],
    ['1.5T', 1.5e12],
    ['10M', 1e7],
    ['2k', 2000],
    ['1_000', 1000],
  ])('%s', (text, value) => expect(parseTokenTarget(text)).toBe(value));

  it.each(['0', '-5', 'abc', '1e99', '5X', ''])('rejects %s', (text) => expect(() => parseTokenTarget(text)).toThrow(/--target/));
});
