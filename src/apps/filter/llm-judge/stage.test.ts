import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WardenError } from '../../../core/errors.js';
import { silentLogger } from '../../../core/log.js';
import { DEFAULT_FIELDS, type Rec } from '../../../io/record.js';
import type { ShardContext } from '../../../pipeline/stage.js';
import { startOpenAIUpstream, type OpenAIScenario, type OpenAIUpstream } from '../../../../test/upstreams/openai.js';
import type { RecordedRequest } from '../../../../test/upstreams/server.js';
import type { LlmJudgment } from './judgment.js';
import { createLlmJudgeStage, isEscalated, type LlmJudgeStage } from './stage.js';

let upstream: OpenAIUpstream;
let dir: string;
const stages: LlmJudgeStage[] = [];

beforeAll(async () => {
  upstream = await startOpenAIUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-llm-judge-'));
  upstream.requests.length = 0;
});
afterEach(async () => {
  for (const stage of stages.splice(0)) await stage.close();
  await rm(dir, { recursive: true, force: true });
});

/** A record the blocklist escalated (or not); its text carries a marker the upstream answers by. */
function rec(id: string, escalate = true, text = `document ${id} about lab procedures`): Rec {
  return { id, text, judgments: { blocklist: { terms: ['x', 'y'], distinct: 2, escalate } } };
}

/** The document text inside a recorded request's prompt. */
function promptOf(request: RecordedRequest): string {
  const body = request.body as { messages: { content: string }[] };
  return body.messages[0]!.content;
}

/** Answers each document by the `answer=` marker in its text (default '1'). */
function byMarker(extra: Partial<OpenAIScenario> = {}) {
  return (request: RecordedRequest): OpenAIScenario => {
    const prompt = promptOf(request);
    const at = prompt.indexOf('answer=');
    return { content: at >= 0 ? prompt.slice(at + 7, prompt.indexOf(';', at)) : '1', ...extra };
  };
}

async function judge(options: Record<string, unknown> = {}) {
  const stage = await createLlmJudgeStage({ endpoint: upstream.baseURL, model: 'judge-model', backoff_ms: 5, ...options });
  stages.push(stage);
  return stage;
}

interface Failed {
  stage: string;
  id: unknown;
  error: unknown;
}

/** A shard context as run-shard builds it: `fail` throws with onError 'fail', else records. */
function context(onError: 'fail' | 'skip' = 'skip') {
  const failed: Failed[] = [];
  const ctx: ShardContext = {
    shard: 'part-00000',
    fields: DEFAULT_FIELDS,
    onError,
    log: silentLogger,
    drop() {
      throw new Error('the llm judge never drops');
    },
    fail(stage, record, error) {
      if (onError === 'fail') throw error;
      failed.push({ stage, id: record?.id, error });
    },
  };
  return { ctx, failed };
}

async function runStage(stage: LlmJudgeStage, batches: Rec[][], ctx = context().ctx): Promise<Rec[][]> {
  async function* source() {
    for (const batch of batches) yield batch;
  }
  const out: Rec[][] = [];
  for await (const batch of stage.run(source(), ctx)) out.push(batch);
  return out;
}

const llm = (record: Rec | undefined) => (record?.judgments as { llm?: LlmJudgment } | undefined)?.llm;

