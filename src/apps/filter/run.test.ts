import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../io/convert.js';
import { writeHfDatasetDict } from '../../io/hf-dataset.js';
import { readPart, partitionFile } from '../../io/parts.js';
import { resolveInputs } from '../../io/inputs.js';
import { TextClassifier } from '../../ml/classifier.js';
import { LocalExecutor } from '../../pipeline/executors/local.js';
import type { FilterRunOptions } from './config.js';
import type { FilterReport } from './report.js';
import { runFilter } from './run.js';
import { DEMO_CORPUS, DEMO_MODEL, DEMO_TERMS, jsonlLines, judgmentRows, snapshot } from './test-helpers/fixtures.js';

let dir: string;
let corpus: { id: string; text: string; label?: string }[];
let terms: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-filter-run-'));
  corpus = (await readFile(DEMO_CORPUS, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  terms = (await readFile(DEMO_TERMS, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = (output: string, extra: Partial<FilterRunOptions> = {}): FilterRunOptions => ({
  input: [DEMO_CORPUS],
  output: join(dir, output),
  filters: ['blocklist', 'classifier'],
  blocklist: DEMO_TERMS,
  classifier: DEMO_MODEL,
  saveEvery: 0.1,
  labelField: 'label',
  workers: 1,
  ...extra,
});

describe('warden filter run (blocklist → classifier)', () => {
  let report: FilterReport;
  const run = () => join(dir, 'main');

  beforeAll(async () => {
    report = (await runFilter(base('main'), { logJudgments: 25 })).report;
  });

  it('splits the input into kept and removed records, each exactly as it was read', async () => {
    const input = (await readFile(DEMO_CORPUS, 'utf8')).trim().split('\n');
    const kept = await jsonlLines(join(run(), 'output'));
    const removed = await jsonlLines(join(run(), 'removed'));
    expect(kept.length + removed.length).toBe(input.length);
    expect([...kept, ...removed].sort()).toEqual([...input].sort());
    // Kept records stay in input order.
    expect(kept).toEqual(input.filter((line) => kept.includes(line)));
    expect(removed.length).toBe(report.totals.removed);
    expect(removed.length).toBeGreaterThan(10);
    expect(existsSync(join(run(), 'dropped'))).toBe(false);
  });

  it('decides as the cascade says: 2 distinct terms escalate, then the classifier max score >= 0.5 removes', async () => {
    const model = await TextClassifier.load(DEMO_MODEL);
    const hazard = model.labels.indexOf('hazard');
    const expected = new Map<string, { blocklist: boolean; classifier?: boolean; removed: boolean }>();
    for (const doc of corpus) {
      const lower = doc.text.toLowerCase();
      const blocklist = terms.filter((t) => lower.includes(t)).length >= 2;
      const classifier = blocklist ? model.probabilities(doc.text)[hazard]! >= 0.5 : undefined;
      expected.set(doc.id, { blocklist, ...(classifier === undefined ? {} : { classifier }), removed: blocklist && classifier === true });
    }
    const rows = await judgmentRows(run());
    expect(rows.map((r) => r.id)).toEqual(corpus.map((d) => d.id));
    for (const row of rows) {
      const e = expected.get(row.id as string)!;
      expect({ id: row.id, blocklist: row.blocklist_escalate, classifier: row.classifier_escalate ?? undefined, removed: row.removed }).toEqual({ id: row.id, ...e });
      expect(row.decided_by).toBe(e.blocklist ? 'classifier' : 'blocklist');
      if (e.blocklist) expect(row.classifier_chunks).toBe(1);
      else expect(row.classifier_max).toBeNull();
    }
    const removedIds = (await jsonlLines(join(run(), 'removed'))).map((l) => JSON.parse(l).id);
    expect(removedIds).toEqual(corpus.filter((d) => expected.get(d.id)!.removed).map((d) => d.id));
  });

  it('reports counts per stage and split and precision/recall/confusion per stage against the label field', async () => {
    const truth = (d: { label?: string }) => (d.label === 'hazard' ? 1 : d.label === 'benign' ? 0 : null);
    const rows = await judgmentRows(run());
    const byId = new Map(rows.map((r) => [r.id, r]));
    const cell = (predicted: (id: string) => boolean) => {
      const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
      for (const d of corpus) {
        const t = truth(d);
        if (t === null) continue;
        const p = predicted(d.id);
        if (t === 1 && p) c.tp++;
        else if (t === 1) c.fn++;
        else if (p) c.fp++;
        else c.tn++;
      }
      return c;
    };
    const afterBlocklist = cell((id) => byId.get(id)!.blocklist_escalate === true);
    const afterClassifier = cell((id) => byId.get(id)!.removed === true);
    expect(report.labels!.labelled).toBe(corpus.filter((d) => truth(d) !== null).length);
    expect(report.labels!.positives).toBe(corpus.filter((d) => truth(d) === 1).length);
    expect(report.labels!.stages[0]!.cascade).toMatchObject(afterBlocklist);
    expect(report.labels!.stages[1]!.cascade).toMatchObject(afterClassifier);
    expect(report.labels!.final).toMatchObject(afterClassifier);
    const { tp, fp, fn } = afterClassifier;
    expect(report.labels!.final.precision).toBeCloseTo(tp / (tp + fp), 12);
    expect(report.labels!.final.recall).toBeCloseTo(tp / (tp + fn), 12);
    // The classifier's own verdicts are judged on the records it saw: all blocklist-escalated labelled ones.
    const own = report.labels!.stages[1]!.own;
    expect(own.tp + own.fp + own.fn + own.tn).toBe(afterBlocklist.tp + afterBlocklist.fp);
    expect(report.stages.map((s) => [s.name, s.judged, s.escalated])).toEqual([
      ['blocklist', 300, rows.filter((r) => r.blocklist_escalate).length],
      ['classifier', rows.filter((r) => r.blocklist_escalate).length, rows.filter((r) => r.removed).length],
    ]);
    expect(report.splits).toEqual([expect.objectContaining({ split: null, records: 300, removed: report.totals.removed })]);
    expect(report.stages[0]!.ms).toBeGreaterThan(0);
    expect(report.stages[0]!.judged_per_s).toBeGreaterThan(0);
    expect(report.throughput).toMatchObject({ executor: 'inline', workers: 1, shards: expect.any(Number) });
    expect(report.top_terms![0]!.records).toBeGreaterThan(5);
    expect(report.classifier_scores!.reduce((a, b) => a + b, 0)).toBe(report.stages[1]!.judged);
    expect(report.labels!.classifier!.average_precision).toBeGreaterThan(0.5);
    const json = JSON.parse(await readFile(join(run(), 'report.json'), 'utf8'));
    expect(json.totals).toEqual(report.totals);
  });

  it('writes a self-contained HTML report and the first N judgments as CSV', async () => {
    const html = await readFile(join(run(), 'report.html'), 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html).toContain('Cascade up to each stage');
    expect(html).toContain('blocklist → classifier');
    const csv = (await readFile(join(run(), 'judgments.csv'), 'utf8')).split('\r\n').filter(Boolean);
    expect(csv).toHaveLength(26);
    expect(csv[0]).toBe('id,split,chars,label,blocklist_escalate,blocklist_distinct,blocklist_terms,blocklist_ms,classifier_escalate,classifier_max,classifier_mean,classifier_min,classifier_chunks,classifier_ms,removed,decided_by');
    expect(csv[1]!.startsWith('doc-0000,')).toBe(true);
  });

  it('gives the same outputs with 2 worker threads', async () => {
    const two = await runFilter(base('two', { workers: 2 }), { executor: new LocalExecutor(2) });
    expect(two.manifest.executor).toEqual({ name: 'local', workers: 2 });
    expect(await snapshot(join(dir, 'two', 'output'))).toEqual(await snapshot(join(run(), 'output')));
    expect(await snapshot(join(dir, 'two', 'removed'))).toEqual(await snapshot(join(run(), 'removed')));
    expect(await judgmentRows(join(dir, 'two'))).toEqual(await judgmentRows(run()));
    expect(two.report.labels).toEqual(report.labels);
  });

  it('resumes: a re-run redoes only unfinished shards; another configuration is refused', async () => {
    const again = await runFilter(base('main'));
    expect(again.ran).toBe(0);
    expect(again.skipped).toBe(again.manifest.shards);
    await rm(join(run(), '_done', 'part-00003.json'));
    await rm(join(run(), 'removed', 'part-00003.jsonl'));
    const before = await snapshot(join(run(), 'output'));
    const resumed = await runFilter(base('main'), { resume: true });
    expect(resumed.ran).toBe(1);
    expect(await snapshot(join(run(), 'output'))).toEqual(before);
    expect(resumed.report.totals).toEqual(report.totals);
    await expect(runFilter(base('main', { threshold: 0.7 }))).rejects.toMatchObject({ code: 'W_RUN_MISMATCH' });
    await expect(runFilter(base('never-ran'), { resume: true })).rejects.toMatchObject({ code: 'W_USAGE', message: expect.stringContaining('nothing to resume') });
  });
});

describe('checkpoints, formats and splits', () => {
  it('--save-every 0.001 gives one shard per 0.1 % of the input, all with distinct names', async () => {
    const result = await runFilter(base('fine', { saveEvery: 0.001, filters: ['blocklist'], classifier: undefined }));
    const plan = JSON.parse(await readFile(join(dir, 'fine', 'plan.json'), 'utf8')) as { id: string; output: string }[];
    // 300 lines of ~350 bytes: a 0.1 % shard (~110 bytes) holds one line.
    expect(plan.length).toBe(300);
    expect(new Set(plan.map((s) => s.output)).size).toBe(plan.length);
    expect((await readdir(join(dir, 'fine', '_done'))).length).toBe(plan.length);
    expect((await readdir(join(dir, 'fine', 'judgments'))).length).toBe(plan.length);
    expect(result.report.totals.records).toBe(300);
  });

  it('keeps gzip JSONL as gzip JSONL, line for line', async () => {
    const gz = join(dir, 'corpus.jsonl.gz');
    await writeFile(gz, gzipSync(await readFile(DEMO_CORPUS)));
    const result = await runFilter(base('gz', { input: [gz] }));
    expect(result.manifest.config.output_format).toBe('jsonl.gz');
    const lines = async (d: string) => {
      const out: string[] = [];
      for (const f of (await readdir(d)).sort()) out.push(...gunzipSync(await readFile(join(d, f))).toString('utf8').split('\n').filter(Boolean));
      return out;
    };
    const kept = await lines(join(dir, 'gz', 'output'));
    const removed = await lines(join(dir, 'gz', 'removed'));
    expect([...kept, ...removed].sort()).toEqual((await readFile(DEMO_CORPUS, 'utf8')).trim().split('\n').sort());
    expect(removed).toHaveLength(result.report.totals.removed);
  });

  it('keeps Parquet as Parquet, and --force clears files of the earlier run', async () => {
    const parquet = join(dir, 'corpus.parquet');
    await convert({ inputs: [DEMO_CORPUS], output: parquet, fields: { text: 'text', id: 'id' }, onError: 'fail' });
    const result = await runFilter(base('pq', { input: [parquet] }));
    expect(result.manifest.config.output_format).toBe('parquet');
    const read = async (d: string) => {
      const ids: string[] = [];
      for (const file of await resolveInputs([d])) for (const part of await partitionFile(file)) for await (const b of readPart(part, { fields: { text: 'text', id: 'id' }, onError: 'fail' })) ids.push(...b.records.map((r) => String(r.id)));
      return ids;
    };
    const kept = await read(join(dir, 'pq', 'output'));
    const removed = await read(join(dir, 'pq', 'removed'));
    expect(kept.length + removed.length).toBe(300);
    expect(removed.length).toBe(result.report.totals.removed);
    await writeFile(join(dir, 'pq', 'removed', 'part-00099.parquet'), 'stale');
    await runFilter(base('pq', { input: [parquet], threshold: 0.9 }), { force: true });
    expect(existsSync(join(dir, 'pq', 'removed', 'part-00099.parquet'))).toBe(false);
  });

  it('filters a Hugging Face DatasetDict split by split into dataset folders', async () => {
    const dd = join(dir, 'dd');
    const lines = (await readFile(DEMO_CORPUS, 'utf8')).trim().split('\n');
    await writeFile(join(dir, 'train.jsonl'), lines.slice(0, 200).join('\n') + '\n');
    await writeFile(join(dir, 'validation.jsonl'), lines.slice(200).join('\n') + '\n');
    await convert({ inputs: [join(dir, 'train.jsonl')], output: join(dd, 'train'), fields: { text: 'text', id: 'id' }, onError: 'fail' });
    await convert({ inputs: [join(dir, 'validation.jsonl')], output: join(dd, 'validation'), fields: { text: 'text', id: 'id' }, onError: 'fail' });
    await writeHfDatasetDict(dd, ['train', 'validation']);
    const result = await runFilter(base('hf', { input: [dd], splits: ['train', 'validation'] }));
    expect(result.manifest.config.output_format).toBe('hf');
    expect(result.report.splits.map((s) => [s.split, s.records])).toEqual([
      ['train', 200],
      ['validation', 100],
    ]);
    expect(result.report.splits.reduce((n, s) => n + s.removed, 0)).toBe(result.report.totals.removed);
    expect(result.report.splits[0]!.confusion).toBeDefined();
    for (const out of ['output', 'removed']) {
      expect(JSON.parse(await readFile(join(dir, 'hf', out, 'dataset_dict.json'), 'utf8'))).toEqual({ splits: ['train', 'validation'] });
      expect(existsSync(join(dir, 'hf', out, 'train', 'state.json'))).toBe(true);
    }
    const rows = await judgmentRows(join(dir, 'hf'));
    expect(rows.filter((r) => r.split === 'validation')).toHaveLength(100);
  });
});

describe('bad input', () => {
  it('fails before any shard on a missing model, a bad term file or bad options', async () => {
    const bad = join(dir, 'bad-terms.txt');
    await writeFile(bad, '# only a comment\n');
    await expect(runFilter(base('x1', { classifier: join(dir, 'no-model') }))).rejects.toMatchObject({ code: 'W_MODEL_NOT_FOUND' });
    await expect(runFilter(base('x2', { blocklist: bad }))).rejects.toMatchObject({ code: 'W_CONFIG_INVALID' });
    await expect(runFilter(base('x3', { blocklist: join(dir, 'missing.txt') }))).rejects.toMatchObject({ code: 'W_IO_NOT_FOUND' });
    await expect(runFilter(base('x4', { filters: ['blocklist', 'blocklist'] }))).rejects.toMatchObject({ code: 'W_USAGE' });
    await expect(runFilter(base('x5', { filters: ['llm', 'blocklist'], classifier: undefined, llm: { endpoint: 'http://127.0.0.1:1/v1', model: 'm' } }))).rejects.toThrow(/cannot be the first filter/);
    await expect(runFilter(base('x6', { filters: ['blocklist'] }))).rejects.toThrow(/--classifier is given but --filters/);
    await expect(runFilter(base('x7', { saveEvery: 0 }))).rejects.toThrow(/--save-every/);
    await expect(runFilter(base('x8', { classifierLabel: 'toxic' }))).rejects.toThrow(/not a label of the model/);
    await expect(runFilter(base('x9', { input: [join(dir, 'nothing-here.jsonl')] }))).rejects.toMatchObject({ code: 'W_IO_NOT_FOUND' });
    for (const name of ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9']) expect(existsSync(join(dir, name, 'manifest.json'))).toBe(false);
  });

  it('fails on a record without text, or skips it to rejects with --on-error skip', async () => {
    const input = join(dir, 'broken.jsonl');
    await writeFile(input, '{"id":"a","text":"glimmerfrost and nullsalt"}\n{"id":"b"}\nnot json\n{"id":"c","text":"plain"}\n');
    await expect(runFilter(base('broken', { input: [input] }))).rejects.toMatchObject({ code: 'W_IO_BAD_RECORD' });
    const skipped = await runFilter(base('broken2', { input: [input], onError: 'skip' }));
    expect(skipped.report.totals).toMatchObject({ records: 2, rejects: 2 });
  });
});
