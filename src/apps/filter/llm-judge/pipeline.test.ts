import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InlineExecutor } from '../../../pipeline/executors/inline.js';
import { LocalExecutor } from '../../../pipeline/executors/local.js';
import { runPipeline } from '../../../pipeline/runner.js';
import { parseRunConfig } from '../../../pipeline/spec.js';
import { startOpenAIUpstream, type OpenAIUpstream } from '../../../../test/upstreams/openai.js';
import type { RecordedRequest } from '../../../../test/upstreams/server.js';
import { countLlmJudgment, emptyLlmCounts } from './judgment.js';

const stageModule = pathToFileURL(join(import.meta.dirname, 'stage.ts')).href;
let upstream: OpenAIUpstream;
let dir: string;

beforeAll(async () => {
  upstream = await startOpenAIUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-llm-pipe-'));
  upstream.requests.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const COUNT = 300;

/** Every third record escalated by the blocklist; the upstream answers 1 for ids divisible by 2. */
async function writeInput(): Promise<string> {
  const lines = Array.from({ length: COUNT }, (_, i) =>
    JSON.stringify({ id: `d${i}`, text: `doc #${i}# ${'filler words '.repeat(i % 9)}`, judgments: { blocklist: { terms: [], distinct: i % 3 === 0 ? 2 : 0, escalate: i % 3 === 0 } } }),
  );
  const path = join(dir, 'in.jsonl');
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

function answer(request: RecordedRequest) {
  const prompt = (request.body as { messages: { content: string }[] }).messages[0]!.content;
  const n = Number(prompt.slice(prompt.indexOf('#') + 1, prompt.indexOf('#', prompt.indexOf('#') + 1)));
  return n % 10 === 9 ? { status: 500 } : { content: n % 2 === 0 ? '1' : '0' };
}

async function readJsonl(folder: string): Promise<Record<string, unknown>[]> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.jsonl')).sort();
  const text = (await Promise.all(files.map((f) => readFile(join(folder, f), 'utf8')))).join('');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function config(input: string, output: string, judge: Record<string, unknown>, onError: 'fail' | 'skip' = 'fail') {
  return parseRunConfig({
    input,
    output,
    part_size_mb: 0.005,
    on_error: onError,
    stages: [{ module: stageModule, export: 'createLlmJudgeStage', with: { endpoint: upstream.baseURL, model: 'judge', backoff_ms: 1, max_retries: 1, ...judge } }],
  });
}

describe('LLM judge inside the pipeline', () => {
  it('is built from plain data in worker threads, shares one SQLite cache, and a second run asks only what was not cached', async () => {
    upstream.use(answer);
    const input = await writeInput();
    const cache = `sqlite:${join(dir, 'cache', 'llm-cache.sqlite')}`;
    const first = await runPipeline(config(input, join(dir, 'run1'), { cache, concurrency: 4 }), { executor: new LocalExecutor(2) });
    expect(first.manifest.shards).toBeGreaterThan(2);
    expect(first.stats.written).toBe(COUNT);
    const escalated = COUNT / 3;
    expect(upstream.requests.length).toBe(escalated + 10);

    const records = await readJsonl(join(dir, 'run1', 'output'));
    expect(records.map((r) => r.id)).toEqual(Array.from({ length: COUNT }, (_, i) => `d${i}`));
    const counts = emptyLlmCounts();
    for (const record of records) countLlmJudgment(counts, (record.judgments as Record<string, unknown>).llm);
    expect(counts).toMatchObject({ seen: COUNT, skipped: COUNT - escalated, judged: escalated, flagged: 50, passed: 40, errors: { flag: 10, pass: 0, fail: 0 }, requests: escalated + 10, retries: 10 });
    expect(counts.error_kinds.server).toBe(10);

    const second = await runPipeline(config(input, join(dir, 'run2'), { cache, concurrency: 4 }), { executor: new InlineExecutor() });
    // Only the 10 server errors (never cached) are asked again.
    expect(upstream.requests.length).toBe(escalated + 10 + 20);
    expect(second.stats.written).toBe(COUNT);
    const again = await readJsonl(join(dir, 'run2', 'output'));
    const cached = again.map((r) => (r.judgments as { llm?: { cached: boolean; verdict: number | null } }).llm).filter((j) => j !== undefined);
    expect(cached.filter((j) => j.cached)).toHaveLength(90);
    expect(cached.map((j) => j.verdict)).toEqual(records.map((r) => (r.judgments as { llm?: { verdict: number | null } }).llm).filter((j) => j !== undefined).map((j) => j.verdict));
  });

  it('on_error fail: records go to the rejects with --on-error skip, and stop the run with --on-error fail', async () => {
    upstream.use(answer);
    const input = await writeInput();
    const skipped = await runPipeline(config(input, join(dir, 'skip'), { on_error: 'fail' }, 'skip'), { executor: new InlineExecutor() });
    expect(skipped.stats.stages[0]).toMatchObject({ name: 'llm', errors: 10, dropped: 0 });
    expect(skipped.stats.written).toBe(COUNT - 10);
    const rejects = await readJsonl(join(dir, 'skip', 'rejects'));
    expect(rejects).toHaveLength(10);
    expect(rejects[0]).toMatchObject({ stage: 'llm', id: 'd9', reason: expect.stringMatching(/^llm judge \(on_error fail\): server: HTTP 500/) });
    expect(JSON.stringify(rejects)).not.toContain('filler');

    const failed = await runPipeline(config(input, join(dir, 'fail'), { on_error: 'fail' }, 'fail'), { executor: new InlineExecutor() }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'W_RUN_STAGE' });
  });
});
