import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { resolveInputs } from '../../../io/inputs.js';
import type { Rec } from '../../../io/record.js';
import { makeTexts, writeParquet } from '../tokens/test-helpers/datasets.js';
import { readFiles } from './records.js';
import { replaceRemoved, type ReplaceOptions } from './replace.js';
import { writeFilterRun, type Fate, type FixtureShard } from './test-helpers/run-fixture.js';

const reference = new Tiktoken(o200k);
const tokens = (text: unknown) => reference.encode(String(text), [], []).length;
const fields = { text: 'text', id: 'id' };

let dir: string;
useTempDir((path) => (dir = path));

/** Fates cycle so every shard has some of each: removed every 7th, approved every 5th. */
function shard(prefix: string, count: number, seed: number, split?: string): FixtureShard {
  const texts = makeTexts(count, seed);
  return {
    ...(split ? { split } : {}),
    records: texts.map((text, i) => ({ record: { id: `${prefix}-${i}`, text, n: i }, fate: (i % 7 === 3 ? 'removed' : i % 5 === 1 ? 'approved' : 'kept') as Fate })),
  };
}

async function readOutput(out: string): Promise<Map<string, Rec[]>> {
  const files = await resolveInputs([join(out, 'data')]);
  const bySplit = new Map<string, Rec[]>();
  for (const file of files) {
    const list = bySplit.get(file.split ?? '') ?? [];
    for await (const { record } of readFiles([file], fields)) list.push(record);
    bySplit.set(file.split ?? '', list);
  }
  return bySplit;
}

async function provenance(out: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(out, 'provenance.jsonl'), 'utf8');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function digest(root: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
  for (const path of entries) {
    if (path.endsWith('manifest.json')) hash.update(JSON.stringify({ ...JSON.parse(await readFile(path, 'utf8')), created_at: null }));
    else hash.update(await readFile(path));
  }
  return hash.digest('hex');
}

/** A record without the reader's hidden raw-line key. */
const plain = (record: Rec | undefined) => JSON.parse(JSON.stringify(record)) as Rec;

/** The base records must appear in the output in their original order. */
function isSubsequence(base: Rec[], output: Rec[]): boolean {
  let i = 0;
  for (const record of output) if (i < base.length && record.id === base[i]!.id && record.n === base[i]!.n) i++;
  return i === base.length;
}

