import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { startOpenAIUpstream, type OpenAIUpstream } from '../../../test/upstreams/openai.js';
import { startOpenAIBatchUpstream, type OpenAIBatchUpstream } from '../../../test/upstreams/openai-batch.js';
import { useTempDir } from '../../../test/helpers.js';
import { eventually } from '../../../test/upstreams/proxy.js';
import { LlmError } from '../errors.js';
import type { BatchApi } from './types.js';
import { batchRunStatus, runBatch } from './runner.js';
import { openAITestProvider } from './test-helpers/providers.js';
import { answerFor, isRequest, makeItems, openAIApi, userText } from './test-helpers/scenario.js';

let dir = '';
useTempDir((path) => (dir = path), 'warden-batch-');
let batch: OpenAIBatchUpstream;
let chat: OpenAIUpstream;
let store: Store;

beforeEach(async () => {
  batch = await startOpenAIBatchUpstream((req) => ({ content: answerFor(req.body), usage: { prompt_tokens: 7, completion_tokens: 3 } }));
  chat = await startOpenAIUpstream((req) => ({ content: answerFor(req.body as Record<string, unknown>), usage: { prompt_tokens: 7, completion_tokens: 3 } }));
  store = await openStore(`sqlite:${join(dir, 'runs.db')}`);
});

afterEach(async () => {
  await store.close();
  await batch.close();
  await chat.close();
});

const base = () => ({ store, provider: openAITestProvider(chat.baseURL), api: openAIApi(batch.baseURL), minBatchItems: 5, pollMs: 30, maxPollMs: 100 });
const chatCalls = (): number => chat.requests.filter(isRequest('POST', /\/chat\/completions$/)).length;
const creates = (): number => batch.requests.filter(isRequest('POST', /^\/v1\/batches$/)).length;

