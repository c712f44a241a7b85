import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIUpstream, type OpenAIUpstream } from '../../../test/upstreams/openai.js';
import type { FilterRunOptions } from './config.js';
import { rethreshold } from './rethreshold.js';
import { runFilter } from './run.js';
import { DEMO_CORPUS, DEMO_MODEL, DEMO_TERMS, judgmentRows } from './test-helpers/fixtures.js';

let dir: string;
let upstream: OpenAIUpstream;

const options = (output: string, extra: Partial<FilterRunOptions> = {}): FilterRunOptions => ({
  input: [DEMO_CORPUS],
  output: join(dir, output),
  filters: ['blocklist', 'classifier'],
  blocklist: DEMO_TERMS,
  classifier: DEMO_MODEL,
  saveEvery: 0.25,
  labelField: 'label',
  workers: 1,
  ...extra,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-rethreshold-'));
  // The judge's stand-in: '1' for step-by-step brewing texts, '0' otherwise, and a server error
  // for texts that use a copper retort (so the error policy has something to decide).
  upstream = await startOpenAIUpstream((request) => {
    const prompt = JSON.stringify(request.body);
    if (prompt.includes('copper retort')) return { status: 500 };
    return { content: prompt.includes('Begin by') || prompt.includes('seal the') ? '1' : '0' };
  });
  await runFilter(options('run'));
});
afterAll(async () => {
  await upstream?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('rethreshold', () => {
  it('recomputes decisions from the logged max scores, without reading or scoring records', async () => {
    const rows = await judgmentRows(join(dir, 'run'));
    const original = JSON.parse(await readFile(join(dir, 'run', 'report.json'), 'utf8'));
    for (const threshold of [0, 0.05, 0.5, 0.95, 1]) {
      const result = await rethreshold(join(dir, 'run'), threshold);
      const expected = rows.filter((r) => r.blocklist_escalate === true && (r.classifier_max as number) >= threshold);
      expect(result.report.totals.removed).toBe(expected.length);
      expect(result.report.threshold).toBe(threshold);
      const removed = (await readFile(join(result.dir, 'removed-ids.jsonl'), 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).id);
      const kept = (await readFile(join(result.dir, 'kept-ids.jsonl'), 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).id);
      expect(removed).toEqual(expected.map((r) => r.id));
      expect(kept.length + removed.length).toBe(300);
      expect(JSON.parse(await readFile(join(result.dir, 'report.json'), 'utf8')).totals).toEqual(result.report.totals);
      expect(await readFile(join(result.dir, 'report.html'), 'utf8')).toContain(`rethreshold ${threshold}`);
      expect(result.before).toEqual({ removed: original.totals.removed, threshold: 0.5 });
    }
    // The run's threshold gives the run's own decisions back.
    const same = await rethreshold(join(dir, 'run'), 0.5);
    expect(same.report.totals).toEqual(original.totals);
    expect(same.report.labels).toEqual(original.labels);
    expect(same.dir).toBe(join(dir, 'run', 'rethreshold', 'threshold-0.5'));
    // Writing again replaces the folder whole; no staging folders are left behind, even a killed one's.
    await mkdir(join(dir, 'run', 'rethreshold', '.tmp-threshold-0.5-123-abcd'), { recursive: true });
    await rethreshold(join(dir, 'run'), 0.5);
    expect((await readdir(join(dir, 'run', 'rethreshold'))).sort()).toEqual(['threshold-0', 'threshold-0.05', 'threshold-0.5', 'threshold-0.95', 'threshold-1']);
    // The run itself is untouched.
    expect(JSON.parse(await readFile(join(dir, 'run', 'report.json'), 'utf8'))).toEqual(original);
  });

  it('refuses a threshold out of range, a folder that is not a finished run, or a run without a classifier', async () => {
    await expect(rethreshold(join(dir, 'run'), 1.5)).rejects.toMatchObject({ code: 'W_USAGE' });
    await expect(rethreshold(join(dir, 'nowhere'), 0.5)).rejects.toMatchObject({ code: 'W_IO_NOT_FOUND' });
    await runFilter(options('blocklist-only', { filters: ['blocklist'], classifier: undefined }));
    await expect(rethreshold(join(dir, 'blocklist-only'), 0.5)).rejects.toThrow(/no classifier stage/);
    const manifestPath = join(dir, 'blocklist-only', 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, status: 'running' }));
    await expect(rethreshold(join(dir, 'blocklist-only'), 0.5)).rejects.toMatchObject({ code: 'W_RUN_MISMATCH' });
  });
});

describe('with the LLM judge after the classifier', () => {
  it('judges only classifier-escalated records, counts error outcomes, and reports never-judged records on rethreshold', async () => {
    const result = await runFilter(
      options('llm', {
        filters: ['blocklist', 'classifier', 'llm'],
        llm: { endpoint: upstream.baseURL, model: 'judge', maxRetries: 0, cache: 'off' },
        onLlmError: 'flag',
      }),
    );
    const rows = await judgmentRows(join(dir, 'llm'));
    const judged = rows.filter((r) => r.llm_outcome !== null);
    expect(judged.map((r) => r.id)).toEqual(rows.filter((r) => r.classifier_escalate === true).map((r) => r.id));
    expect(rows.filter((r) => r.removed).every((r) => r.llm_escalate === true)).toBe(true);
    const errors = judged.filter((r) => r.llm_outcome === 'error_flagged');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((r) => r.removed === true && r.llm_verdict === null && typeof r.llm_error === 'string')).toBe(true);
    const report = result.report;
    expect(report.llm).toMatchObject({ judged: judged.length, errors: { flag: errors.length, pass: 0, fail: 0 } });
    expect(report.llm!.flagged + report.llm!.passed + report.llm!.errors.flag).toBe(judged.length);
    expect(report.stages.map((s) => s.name)).toEqual(['blocklist', 'classifier', 'llm']);
    expect(report.stages[2]!.judged).toBe(judged.length);

    const lower = await rethreshold(join(dir, 'llm'), 0.01);
    const newly = rows.filter((r) => r.blocklist_escalate === true && r.classifier_escalate === false && (r.classifier_max as number) >= 0.01);
    expect(newly.length).toBeGreaterThan(0);
    expect(lower.report.stages[2]!.unjudged).toBe(newly.length);
    expect(lower.report.totals.removed).toBe(report.totals.removed + newly.length);
    const higher = await rethreshold(join(dir, 'llm'), 0.99);
    expect(higher.report.stages[2]!.unjudged).toBe(0);
    expect(higher.report.totals.removed).toBe(rows.filter((r) => r.removed && (r.classifier_max as number) >= 0.99).length);
    expect(existsSync(join(dir, 'llm', 'llm-cache.sqlite'))).toBe(false);
  });
});