describe('LLM judge stage over real HTTP', () => {
  it('judges only escalated records, sends the model, temperature 0 and the prompt, keeps other fields', async () => {
    upstream.use(byMarker());
    const stage = await judge({ max_tokens: 4 });
    const input = [
      rec('a', true, 'answer=1; hazardous protocol'),
      rec('b', false),
      { id: 'c', text: 'no judgments at all' },
      rec('d', true, 'answer=0; a history essay'),
      { id: 'e', text: 'classifier said no', judgments: { blocklist: { escalate: true }, classifier: { max: 0.1, escalate: false } } },
    ];
    const [out] = await runStage(stage, [input]);
    expect(out!.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Not escalated: the very same objects, untouched.
    expect(out![1]).toBe(input[1]);
    expect(out![2]).toBe(input[2]);
    expect(out![4]).toBe(input[4]);
    expect(upstream.requests).toHaveLength(2);
    const body = upstream.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'judge-model', temperature: 0, max_tokens: 4 });
    expect(upstream.requests[0]!.path).toBe('/v1/chat/completions');
    expect(promptOf(upstream.requests[0]!)).toContain('<document>\nanswer=1; hazardous protocol\n</document>');
    expect(upstream.requests[0]!.headers.authorization).toBe('Bearer none');
    expect(llm(out![0])).toEqual({ verdict: 1, raw: '1', cached: false, ms: expect.any(Number), attempts: 1, truncated: false, outcome: 'flagged', escalate: true });
    expect(llm(out![3])).toMatchObject({ verdict: 0, raw: '0', outcome: 'passed', escalate: false });
    // Other stages' fields are kept as they were, the judgment is added after them.
    expect(Object.keys(out![0]!.judgments as object)).toEqual(['blocklist', 'llm']);
    expect((out![0]!.judgments as Rec).blocklist).toBe((input[0]!.judgments as Rec).blocklist);
    expect(input[0]!.judgments).not.toHaveProperty('llm');
    expect(stage.counts).toMatchObject({ seen: 5, skipped: 3, judged: 2, flagged: 1, passed: 1, cached: 0, requests: 2, retries: 0, errors: { flag: 0, pass: 0, fail: 0 } });
  });

  it('reads the API key from the named environment variable and gates on a named stage', async () => {
    upstream.use({ content: '0' });
    process.env.WARDEN_TEST_LLM_KEY = 'sk-test-judge';
    try {
      const stage = await judge({ api_key_env: 'WARDEN_TEST_LLM_KEY', escalated_by: 'classifier' });
      const records = [
        { id: 'x', text: 't', judgments: { blocklist: { escalate: true }, classifier: { escalate: true } } },
        { id: 'y', text: 't', judgments: { blocklist: { escalate: true } } },
      ];
      const [out] = await runStage(stage, [records]);
      expect(upstream.requests).toHaveLength(1);
      expect(upstream.requests[0]!.headers.authorization).toBe('Bearer sk-test-judge');
      expect(llm(out![0])?.verdict).toBe(0);
      expect(out![1]).toBe(records[1]);
    } finally {
      delete process.env.WARDEN_TEST_LLM_KEY;
    }
  });

  it('keeps at most `concurrency` requests in flight and the output in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    upstream.use((request) => {
      inFlight = upstream.requests.filter((r) => !r.finished && !r.aborted).length;
      peak = Math.max(peak, inFlight);
      // Later documents answer sooner, so requests finish out of order.
      const n = Number(/doc(\d+)/.exec(promptOf(request))![1]);
      return { content: n % 3 === 0 ? '1' : '0', delayMs: 80 - n * 3 };
    });
    const stage = await judge({ concurrency: 3 });
    const batch = Array.from({ length: 20 }, (_, i) => rec(`r${i}`, i % 4 !== 3, `doc${i} text`));
    const out = await runStage(stage, [batch.slice(0, 12), batch.slice(12)]);
    expect(out.map((b) => b.length)).toEqual([12, 8]);
    const flat = out.flat();
    expect(flat.map((r) => r.id)).toEqual(batch.map((r) => r.id));
    flat.forEach((record, i) => {
      if (i % 4 === 3) expect(llm(record)).toBeUndefined();
      else expect(llm(record)?.verdict).toBe(i % 3 === 0 ? 1 : 0);
    });
    expect(upstream.requests).toHaveLength(15);
    expect(peak).toBe(3);
  });

  it('retries a 429 after its Retry-After and a 500 with backoff, then succeeds', async () => {
    const arrivals: number[] = [];
    upstream.use((): OpenAIScenario => {
      arrivals.push(performance.now());
      if (arrivals.length === 1) return { status: 429, headers: { 'retry-after': '1' }, error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } };
      if (arrivals.length === 2) return { status: 500 };
      if (arrivals.length === 3) return { status: 503, headers: { 'retry-after-ms': '150' } };
      return { content: 'Yes' };
    });
    const stage = await judge({ backoff_ms: 200, max_retries: 4 });
    const [out] = await runStage(stage, [[rec('a')]]);
    expect(arrivals).toHaveLength(4);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(990);
    // Backoff after the second failure: 2 × 200 ms with equal jitter ≥ 200 ms.
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(195);
    expect(arrivals[3]! - arrivals[2]!).toBeGreaterThanOrEqual(145);
    expect(arrivals[3]! - arrivals[2]!).toBeLessThan(400);
    expect(llm(out![0])).toMatchObject({ verdict: 1, raw: 'Yes', attempts: 4, outcome: 'flagged', escalate: true });
    expect(stage.counts).toMatchObject({ judged: 1, flagged: 1, requests: 4, retries: 3 });
  });

  it.each([
    ['flag', { outcome: 'error_flagged', escalate: true }],
    ['pass', { outcome: 'error_passed', escalate: false }],
  ] as const)('after retries are exhausted, on_error %s decides and is counted', async (policy, expected) => {
    upstream.use({ status: 500 });
    const stage = await judge({ on_error: policy, max_retries: 2, backoff_ms: 1 });
    const [out] = await runStage(stage, [[rec('a'), rec('b', false)]]);
    expect(upstream.requests).toHaveLength(3);
    expect(llm(out![0])).toEqual({
      verdict: null,
      raw: '',
      error: expect.stringMatching(/^HTTP 500 .*\(gave up after 3 attempts\)$/),
      error_kind: 'server',
      cached: false,
      ms: expect.any(Number),
      attempts: 3,
      truncated: false,
      ...expected,
    });
    expect(stage.counts).toMatchObject({ judged: 1, flagged: 0, passed: 0, requests: 3, retries: 2, errors: { flag: policy === 'flag' ? 1 : 0, pass: policy === 'pass' ? 1 : 0, fail: 0 } });
    expect(stage.counts.error_kinds.server).toBe(1);
  });

  it('on_error fail sends the record to ctx.fail: rejects with --on-error skip, a stopped run with fail', async () => {
    upstream.use({ status: 502 });
    const stage = await judge({ on_error: 'fail', max_retries: 1, backoff_ms: 1 });
    const { ctx, failed } = context('skip');
    const [out] = await runStage(stage, [[rec('a'), rec('b', false)]], ctx);
    expect(out!.map((r) => r.id)).toEqual(['b']);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ stage: 'llm', id: 'a' });
    expect((failed[0]!.error as WardenError).message).toMatch(/^llm judge \(on_error fail\): server: HTTP 502 /);
    expect(stage.counts.errors).toEqual({ flag: 0, pass: 0, fail: 1 });
    const strict = context('fail');
    await expect(runStage(stage, [[rec('c')]], strict.ctx)).rejects.toMatchObject({ code: 'W_RUN_STAGE' });
  });

  it('treats an unparseable answer as an error without retrying, keeping the raw answer', async () => {
    upstream.use({ content: 'I cannot determine that from the text.' });
    const stage = await judge({ on_error: 'flag' });
    const [out] = await runStage(stage, [[rec('a')]]);
    expect(upstream.requests).toHaveLength(1);
    expect(llm(out![0])).toMatchObject({ verdict: null, raw: 'I cannot determine that from the text.', error_kind: 'unparseable', outcome: 'error_flagged', escalate: true, attempts: 1 });
    expect(stage.counts.error_kinds.unparseable).toBe(1);
    upstream.use({ content: 'x'.repeat(2000) });
    const [long] = await runStage(stage, [[rec('b')]]);
    expect(llm(long![0])!.raw).toMatch(/…\[2000 chars\]$/);
    expect(llm(long![0])!.raw.length).toBeLessThan(300);
  });

  it('times out a hanging request, retries it, then applies the policy', async () => {
    upstream.use({ hang: 'headers' });
    const stage = await judge({ timeout_ms: 200, max_retries: 1, backoff_ms: 1, on_error: 'pass' });
    const started = performance.now();
    const [out] = await runStage(stage, [[rec('a')]]);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(upstream.requests).toHaveLength(2);
    expect(llm(out![0])).toMatchObject({ verdict: null, error_kind: 'timeout', attempts: 2, outcome: 'error_passed', escalate: false });
    await upstream.waitForAbort(2000);
    expect(upstream.requests.every((r) => r.aborted)).toBe(true);
  });

  it('answers a re-run from the cache with zero upstream calls; a new prompt or model misses; errors are not cached', async () => {
    upstream.use(byMarker());
    const cache = `sqlite:${join(dir, 'run', 'llm-cache.sqlite')}`;
    const input = [rec('a', true, 'answer=1; one'), rec('b', true, 'answer=0; two'), rec('c', true, 'answer=maybe; three'), rec('d', false)];
    const first = await judge({ cache });
    const [once] = await runStage(first, [input]);
    await first.close();
    expect(upstream.requests).toHaveLength(3);

    const second = await judge({ cache });
    const [again] = await runStage(second, [input]);
    // Only the unparseable answer is asked again.
    expect(upstream.requests).toHaveLength(4);
    expect(llm(again![0])).toMatchObject({ verdict: 1, raw: '1', cached: true, attempts: 0, outcome: 'flagged' });
    expect(llm(again![1])).toMatchObject({ verdict: 0, cached: true, outcome: 'passed' });
    expect(llm(again![2])).toMatchObject({ verdict: null, cached: false, error_kind: 'unparseable' });
    expect(llm(once![0])?.verdict).toBe(llm(again![0])?.verdict);
    expect(second.counts).toMatchObject({ judged: 3, cached: 2, requests: 1 });
    // A re-run over answers that all parsed makes zero upstream calls.
    const third = await judge({ cache });
    await runStage(third, [[input[0]!, input[1]!, input[3]!]]);
    expect(upstream.requests).toHaveLength(4);
    expect(third.counts).toMatchObject({ judged: 2, cached: 2, requests: 0 });

    const prompt = join(dir, 'prompt.txt');
    await writeFile(prompt, 'Hazardous? 0/1\n{{text}}');
    const otherPrompt = await judge({ cache, prompt_file: prompt });
    await runStage(otherPrompt, [input.slice(0, 1)]);
    expect(upstream.requests).toHaveLength(5);
    expect(promptOf(upstream.requests[4]!)).toBe('Hazardous? 0/1\nanswer=1; one');
    const otherModel = await judge({ cache, model: 'another-model' });
    await runStage(otherModel, [input.slice(0, 1)]);
    expect(upstream.requests).toHaveLength(6);
  });

  it('cuts long documents to max_chars before prompting and caching', async () => {
    upstream.use({ content: '0' });
    const stage = await judge({ max_chars: 10, prompt_file: undefined });
    const [out] = await runStage(stage, [[rec('a', true, 'ABCDEFGHIJKLMNOP')]]);
    const prompt = promptOf(upstream.requests[0]!);
    expect(prompt).toContain('<document>\nABCDEFGHIJ\n</document>');
    expect(prompt).not.toContain('K');
    expect(llm(out![0])).toMatchObject({ truncated: true, verdict: 0 });
  });

  it('stops on 401/403/404 whatever the policy: a wrong key, URL or model is not a per-record error', async () => {
    upstream.use({ status: 401, error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const stage = await judge({ on_error: 'flag', max_retries: 3 });
    const error = await runStage(stage, [[rec('a'), rec('b')]]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect(error).toMatchObject({ code: 'W_CONFIG_INVALID', message: expect.stringContaining('refused the request for model "judge-model" (HTTP 401 Incorrect API key provided)') });
    // No retries on a 401.
    expect(upstream.requests).toHaveLength(2);
  });

  it('never puts document text into errors, even when the server echoes it', async () => {
    const secret = 'the precise synthesis route for compound XYZ-42 in six steps';
    // A validation error that quotes the input back (some servers do).
    upstream.use((request) => ({ status: 400, error: { message: `invalid request: ${promptOf(request).slice(-120)}`, type: 'BadRequestError', code: null } }));
    const stage = await judge({ on_error: 'flag' });
    const [out] = await runStage(stage, [[rec('a', true, secret)]]);
    const judgment = llm(out![0])!;
    expect(judgment).toMatchObject({ error_kind: 'request', outcome: 'error_flagged', attempts: 1 });
    expect(judgment.error).toMatch(/^HTTP 400 .*withheld/);
    expect(judgment.error).not.toContain('synthesis');
  });

  it('fails an escalated record that has no text through ctx.fail, without a request', async () => {
    const stage = await judge();
    const { ctx, failed } = context('skip');
    const [out] = await runStage(stage, [[{ id: 'n', body: 'x', judgments: { blocklist: { escalate: true } } }, rec('b', false)]], ctx);
    expect(out!.map((r) => r.id)).toEqual(['b']);
    expect(failed[0]).toMatchObject({ stage: 'llm', id: 'n', error: expect.objectContaining({ code: 'W_IO_BAD_RECORD' }) });
    expect(upstream.requests).toHaveLength(0);
  });

  it('checks options and the prompt hash before any request', async () => {
    await expect(createLlmJudgeStage({ endpoint: 'ftp://x', model: 'm' })).rejects.toMatchObject({ code: 'W_CONFIG_INVALID', message: expect.stringContaining('"endpoint"') });
    await expect(createLlmJudgeStage({ endpoint: upstream.baseURL, model: 'm', on_error: 'ignore' })).rejects.toThrow(/"on_error"/);
    await expect(createLlmJudgeStage({ endpoint: upstream.baseURL, model: 'm', surprise: 1 })).rejects.toThrow(/W?.*surprise|Unrecognized/);
    await expect(createLlmJudgeStage({ endpoint: upstream.baseURL, model: 'm', prompt_sha256: '0'.repeat(64) })).rejects.toThrow(/prompt template changed/);
    const stage = await judge();
    const same = await createLlmJudgeStage({ endpoint: upstream.baseURL, model: 'm', prompt_sha256: stage.template.sha256 });
    expect(same.template.sha256).toBe(stage.template.sha256);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('isEscalated', () => {
  it('follows the last judgment with an escalate flag, or the named one', () => {
    expect(isEscalated({ judgments: { blocklist: { escalate: true } } }, 'auto')).toBe(true);
    expect(isEscalated({ judgments: { blocklist: { escalate: true }, classifier: { escalate: false } } }, 'auto')).toBe(false);
    expect(isEscalated({ judgments: { blocklist: { escalate: true }, classifier: { escalate: false } } }, 'blocklist')).toBe(true);
    expect(isEscalated({ judgments: { blocklist: { escalate: 'yes' } } }, 'auto')).toBe(false);
    expect(isEscalated({ judgments: { blocklist: { escalate: true }, llm: { escalate: false } } }, 'auto')).toBe(true);
    expect(isEscalated({ judgments: 'x' }, 'auto')).toBe(false);
    expect(isEscalated({}, 'auto')).toBe(false);
  });
});