describe('OpenAI Batch through the official SDK', () => {
  it('uploads JSONL, creates a 24h batch, polls, downloads the output and maps answers back by custom_id', async () => {
    batch.timing({ validateMs: 30, itemMs: 5, finalizeMs: 30 });
    const items = makeItems(30, true);
    const statuses = new Set<string>();
    const report = await runBatch(items, { ...base(), runId: 'full', onEvent: (e) => e.type === 'polled' && statuses.add(e.status) });

    expect(report.counts).toEqual({ ok: 30, failed: 0, byKind: {} });
    report.results.forEach((result, i) => {
      expect(result.id).toBe(`q${i}`);
      if (!result.ok) throw new Error(result.error);
      expect(result.response.json).toEqual({ q: `question ${i}` });
      expect(result.response.text).toBe(JSON.stringify({ q: `question ${i}` }));
      expect(result.response).toMatchObject({ model: 'gpt-4o-mini-2024-07-18', finishReason: 'stop', usage: { inputTokens: 7, outputTokens: 3 }, cached: false, attempts: 1 });
    });
    expect(report.usage).toEqual({ inputTokens: 210, outputTokens: 90 });
    expect(report.answeredBy).toEqual({ batch: 30, concurrent: 0 });
    expect(chatCalls()).toBe(0);
    expect([...statuses].at(-1)).toBe('completed');

    // The wire: a multipart upload with purpose=batch holding one request line per item.
    const upload = batch.requests.find(isRequest('POST', /^\/v1\/files$/))!;
    expect(String(upload.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    const lines = String(upload.body)
      .split('\n')
      .filter((l) => l.startsWith('{"custom_id"'))
      .map((l) => JSON.parse(l) as { custom_id: string; method: string; url: string; body: Record<string, unknown> });
    expect(lines).toHaveLength(30);
    expect(lines[0]).toMatchObject({ method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', max_completion_tokens: 50, response_format: { type: 'json_schema', json_schema: { name: 'reply', strict: true } } } });
    expect(lines.map((l) => userText(l.body))).toEqual(items.map((_, i) => `question ${i}`));
    expect(String(upload.body)).toMatch(/name="purpose"\r\n\r\nbatch\r\n/);
    const create = batch.requests.find(isRequest('POST', /^\/v1\/batches$/))!;
    expect(create.body).toMatchObject({ endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { warden_run: 'full' } });
    expect(batch.requests.filter(isRequest('GET', /^\/v1\/files\/file-[0-9a-f]+\/content$/))).toHaveLength(1);

    const status = await batchRunStatus(store, 'full');
    expect(status).toMatchObject({ items: 30, done: 30, failed: 0, pending: 0, inFlight: 0 });
    expect(status.batches).toHaveLength(1);
    expect(status.batches[0]).toMatchObject({ provider: 'openai', status: 'completed', total: 30, succeeded: 30, collected: true, cancelReason: null });
  });

  it('retries per-line failures and missing lines, and reports requests that cannot succeed with their kind', async () => {
    const seen = new Map<string, number>();
    batch.answer((req) => {
      const user = userText(req.body);
      const n = (seen.get(user) ?? 0) + 1;
      seen.set(user, n);
      if (user === 'question 3') return { status: 500, error: { message: 'The server had an error processing your request.', type: 'server_error', code: null } };
      if (user === 'question 5') return { status: 400, error: { message: "Invalid value for 'temperature'.", type: 'invalid_request_error', code: 'invalid_value' } };
      if (user === 'question 7') return { missing: true };
      return { content: answerFor(req.body) };
    });
    const report = await runBatch(makeItems(12), { ...base(), runId: 'partial' });

    expect(creates()).toBe(1);
    // Two retryable failures are fewer than minBatchItems: they went through concurrent calls.
    expect(chat.requests.filter(isRequest('POST', /\/chat\/completions$/)).map((r) => userText(r.body)).sort()).toEqual(['question 3', 'question 7']);
    expect(report.answeredBy).toEqual({ batch: 9, concurrent: 2 });
    const failed = report.results.filter((r) => !r.ok);
    expect(failed).toEqual([{ id: 'q5', ok: false, kind: 'request', error: "HTTP 400 invalid_value: Invalid value for 'temperature'." }]);
    expect(report.counts).toEqual({ ok: 11, failed: 1, byKind: { request: 1 } });
    const q3 = report.results[3]!;
    expect(q3.ok && q3.response.text).toBe('answer to question 3');
  });

  it('gives up after the retry limit and reports the last kind', async () => {
    batch.answer(() => ({ status: 503, error: { message: 'overloaded', type: 'server_error', code: null } }));
    chat.use({ status: 503, error: { message: 'overloaded', type: 'server_error', code: null } });
    const report = await runBatch(makeItems(6), { ...base(), runId: 'limit', maxRetries: 2, minBatchItems: 2 });
    expect(report.counts).toEqual({ ok: 0, failed: 6, byKind: { server: 6 } });
    // One attempt plus two retries, each as a batch (6 items >= minBatchItems).
    expect(creates()).toBe(3);
    expect(chatCalls()).toBe(0);
  });

  it('retries the requests of a batch that failed as a whole (status failed, batch-level errors)', async () => {
    batch.failNext({ code: 'token_limit_exceeded', message: 'Enqueued token limit reached for gpt-4o-mini in organization org-x.' });
    const report = await runBatch(makeItems(8), { ...base(), runId: 'failed' });
    expect(report.counts.ok).toBe(8);
    expect(report.batches.map((b) => b.status)).toEqual(['failed', 'completed']);
    expect(batch.customIds(batch.batchIds()[1]!)).toHaveLength(8);
  });

  it('reports the batch-level error of a batch that keeps failing', async () => {
    const failing = { code: 'token_limit_exceeded', message: 'Enqueued token limit reached.' };
    batch.failNext(failing);
    const report = await runBatch(makeItems(6), { ...base(), runId: 'failing', maxRetries: 1, onEvent: (e) => e.type === 'submitted' && batch.failNext(failing) });
    expect(creates()).toBe(2);
    expect(report.counts).toEqual({ ok: 0, failed: 6, byKind: { server: 6 } });
    const r = report.results[0]!;
    expect(!r.ok && r.error).toMatch(/^batch batch_[0-9a-f]+ failed: token_limit_exceeded: Enqueued token limit reached\.$/);
  });

  it('retries the requests of an expired batch in a new batch', async () => {
    batch.timing({ itemMs: 40, expireMs: 300 });
    const report = await runBatch(makeItems(20), {
      ...base(),
      runId: 'expiry',
      onEvent: (e) => e.type === 'submitted' && batch.timing({ itemMs: 0, expireMs: 24 * 3600_000 }),
    });
    expect(report.counts.ok).toBe(20);
    const [first, second] = batch.batchIds();
    expect(batch.batchIds()).toHaveLength(2);
    expect(report.batches[0]).toMatchObject({ remoteId: first, status: 'expired', collected: true });
    const retried = batch.customIds(second!);
    expect(retried.length).toBeGreaterThan(5);
    expect(retried.length).toBe(20 - report.batches[0]!.succeeded);
    expect(chatCalls()).toBe(0);
  });

  it("expires a batch on the runner's own window (expiryMs): cancels it and retries the rest", async () => {
    batch.timing({ itemMs: 100 });
    const report = await runBatch(makeItems(20), { ...base(), runId: 'window', expiryMs: 250, onEvent: (e) => e.type === 'submitted' && batch.timing({ itemMs: 0 }) });
    expect(report.counts.ok).toBe(20);
    expect(batch.requests.filter(isRequest('POST', /^\/v1\/batches\/batch_[0-9a-f]+\/cancel$/))).toHaveLength(1);
    expect(report.batches.map((b) => [b.status, b.cancelReason])).toEqual([
      ['cancelled', 'expired'],
      ['completed', null],
    ]);
    expect(batch.customIds(batch.batchIds()[1]!).length).toBeLessThan(20);
  });

  it('resumes after a restart: a new runner on the same store polls the batch in flight and sends nothing twice', async () => {
    batch.timing({ itemMs: 25 });
    const items = makeItems(20);
    const stop = new AbortController();
    const first = runBatch(items, { ...base(), runId: 'restart', signal: stop.signal, onEvent: (e) => e.type === 'polled' && stop.abort() });
    const error = await first.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).kind).toBe('cancelled');
    await store.close();

    store = await openStore(`sqlite:${join(dir, 'runs.db')}`);
    expect(await batchRunStatus(store, 'restart')).toMatchObject({ items: 20, done: 0, pending: 20, inFlight: 1 });
    const report = await runBatch(items, { ...base(), runId: 'restart' });
    expect(report.counts.ok).toBe(20);
    expect(creates()).toBe(1);
    expect(batch.requests.filter(isRequest('POST', /^\/v1\/files$/))).toHaveLength(1);
    expect(chatCalls()).toBe(0);

    // A third run finds everything answered: no request at all.
    const before = batch.requests.length;
    const again = await runBatch(items, { ...base(), runId: 'restart' });
    expect(again.results).toEqual(report.results);
    expect(batch.requests.length).toBe(before);
  });

  it('adopts the batch of a submission that was sent but never recorded (the process died in between)', async () => {
    const real = openAIApi(batch.baseURL);
    // The first runner "dies" right after the remote batch was created: submit never returns.
    const dying: BatchApi = { ...real, submit: (lines, meta) => real.submit(lines, meta).then(() => new Promise<never>(() => undefined)) };
    void runBatch(makeItems(20), { ...base(), api: dying, runId: 'orphan' });
    await eventually(async () => (creates() === 1 ? true : undefined));
    const report = await runBatch(makeItems(20), { ...base(), runId: 'orphan' });
    expect(report.counts.ok).toBe(20);
    expect(creates()).toBe(1);
    expect(batch.requests.filter(isRequest('GET', /^\/v1\/batches$/)).length).toBeGreaterThan(0);
    expect(report.batches).toHaveLength(1);
    expect(report.batches[0]!.remoteId).toBe(batch.batchIds()[0]);
  });

  it('stops during concurrent calls and, run again, asks only what was not answered', async () => {
    chat.use((req) => ({ content: answerFor(req.body as Record<string, unknown>), delayMs: 80 }));
    const stop = new AbortController();
    const first = runBatch(makeItems(4), { ...base(), runId: 'stop-direct', concurrency: 1, signal: stop.signal, onEvent: (e) => e.type === 'item' && stop.abort() });
    await expect(first).rejects.toMatchObject({ kind: 'cancelled' });
    expect(await batchRunStatus(store, 'stop-direct')).toMatchObject({ done: 1, pending: 3, failed: 0 });
    const report = await runBatch(makeItems(4), { ...base(), runId: 'stop-direct', concurrency: 1 });
    expect(report.counts.ok).toBe(4);
    const asked = chat.requests.filter(isRequest('POST', /\/chat\/completions$/)).map((r) => userText(r.body));
    expect(asked.filter((q) => q === 'question 0')).toHaveLength(1);
    expect(asked.slice(-3)).toEqual(['question 1', 'question 2', 'question 3']);
  });

  it('sends a small job as concurrent calls, without a batch', async () => {
    const report = await runBatch(makeItems(3), { ...base(), runId: 'small', minBatchItems: 20 });
    expect(report.counts.ok).toBe(3);
    expect(report.answeredBy).toEqual({ batch: 0, concurrent: 3 });
    expect(batch.requests).toHaveLength(0);
    expect(chatCalls()).toBe(3);
    expect(report.usage).toEqual({ inputTokens: 21, outputTokens: 9 });
    const r = report.results[1]!;
    expect(r.ok && r.response).toMatchObject({ text: 'answer to question 1', finishReason: 'stop' });
  });

  it('cancels a batch past its time limit, keeps what finished and sends the rest concurrently', async () => {
    batch.timing({ itemMs: 100 });
    const report = await runBatch(makeItems(20), { ...base(), runId: 'timeout', batchTimeoutMs: 300 });
    expect(report.counts.ok).toBe(20);
    expect(batch.requests.filter(isRequest('POST', /\/cancel$/))).toHaveLength(1);
    expect(creates()).toBe(1);
    expect(report.answeredBy.batch).toBeGreaterThan(0);
    expect(report.answeredBy.concurrent).toBeGreaterThan(0);
    expect(report.answeredBy.batch + report.answeredBy.concurrent).toBe(20);
    expect(chatCalls()).toBe(report.answeredBy.concurrent);
    expect(report.batches[0]).toMatchObject({ status: 'cancelled', cancelReason: 'timeout' });
  });

  it('rejects duplicate ids, and a changed request under a known id', async () => {
    const items = makeItems(2);
    await expect(runBatch([items[0]!, items[0]!], { ...base(), runId: 'bad' })).rejects.toMatchObject({ code: 'W_USAGE' });
    await runBatch(items, { ...base(), runId: 'same', minBatchItems: 10 });
    const changed = [{ id: 'q0', request: { messages: [{ role: 'user' as const, content: 'something else' }] } }];
    await expect(runBatch(changed, { ...base(), runId: 'same' })).rejects.toMatchObject({ code: 'W_LLM_BATCH' });
  });
});
