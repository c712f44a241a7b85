import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { resolveInputs } from '../../../io/inputs.js';
import { partitionFile, readPart } from '../../../io/parts.js';
import type { Rec } from '../../../io/record.js';
import { assemble } from './index.js';
import { SPLITS } from './types.js';

const FIXTURES = join(import.meta.dirname, 'test-fixtures');
let dir = '';
useTempDir((path) => (dir = path));

async function lines(path: string): Promise<Rec[]> {
  return (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
}

async function setup(): Promise<{ input: string; evalFile: string; out: string }> {
  const input = join(dir, 'pairs.jsonl');
  const evalFile = join(dir, 'eval.jsonl');
  await copyFile(join(FIXTURES, 'pairs.jsonl'), input);
  await copyFile(join(FIXTURES, 'eval.jsonl'), evalFile);
  return { input, evalFile, out: join(dir, 'dataset') };
}

describe('assemble (fixture: 30 NVD 2003 CVEs × 2 templates + planted problems)', () => {
  it('removes each planted problem for the right reason and keeps the rest', async () => {
    const { input, evalFile, out } = await setup();
    const report = await assemble({ input, out, decontaminate: [evalFile], seed: 42 });
    expect(report.input.pairs).toBe(68);
    expect(report.removed).toEqual({ 'exact-duplicate': 1, 'too-short': 1, 'too-long': 0, language: 1, 'refusal-leakage': 2, contaminated: 1, 'near-duplicate': 1 });
    const removed = await lines(join(out, 'removed.jsonl'));
    expect(Object.fromEntries(removed.map((r) => [r.id, r.reason]))).toEqual({
      'dup-exact': 'exact-duplicate',
      short: 'too-short',
      russian: 'language',
      leak: 'refusal-leakage',
      'refusal-leak': 'refusal-leakage',
      contaminated: 'contaminated',
      'dup-near': 'near-duplicate',
    });
    expect(removed.find((r) => r.id === 'contaminated')!.detail).toContain(evalFile);
    expect(await lines(join(out, 'clusters.jsonl'))).toEqual([{ representative: 'CVE-2001-1409-explain', size: 2, members: ['CVE-2001-1409-explain', 'dup-near'] }]);
    expect(SPLITS.reduce((n, s) => n + report.splits[s], 0)).toBe(61);
  });

  it('writes every format; each reads back to the same pairs per split, one source id per split', async () => {
    const { input, out } = await setup();
    const report = await assemble({ input, out, seed: 42 });
    const splitOfSource = new Map<string, string>();
    for (const split of SPLITS) {
      const jsonl = await lines(join(out, 'jsonl', `${split}.jsonl`));
      expect(jsonl).toHaveLength(report.splits[split]);
      for (const row of jsonl) {
        expect(Object.keys(row)).toEqual(['instruction', 'response', 'metadata']);
        const meta = row.metadata as { split: string; source_ids: string[] };
        expect(meta.split).toBe(split);
        for (const id of meta.source_ids) {
          expect(splitOfSource.get(id) ?? split).toBe(split);
          splitOfSource.set(id, split);
        }
      }
      const chat = await lines(join(out, 'chat', `${split}.jsonl`));
      expect(chat.map((r) => r.messages)).toEqual(jsonl.map((r) => [{ role: 'user', content: r.instruction }, { role: 'assistant', content: r.response }]));
      const share = await lines(join(out, 'sharegpt', `${split}.jsonl`));
      expect(share.map((r) => r.conversations)).toEqual(jsonl.map((r) => [{ from: 'human', value: r.instruction }, { from: 'gpt', value: r.response }]));
      const buffer = await readFile(join(out, 'parquet', `${split}.parquet`));
      const parquet = await parquetReadObjects({ file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) });
      expect(parquet.map((r) => [r.id, r.instruction, r.response])).toEqual(jsonl.map((r) => [(r.metadata as Rec).id, r.instruction, r.response]));
    }
    // The Hugging Face folder through the src/io readers (dataset_dict.json → split folders → Arrow shards).
    const files = await resolveInputs([join(out, 'hf')]);
    expect(files.map((f) => f.split)).toEqual(['train', 'validation', 'test']);
    const hf: Rec[] = [];
    for (const file of files) for (const part of await partitionFile(file)) for await (const batch of readPart(part, { fields: { text: 'instruction', id: 'id' }, onError: 'fail' })) hf.push(...batch.records);
    const allJsonl = (await Promise.all(SPLITS.map((s) => lines(join(out, 'jsonl', `${s}.jsonl`))))).flat();
    expect(hf.map((r) => [r.id, r.response, r.source, r.source_ids])).toEqual(allJsonl.map((r) => { const m = r.metadata as Rec; return [m.id, r.response, m.source, m.source_ids]; }));
    expect(JSON.parse(await readFile(join(out, 'hf', 'train', 'state.json'), 'utf8'))._split).toBe('train');
  });

  it('writes a card whose counts match the exported files', async () => {
    const { input, out } = await setup();
    const report = await assemble({ input, out, formats: ['jsonl'], seed: 42 });
    const card = await readFile(join(out, 'README.md'), 'utf8');
    const rows = (await Promise.all(SPLITS.map((s) => lines(join(out, 'jsonl', `${s}.jsonl`))))).flat();
    for (const split of SPLITS) expect(card).toContain(`| ${split} | ${report.splits[split]} |`);
    const nvd = rows.filter((r) => (r.metadata as Rec).source === 'nvd');
    const nvdBySplit = SPLITS.map((s) => nvd.filter((r) => (r.metadata as Rec).split === s).length);
    expect(card).toContain(`| nvd | ${nvdBySplit.join(' | ')} | ${nvd.length} |`);
    const web = rows.filter((r) => ((r.metadata as Rec).domains as string[] | undefined)?.includes('web_security')).length;
    expect(card).toMatch(new RegExp(`\\| web_security \\| \\d+ \\| \\d+ \\| \\d+ \\| ${web} \\|`));
    expect(card).toContain('| near-duplicate | 1 |');
    expect(card).toContain('"bands": 16');
  });

  it('never modifies the input, skips an identical rerun, and reruns when the config changes', async () => {
    const { input, out } = await setup();
    const before = await readFile(input);
    const first = await assemble({ input, out, formats: ['jsonl'], seed: 42 });
    expect(first.upToDate).toBe(false);
    const mtime = (await stat(join(out, 'assemble.json'))).mtimeMs;
    const again = await assemble({ input, out, formats: ['jsonl'], seed: 42 });
    expect(again.upToDate).toBe(true);
    expect((await stat(join(out, 'assemble.json'))).mtimeMs).toBe(mtime);
    const reseeded = await assemble({ input, out, formats: ['jsonl'], seed: 7 });
    expect(reseeded.upToDate).toBe(false);
    expect(reseeded.fingerprint).not.toBe(first.fingerprint);
    expect(await readFile(input)).toEqual(before);
    // A changed input is a new run too.
    await writeFile(input, before.toString('utf8').split('\n').slice(0, 10).join('\n') + '\n');
    const changed = await assemble({ input, out, formats: ['jsonl'], seed: 7 });
    expect(changed.upToDate).toBe(false);
    expect(changed.input.pairs).toBe(10);
  });

  it('clears the staging folder a killed run left behind', async () => {
    const { input, out } = await setup();
    await mkdir(join(dir, '.dataset.staging-999999', 'jsonl'), { recursive: true });
    await assemble({ input, out, formats: ['jsonl'] });
    expect((await readdir(dir)).sort()).toEqual(['dataset', 'eval.jsonl', 'pairs.jsonl']);
  });

  it('is byte-for-byte deterministic across output folders', async () => {
    const { input } = await setup();
    await assemble({ input, out: join(dir, 'a'), formats: ['jsonl', 'sharegpt'], seed: 3 });
    await assemble({ input, out: join(dir, 'b'), formats: ['jsonl', 'sharegpt'], seed: 3 });
    for (const file of ['jsonl/train.jsonl', 'jsonl/test.jsonl', 'sharegpt/validation.jsonl', 'clusters.jsonl', 'removed.jsonl']) {
      expect(await readFile(join(dir, 'b', file), 'utf8')).toBe(await readFile(join(dir, 'a', file), 'utf8'));
    }
  });

  it('rejects bad input with file:line and field, a foreign --out folder, and an --out holding the input', async () => {
    const input = join(dir, 'bad.jsonl');
    await writeFile(input, JSON.stringify({ id: 'a', instruction: 'x', response: 'y', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: [] } }) + '\n' + JSON.stringify({ id: 'b', instruction: 'x', response: 3, metadata: {} }) + '\n');
    const error = await expectWardenError(assemble({ input, out: join(dir, 'o') }));
    expect(error.code).toBe('W_IO_BAD_RECORD');
    expect(error.message).toContain(`${input}:2 field response`);
    const row = JSON.stringify({ id: 'same', instruction: 'x', response: 'y', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: [] } });
    await writeFile(input, `${row}\n\n${row}\n`);
    expect((await expectWardenError(assemble({ input, out: join(dir, 'o') }))).message).toContain(`${input}:3 field id: duplicate id "same" (first on line 1)`);
    await writeFile(input, JSON.stringify({ id: 'm', instruction: 'x', response: 'y', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: 'nvd:1' } }) + '\n');
    expect((await expectWardenError(assemble({ input, out: join(dir, 'o') }))).message).toContain('field metadata.source_ids');
    await writeFile(input, '{"id": "a"\n');
    expect((await expectWardenError(assemble({ input, out: join(dir, 'o') }))).message).toContain(`${input}:1`);
    const { input: good } = await setup();
    const holding = await expectWardenError(assemble({ input: good, out: dir }));
    expect(holding.message).toContain('must not contain the input');
    const foreign = join(dir, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'notes.txt'), 'mine');
    const refused = await expectWardenError(assemble({ input: good, out: foreign }));
    expect(refused.code).toBe('W_USAGE');
    expect(await readFile(join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
