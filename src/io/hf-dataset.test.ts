import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Bool, Field, Float64, Int64, List, Struct, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import { convert } from './convert.js';
import { featureOf, hfShardName, writeHfDatasetDict } from './hf-dataset.js';
import { resolveInputs, type InputFile } from './inputs.js';
import { partitionFile, readPart } from './parts.js';
import type { ReadOptions, Rec } from './record.js';
import { openRecordWriter } from './writer.js';
import { useTempDir } from '../../test/helpers.js';

const fields = { text: 'text', id: 'id' };
const opts: ReadOptions = { fields, onError: 'fail' };

let dir: string;
useTempDir((path) => (dir = path), 'warden-');

function rows(prefix: string, count: number): Rec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`, text: `${prefix} text ${i} — ünïcödé`, n: i, score: i + 0.5, flag: i % 2 === 0,
    meta: { source: prefix, tags: [`t${i}`] },
  }));
}

async function writeJsonl(path: string, records: Rec[]): Promise<void> {
  await writeFile(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

async function readFiles(files: InputFile[]): Promise<Rec[]> {
  const out: Rec[] = [];
  for (const file of files) {
    for (const part of await partitionFile(file)) for await (const batch of readPart(part, opts)) out.push(...batch.records);
  }
  return out;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WardenError);
  return (error as WardenError).code;
}

describe('Hugging Face save_to_disk layout', () => {
  it('convert to a folder writes one shard, dataset_info.json and state.json', async () => {
    const input = join(dir, 'in.jsonl');
    const records = rows('a', 5);
    await writeJsonl(input, records);
    const out = join(dir, 'ds');
    const result = await convert({ inputs: [input], output: out, fields, onError: 'fail' });
    expect(result.format).toBe('hf');
    expect(result.rows).toBe(5);
    expect(result.files).toEqual([join(out, 'data-00000-of-00001.arrow')]);
    expect((await readdir(out)).sort()).toEqual(['data-00000-of-00001.arrow', 'dataset_info.json', 'state.json']);

    const info = await readJson(join(out, 'dataset_info.json'));
    expect(info.features).toMatchObject({
      id: { dtype: 'string', _type: 'Value' },
      text: { dtype: 'string', _type: 'Value' },
      flag: { dtype: 'bool', _type: 'Value' },
      meta: { source: { dtype: 'string', _type: 'Value' }, tags: { feature: { dtype: 'string', _type: 'Value' }, _type: 'Sequence' } },
    });
    expect(Object.keys(info.features as object)).toEqual(['id', 'text', 'n', 'score', 'flag', 'meta']);
    const state = await readJson(join(out, 'state.json'));
    expect(state._data_files).toEqual([{ filename: 'data-00000-of-00001.arrow' }]);
    expect(state._split).toBeNull();
    expect(state._format_columns).toBeNull();
    expect(typeof state._fingerprint).toBe('string');

    const files = await resolveInputs([out]);
    expect(files.map((f) => [f.rel, f.format, f.compression])).toEqual([['data-00000-of-00001.arrow', 'arrow', 'none']]);
    expect(await readFiles(files)).toEqual(records);
  });

  // KNOWN BUG (hf-dataset.ts featureOf): the schema read back from the shard has Int_(64) and
  // Float(DOUBLE) types, not the Int64/Float64 subclasses, so `instanceof` misses them and
  // int64/float64 columns are described as strings; datasets.load_from_disk then rejects the
  // folder ("External features info don't match the dataset"). Remove `.fails` once fixed.
  it('dataset_info.json describes int64 and float64 columns with their dtypes', async () => {
    const input = join(dir, 'in.jsonl');
    await writeJsonl(input, rows('a', 2));
    const out = join(dir, 'ds');
    await convert({ inputs: [input], output: out, fields, onError: 'fail' });
    const info = await readJson(join(out, 'dataset_info.json'));
    expect(info.features).toMatchObject({ n: { dtype: 'int64', _type: 'Value' }, score: { dtype: 'float64', _type: 'Value' } });
  });

  it('equal inputs give an equal fingerprint', async () => {
    const input = join(dir, 'in.jsonl');
    await writeJsonl(input, rows('a', 3));
    await convert({ inputs: [input], output: join(dir, 'one'), fields, onError: 'fail' });
    await convert({ inputs: [input], output: join(dir, 'two'), fields, onError: 'fail' });
    const one = await readJson(join(dir, 'one', 'state.json'));
    const two = await readJson(join(dir, 'two', 'state.json'));
    expect(one._fingerprint).toBe(two._fingerprint);
  });

  it('maxShardBytes splits the output into data-0000i-of-0000N shards in order', async () => {
    const inputs: string[] = [];
    const all: Rec[] = [];
    for (const name of ['p0', 'p1', 'p2']) {
      const records = rows(name, 4);
      all.push(...records);
      inputs.push(join(dir, `${name}.jsonl`));
      await writeJsonl(inputs.at(-1)!, records);
    }
    const out = join(dir, 'sharded');
    // Every input file is one read batch; a limit of 1 byte starts a new shard for each.
    const result = await convert({ inputs, output: out, fields, onError: 'fail', maxShardBytes: 1 });
    const names = [0, 1, 2].map((i) => `data-0000${i}-of-00003.arrow`);
    expect(result.files).toEqual(names.map((n) => join(out, n)));
    expect((await readdir(out)).filter((n) => n.endsWith('.arrow')).sort()).toEqual(names);
    const state = await readJson(join(out, 'state.json'));
    expect(state._data_files).toEqual(names.map((filename) => ({ filename })));
    const files = await resolveInputs([out]);
    expect(files.map((f) => f.rel)).toEqual(names);
    expect(await readFiles(files)).toEqual(all);
  });

  it('reads a folder that mimics Python datasets.save_to_disk', async () => {
    const ds = join(dir, 'py_ds');
    await mkdir(ds);
    const records = rows('py', 3);
    const writer = await openRecordWriter(join(ds, 'data-00000-of-00001.arrow'), { format: 'arrow' });
    await writer.write(records);
    await writer.close();
    await writeFile(join(ds, 'state.json'), JSON.stringify({
      _data_files: [{ filename: 'data-00000-of-00001.arrow' }],
      _fingerprint: '5a6b1c2d3e4f5a6b',
      _format_columns: null,
      _format_kwargs: {},
      _format_type: null,
      _output_all_columns: false,
      _split: 'train',
    }, null, 2));
    await writeFile(join(ds, 'dataset_info.json'), JSON.stringify({
      citation: '', description: '', homepage: '', license: '',
      features: { id: { dtype: 'string', _type: 'Value' }, text: { dtype: 'string', _type: 'Value' } },
      splits: { train: { name: 'train', num_bytes: 123, num_examples: 3, dataset_name: null } },
    }));
    const files = await resolveInputs([ds]);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ format: 'arrow', compression: 'none', rel: 'data-00000-of-00001.arrow', split: 'train' });
    expect(await readFiles(files)).toEqual(records);
  });

  it('state.json without _data_files is W_IO_BAD_DATASET', async () => {
    const ds = join(dir, 'bad');
    await mkdir(ds);
    await writeFile(join(ds, 'state.json'), JSON.stringify({ _split: 'train' }));
    expect(await codeOf(resolveInputs([ds]))).toBe('W_IO_BAD_DATASET');
  });

  it('a shard listed in state.json but missing on disk is W_IO_BAD_DATASET', async () => {
    const ds = join(dir, 'bad');
    await mkdir(ds);
    await writeFile(join(ds, 'state.json'), JSON.stringify({ _data_files: [{ filename: 'data-00000-of-00001.arrow' }] }));
    expect(await codeOf(resolveInputs([ds]))).toBe('W_IO_BAD_DATASET');
  });

  it('state.json that is not JSON is W_IO_BAD_DATASET', async () => {
    const ds = join(dir, 'bad');
    await mkdir(ds);
    await writeFile(join(ds, 'state.json'), '{ not json');
    expect(await codeOf(resolveInputs([ds]))).toBe('W_IO_BAD_DATASET');
  });
});

describe('DatasetDict', () => {
  async function buildDict(): Promise<{ root: string; train: Rec[]; test: Rec[] }> {
    const root = join(dir, 'dict');
    const train = rows('train', 4);
    const test = rows('test', 2);
    await writeJsonl(join(dir, 'train.jsonl'), train);
    await writeJsonl(join(dir, 'test.jsonl'), test);
    await convert({ inputs: [join(dir, 'train.jsonl')], output: join(root, 'train'), fields, onError: 'fail' });
    await convert({ inputs: [join(dir, 'test.jsonl')], output: join(root, 'test'), fields, onError: 'fail' });
    await writeHfDatasetDict(root, ['train', 'test']);
    return { root, train, test };
  }

  it('writes dataset_dict.json with the split list', async () => {
    const { root } = await buildDict();
    expect(await readJson(join(root, 'dataset_dict.json'))).toEqual({ splits: ['train', 'test'] });
  });

  it('--splits test returns only the test shards, tagged with their split', async () => {
    const { root, test } = await buildDict();
    const files = await resolveInputs([root], { splits: ['test'] });
    expect(files.map((f) => [f.rel, f.split])).toEqual([['test/data-00000-of-00001.arrow', 'test']]);
    expect(await readFiles(files)).toEqual(test);
  });

  it('without --splits every split is returned in dataset_dict order', async () => {
    const { root, train, test } = await buildDict();
    const files = await resolveInputs([root]);
    expect(files.map((f) => f.split)).toEqual(['train', 'test']);
    expect(await readFiles(files)).toEqual([...train, ...test]);
  });

  it('a split that is not in dataset_dict.json is W_IO_MISSING_SPLIT', async () => {
    const { root } = await buildDict();
    const error = await resolveInputs([root], { splits: ['validation'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('W_IO_MISSING_SPLIT');
    expect((error as WardenError).message).toContain('validation');
  });

  it('--splits on a folder that is not a DatasetDict is W_IO_MISSING_SPLIT', async () => {
    await writeJsonl(join(dir, 'a.jsonl'), rows('a', 1));
    expect(await codeOf(resolveInputs([dir], { splits: ['train'] }))).toBe('W_IO_MISSING_SPLIT');
  });

  it('converting a DatasetDict to hf keeps the splits', async () => {
    const { root, train, test } = await buildDict();
    const out = join(dir, 'copy');
    const result = await convert({ inputs: [root], output: out, fields, onError: 'fail' });
    expect(result.rows).toBe(train.length + test.length);
    expect(await readJson(join(out, 'dataset_dict.json'))).toEqual({ splits: ['train', 'test'] });
    expect((await readJson(join(out, 'test', 'state.json')))._split).toBe('test');
    const files = await resolveInputs([out], { splits: ['train'] });
    expect(await readFiles(files)).toEqual(train);
  });
});

describe('helpers', () => {
  it('hfShardName pads to five digits', () => {
    expect(hfShardName(0, 1)).toBe('data-00000-of-00001.arrow');
    expect(hfShardName(12, 345)).toBe('data-00012-of-00345.arrow');
  });

  it('featureOf maps Arrow types to datasets features', () => {
    expect(featureOf(new Utf8())).toEqual({ dtype: 'string', _type: 'Value' });
    expect(featureOf(new Int64())).toEqual({ dtype: 'int64', _type: 'Value' });
    expect(featureOf(new Float64())).toEqual({ dtype: 'float64', _type: 'Value' });
    expect(featureOf(new Bool())).toEqual({ dtype: 'bool', _type: 'Value' });
    expect(featureOf(new List(new Field('item', new Int64(), true)))).toEqual({ feature: { dtype: 'int64', _type: 'Value' }, _type: 'Sequence' });
    expect(featureOf(new Struct([new Field('a', new Bool(), true)]))).toEqual({ a: { dtype: 'bool', _type: 'Value' } });
  });
});
