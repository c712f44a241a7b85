import { copyFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import type { OpenAIUpstream } from '../../../test/upstreams/openai.js';
import { useOpenAIUpstream } from '../../../test/upstreams/use-openai.js';
import type { FilterReport } from '../../apps/instruct/filter/index.js';
import type { SourceRecord } from '../../apps/instruct/types.js';

const fixtures = join(import.meta.dirname, '../../apps/instruct/structure/test-fixtures');
let dir: string;
let upstream: OpenAIUpstream;
useTempDir((path) => (dir = path));
useOpenAIUpstream((u) => (upstream = u));
const io = useCliCapture(['instruct', 'filter']);

async function readLines<T>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  return text.trim() ? text.trim().split('\n').map((line) => JSON.parse(line) as T) : [];
}

async function records(): Promise<string> {
  const path = join(dir, 'records.jsonl');
  await writeFile(path, (await readFile(join(fixtures, 'real-source.jsonl'), 'utf8')) + (await readFile(join(fixtures, 'adversarial.jsonl'), 'utf8')));
  return path;
}

describe('warden instruct filter', () => {
  it('writes kept and rejected records (rejected.jsonl beside --out by default) and a JSON report per reason', async () => {
    const input = await records();
    const out = join(dir, 'out', 'relevant.jsonl');
    expect(await io.cli('-i', input, '-o', out, '--json')).toBe(0);
    const report = JSON.parse(io.out) as FilterReport;
    const kept = await readLines<SourceRecord>(out);
    const rejected = await readLines<SourceRecord>(join(dir, 'out', 'rejected.jsonl'));
    expect(report).toMatchObject({ records: 28, kept: kept.length, rejected: rejected.length, rejectedOut: join(dir, 'out', 'rejected.jsonl'), threshold: 0.5, model: 'instruct-relevance@0.1.0' });
    expect(rejected.length).toBe(7);
    expect(report.byReason).toMatchObject({ 'rule:empty': 5, 'rule:rejected-cve': 1, 'rule:arxiv-off-topic': 1 });
    expect(Object.values(report.byReason).reduce((a, b) => a + b, 0)).toBe(28);
    for (const r of [...kept, ...rejected]) expect(Object.keys(r.relevance!).sort()).toEqual(['by', 'keep', 'reasons', 'score']);
    expect(rejected.every((r) => !r.relevance!.keep) && kept.every((r) => r.relevance!.keep)).toBe(true);
  });

  it('prints a readable summary with counts per reason', async () => {
    const input = await records();
    expect(await io.cli('-i', input, '-o', join(dir, 'kept.jsonl'), '--rejected', join(dir, 'dropped.jsonl'))).toBe(0);
    expect(io.out).toMatch(/^filtered 28 records: kept 21 -> .*kept\.jsonl, rejected 7 -> .*dropped\.jsonl/);
    expect(io.out).toContain('decided by rules 19, classifier 9, LLM 0');
    expect(io.out).toMatch(/rule:empty\s+5/);
    expect(io.out).toMatch(/records\/s/);
  });

  it('exits 2 with file and line for bad input, and writes no output', async () => {
    const input = join(dir, 'bad.jsonl');
    const good = (await readFile(join(fixtures, 'real-source.jsonl'), 'utf8')).split('\n')[0]!;
    const bad = JSON.parse(good) as Record<string, unknown>;
    delete bad.description;
    await writeFile(input, `${good}\n\n${JSON.stringify(bad)}\n`);
    const out = join(dir, 'kept.jsonl');
    expect(await io.cli('-i', input, '-o', out)).toBe(2);
    expect(io.err).toContain(`W_IO_BAD_RECORD: ${input}:3: field "description"`);
    await writeFile(input, `${good}\n{not json\n`);
    expect(await io.cli('-i', input, '-o', out)).toBe(2);
    expect(io.err).toContain(`W_IO_BAD_JSONL: ${input}:2: invalid JSON`);
    expect((await readdir(dir)).sort()).toEqual(['bad.jsonl']);
  });

  it('exits 2 on usage errors and a missing input or model', async () => {
    const input = join(dir, 'r.jsonl');
    await copyFile(join(fixtures, 'real-source.jsonl'), input);
    expect(await io.cli('-o', join(dir, 'x.jsonl'))).toBe(2);
    expect(io.err).toContain('give --input');
    expect(await io.cli('-i', join(dir, 'missing.jsonl'), '-o', join(dir, 'x.jsonl'))).toBe(2);
    expect(io.err).toContain(`W_IO_NOT_FOUND: ${join(dir, 'missing.jsonl')}`);
    expect(await io.cli('-i', input, '-o', input)).toBe(2);
    expect(io.err).toContain('three different files');
    expect(await io.cli('-i', input, '-o', join(dir, 'x.jsonl'), '--threshold', '1.5')).toBe(2);
    expect(io.err).toContain('--threshold must be a number from 0 to 1');
    expect(await io.cli('-i', input, '-o', join(dir, 'x.jsonl'), '--judge-band', '0.7,0.3')).toBe(2);
    expect(await io.cli('-i', input, '-o', join(dir, 'x.jsonl'), '--llm-errors', 'ignore')).toBe(2);
    expect(await io.cli('-i', input, '-o', join(dir, 'x.jsonl'), '--model', join(dir, 'no-model'))).toBe(2);
    expect(io.err).toContain('W_MODEL_NOT_FOUND');
    expect((await readdir(dir)).sort()).toEqual(['r.jsonl']);
  });

  it('--llm-judge needs a configured LLM, then judges the records in --judge-band', async () => {
    const input = await records();
    vi.stubEnv('WARDEN_LLM_BASE_URL', '');
    vi.stubEnv('WARDEN_LLM_MODEL', '');
    vi.stubEnv('WARDEN_LLM_PROVIDER', '');
    try {
      expect(await io.cli('-i', input, '-o', join(dir, 'k.jsonl'), '--llm-judge')).toBe(2);
      expect(io.err).toContain('W_LLM_NOT_CONFIGURED');

      vi.stubEnv('WARDEN_LLM_BASE_URL', upstream.baseURL);
      vi.stubEnv('WARDEN_LLM_MODEL', 'judge-model');
      vi.stubEnv('WARDEN_LLM_API_KEY', 'sk-test-local');
      vi.stubEnv('WARDEN_LLM_PROVIDER', 'openai');
      vi.stubEnv('WARDEN_LLM_MAX_RETRIES', '0');
      vi.stubEnv('WARDEN_LLM_CACHE', 'off');
      upstream.use({ content: JSON.stringify({ relevant: false, reason: 'Judged off topic for the test.' }) });
      io.out = '';
      const out = join(dir, 'judged.jsonl');
      expect(await io.cli('-i', input, '-o', out, '--llm-judge', '--judge-band', '0,1', '--json')).toBe(0);
      const report = JSON.parse(io.out) as FilterReport;
      // Every record the rules leave to the classifier (9) is judged, and the judge drops them all.
      expect(report.llm).toEqual({ judged: 9, relevant: 0, irrelevant: 9, errors: {} });
      expect(report.band).toEqual([0, 1]);
      expect(report.byDecider).toEqual({ rules: 19, classifier: 0, llm: 9 });
      const rejected = await readLines<SourceRecord>(join(dir, 'rejected.jsonl'));
      expect(rejected.filter((r) => r.relevance!.by === 'llm').every((r) => r.relevance!.reasons[1] === 'llm:irrelevant: Judged off topic for the test.')).toBe(true);
      expect(upstream.requests).toHaveLength(9);
      expect((await stat(out)).isFile()).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('shows examples in --help', async () => {
    await io.cli('--help');
    expect(io.out).toContain('warden instruct filter -i out/records.jsonl -o out/relevant.jsonl');
    expect(io.out).toContain('--llm-judge');
  });
});