describe('dataset replace --strategy duplicate-approved', () => {
  it('keeps the document count by duplicating escalated-but-approved documents, deterministically', async () => {
    const shards = [shard('a', 40, 1), shard('b', 30, 2)];
    const run = join(dir, 'run');
    await writeFilterRun(run, 'jsonl', shards);
    const runBefore = await digest(run);
    const options: ReplaceOptions = { runDir: run, strategy: 'duplicate-approved', budget: 'documents', seed: 7, output: join(dir, 'r1') };
    const result = await replaceRemoved(options);

    const all = shards.flatMap((s) => s.records);
    const kept = all.filter((r) => r.fate !== 'removed').map((r) => r.record);
    const approved = new Set(all.filter((r) => r.fate === 'approved').map((r) => r.record.id));
    const removed = all.filter((r) => r.fate === 'removed').length;
    const output = (await readOutput(result.output)).get('')!;
    expect(output).toHaveLength(70);
    expect(isSubsequence(kept, output)).toBe(true);

    const rows = await provenance(result.output);
    expect(rows).toHaveLength(removed);
    for (const row of rows) {
      expect(row.kind).toBe('duplicate');
      expect(approved.has(row.source_id as string)).toBe(true);
      expect(plain(output[row.position as number])).toEqual(kept.find((r) => r.id === row.source_id));
    }
    // Spread evenly: no document is copied twice before every candidate is copied once.
    const copies = new Map<unknown, number>();
    for (const row of rows) copies.set(row.source_id, (copies.get(row.source_id) ?? 0) + 1);
    expect(Math.max(...copies.values()) - Math.min(...copies.values())).toBeLessThanOrEqual(1);
    expect(copies.size).toBe(Math.min(removed, approved.size));
    expect(result.manifest.splits).toEqual([{ split: null, kept: kept.length, removed_records: removed, candidates: approved.size, added_records: removed, output_records: 70 }]);

    const again = await replaceRemoved({ ...options, output: join(dir, 'r2') });
    expect(await digest(again.output)).toBe(await digest(result.output));
    const other = await replaceRemoved({ ...options, seed: 8, output: join(dir, 'r3') });
    expect(await digest(other.output)).not.toBe(await digest(result.output));
    expect(await digest(run)).toBe(runBefore);
  });

  it('keeps the token budget: adds just enough tokens to cover what was removed', async () => {
    const shards = [shard('a', 60, 3)];
    const run = join(dir, 'run');
    await writeFilterRun(run, 'parquet', shards);
    const result = await replaceRemoved({ runDir: run, strategy: 'duplicate-approved', budget: 'tokens', seed: 1, output: join(dir, 'out') });
    const removedTokens = shards[0]!.records.filter((r) => r.fate === 'removed').reduce((s, r) => s + tokens(r.record.text), 0);
    const rows = await provenance(result.output);
    const output = (await readOutput(result.output)).get('')!;
    const added = rows.map((row) => tokens(output[row.position as number]!.text));
    const addedTokens = added.reduce((a, b) => a + b, 0);
    expect(addedTokens).toBeGreaterThanOrEqual(removedTokens);
    // Just enough: copies stop once the budget is met, so without the last one it was not.
    expect(addedTokens - Math.max(...added)).toBeLessThan(removedTokens);
    expect(result.manifest.splits[0]).toMatchObject({ removed_tokens: removedTokens, added_tokens: addedTokens });
    expect(result.manifest).toMatchObject({ tokenizer: 'o200k_base', budget: 'tokens' });
  });

  it('works split by split on a Hugging Face DatasetDict run', async () => {
    const shards = [shard('t0', 30, 4, 'train'), shard('t1', 25, 5, 'train'), shard('v0', 35, 6, 'validation')];
    const run = join(dir, 'run');
    await writeFilterRun(run, 'hf', shards);
    const result = await replaceRemoved({ runDir: run, strategy: 'duplicate-approved', budget: 'documents', seed: 3, output: join(dir, 'out') });
    const output = await readOutput(result.output);
    for (const split of ['train', 'validation']) {
      const records = shards.filter((s) => s.split === split).flatMap((s) => s.records);
      expect(output.get(split)).toHaveLength(records.length);
    }
    const rows = await provenance(result.output);
    for (const row of rows) expect(String(row.source_id).startsWith(row.split === 'train' ? 't' : 'v')).toBe(true);
    expect(JSON.parse(await readFile(join(result.output, 'data', 'dataset_dict.json'), 'utf8'))).toEqual({ splits: ['train', 'validation'] });
  });
});

describe('dataset replace --strategy insert', () => {
  it('draws documents from another data set, disjoint across splits, shaped like the run output', async () => {
    const shards = [shard('t', 50, 7, 'train'), shard('v', 40, 8, 'validation')];
    const run = join(dir, 'run');
    await writeFilterRun(run, 'hf', shards);
    const other = makeTexts(100, 9).map((text, i) => ({ key: 1000 + i, body: text, extra: 'x' }));
    await writeParquet(join(dir, 'other.parquet'), other);
    const options: ReplaceOptions = {
      runDir: run, strategy: 'insert', budget: 'documents', seed: 5, from: [join(dir, 'other.parquet')], fromFields: { text: 'body', id: 'key' }, output: join(dir, 'out'),
    };
    const result = await replaceRemoved(options);
    const output = await readOutput(result.output);
    const rows = await provenance(result.output);
    const inserted = new Set(rows.map((r) => r.source_id));
    expect(inserted.size).toBe(rows.length);
    for (const split of ['train', 'validation']) {
      const records = shards.find((s) => s.split === split)!.records;
      const list = output.get(split)!;
      expect(list).toHaveLength(records.length);
      for (const row of rows.filter((r) => r.split === split)) {
        const record = list[row.position as number]!;
        // Base fields only (id, text, n), the id as a string like the base ids.
        expect(Object.keys(record).sort()).toEqual(['id', 'n', 'text']);
        expect(record).toEqual({ id: String(row.source_id), text: other[(row.source_id as number) - 1000]!.body, n: null });
      }
    }
    const again = await replaceRemoved({ ...options, output: join(dir, 'out2') });
    expect(await digest(again.output)).toBe(await digest(result.output));
  });

  it('keeps a token budget per split and fails when the other data set is too small', async () => {
    const shards = [shard('a', 50, 10)];
    const run = join(dir, 'run');
    await writeFilterRun(run, 'jsonl', shards);
    const other = makeTexts(80, 11).map((text, i) => ({ id: `o${i}`, text }));
    await writeFile(join(dir, 'other.jsonl'), other.map((r) => JSON.stringify(r)).join('\n'));
    const result = await replaceRemoved({ runDir: run, strategy: 'insert', budget: 'tokens', seed: 2, from: [join(dir, 'other.jsonl')], output: join(dir, 'out') });
    const split = result.manifest.splits[0]!;
    expect(split.added_tokens!).toBeGreaterThanOrEqual(split.removed_tokens!);
    const rows = await provenance(result.output);
    const sizes = rows.map((r) => tokens(other.find((o) => o.id === r.source_id)!.text));
    expect(split.added_tokens).toBe(sizes.reduce((a, b) => a + b, 0));

    await writeFile(join(dir, 'tiny.jsonl'), JSON.stringify({ id: 'x', text: 'too small' }) + '\n');
    const error = await expectWardenError(replaceRemoved({ runDir: run, strategy: 'insert', budget: 'documents', seed: 2, from: [join(dir, 'tiny.jsonl')], output: join(dir, 'out3') }));
    expect(error.message).toMatch(/--from holds 1 documents but \d+ are needed/);
  });
});

describe('dataset replace errors', () => {
  it('refuses what is not a finished filter run, and explains a run without candidates', async () => {
    expect((await expectWardenError(replaceRemoved({ runDir: join(dir, 'none'), strategy: 'duplicate-approved', budget: 'documents', seed: 1 }))).message).toMatch(/not a run directory/);
    const run = join(dir, 'run');
    const noneApproved: FixtureShard = { records: makeTexts(10, 1).map((text, i) => ({ record: { id: `x${i}`, text }, fate: (i % 2 ? 'removed' : 'kept') as Fate })) };
    await writeFilterRun(run, 'jsonl', [noneApproved]);
    const error = await expectWardenError(replaceRemoved({ runDir: run, strategy: 'duplicate-approved', budget: 'documents', seed: 1 }));
    expect(error.message).toMatch(/no escalated-but-approved documents .* use --strategy insert --from OTHER/);
    expect((await expectWardenError(replaceRemoved({ runDir: run, strategy: 'insert', budget: 'documents', seed: 1 }))).message).toMatch(/needs --from/);

    const manifest = JSON.parse(await readFile(join(run, 'manifest.json'), 'utf8'));
    await writeFile(join(run, 'manifest.json'), JSON.stringify({ ...manifest, status: 'running' }));
    expect((await expectWardenError(replaceRemoved({ runDir: run, strategy: 'duplicate-approved', budget: 'documents', seed: 1 }))).message).toMatch(/not complete/);
  });

  it('detects a damaged run and will not overwrite an output without force', async () => {
    const run = join(dir, 'run');
    await writeFilterRun(run, 'jsonl', [shard('a', 30, 12)]);
    const options: ReplaceOptions = { runDir: run, strategy: 'duplicate-approved', budget: 'documents', seed: 1 };
    const first = await replaceRemoved(options);
    expect(first.output).toBe(join(run, 'surgery', 'duplicate-approved-documents-seed-1'));
    expect((await expectWardenError(replaceRemoved(options))).message).toMatch(/exists and is not empty; pass --force/);
    expect((await replaceRemoved({ ...options, force: true })).output).toBe(first.output);
    await writeFile(join(run, 'removed', 'part-00000.jsonl'), JSON.stringify({ id: 'extra', text: 'x' }) + '\n');
    expect((await expectWardenError(replaceRemoved({ ...options, force: true }))).message).toMatch(/1 removed records on disk but the judgments mark \d+ removed/);
  });
});
