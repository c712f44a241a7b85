import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { startAnthropicUpstream, type AnthropicUpstream } from '../../../test/upstreams/anthropic.js';
import { startAnthropicBatchUpstream, type AnthropicBatchUpstream } from '../../../test/upstreams/anthropic-batch.js';
import { useTempDir } from '../../../test/helpers.js';
import { batchRunStatus, resumeBatch, runBatch } from './runner.js';
import { anthropicTestProvider } from './test-helpers/providers.js';
import { anthropicApi, answerFor, isRequest, makeItems, userText } from './test-helpers/scenario.js';

let dir = '';
useTempDir((path) => (dir = path), 'warden-batch-');
let batch: AnthropicBatchUpstream;
let chat: AnthropicUpstream;
let store: Store;

beforeEach(async () => {
  batch = await startAnthropicBatchUpstream((req) => ({ content: answerFor(req.params), usage: { input_tokens: 20, output_tokens: 5 } }));
  chat = await startAnthropicUpstream((req) => ({ content: answerFor(req.body as Record<string, unknown>), usage: { input_tokens: 20, output_tokens: 5 } }));
  store = await openStore(`sqlite:${join(dir, 'runs.db')}`);
});

afterEach(async () => {
  await store.close();
  await batch.close();
  await chat.close();
});

const base = () => ({ store, provider: anthropicTestProvider(chat.baseURL), api: anthropicApi(batch.baseURL), minBatchItems: 5, pollMs: 30, maxPollMs: 100 });
const chatCalls = (): number => chat.requests.filter(isRequest('POST', /^\/v1\/messages$/)).length;
const creates = (): number => batch.requests.filter(isRequest('POST', /^\/v1\/messages\/batches$/)).length;

describe('Anthropic Message Batches through the official SDK', () => {
  it('creates a batch, polls until ended, streams the results and maps them back (forced tool = JSON answer)', async () => {
    batch.timing({ itemMs: 10 });
    const report = await runBatch(makeItems(12, true), { ...base(), runId: 'full' });

    expect(report.counts).toEqual({ ok: 12, failed: 0, byKind: {} });
    report.results.forEach((result, i) => {
      if (!result.ok) throw new Error(result.error);
      expect(result.response).toMatchObject({ json: { q: `question ${i}` }, text: JSON.stringify({ q: `question ${i}` }), model: 'claude-haiku-4-5', finishReason: 'tool_use', usage: { inputTokens: 20, outputTokens: 5 } });
    });
    expect(report.usage).toEqual({ inputTokens: 240, outputTokens: 60 });
    expect(chatCalls()).toBe(0);

    const create = batch.requests.find(isRequest('POST', /^\/v1\/messages\/batches$/))!;
    const requests = (create.body as { requests: { custom_id: string; params: Record<string, unknown> }[] }).requests;
    expect(requests).toHaveLength(12);
    for (const r of requests) expect(r.custom_id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(requests[0]!.params).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      system: 'Answer briefly.',
      messages: [{ role: 'user', content: 'question 0' }],
      tools: [{ name: 'reply', description: 'Give the answer as this tool call; its input is the answer.', input_schema: makeItems(1, true)[0]!.request.jsonSchema!.schema }],
      tool_choice: { type: 'tool', name: 'reply' },
    });
    expect(batch.requests.filter(isRequest('GET', /^\/v1\/messages\/batches\/msgbatch_[0-9a-f]+\/results$/))).toHaveLength(1);
    const status = await batchRunStatus(store, 'full');
    expect(status.batches[0]).toMatchObject({ provider: 'anthropic', status: 'ended', total: 12, succeeded: 12, collected: true });
  });

  it('retries errored results that may pass and reports those that cannot', async () => {
    batch.answer((req) => {
      const user = userText(req.params);
      if (user === 'question 2') return { error: { type: 'overloaded_error', message: 'Overloaded' } };
      if (user === 'question 4') return { error: { type: 'invalid_request_error', message: 'max_tokens: must be positive' } };
      return { content: answerFor(req.params) };
    });
    const report = await runBatch(makeItems(8), { ...base(), runId: 'errored' });
    expect(creates()).toBe(1);
    expect(chat.requests.filter(isRequest('POST', /^\/v1\/messages$/)).map((r) => userText(r.body))).toEqual(['question 2']);
    expect(report.results.filter((r) => !r.ok)).toEqual([{ id: 'q4', ok: false, kind: 'request', error: 'invalid_request_error: max_tokens: must be positive' }]);
    expect(report.answeredBy).toEqual({ batch: 6, concurrent: 1 });
  });

  it('retries the expired requests of a batch in a new batch', async () => {
    batch.timing({ itemMs: 40, expireMs: 300 });
    const report = await runBatch(makeItems(20), { ...base(), runId: 'expiry', onEvent: (e) => e.type === 'submitted' && batch.timing({ itemMs: 0, expireMs: 24 * 3600_000 }) });
    expect(report.counts.ok).toBe(20);
    expect(batch.batchIds()).toHaveLength(2);
    expect(report.batches[0]).toMatchObject({ status: 'ended' });
    const retried = batch.customIds(batch.batchIds()[1]!);
    expect(retried.length).toBeGreaterThan(5);
    expect(retried.length).toBeLessThan(20);
    expect(chatCalls()).toBe(0);
  });

  it('resumes a stored run with resumeBatch after a restart, without a second batch', async () => {
    batch.timing({ itemMs: 25 });
    const stop = new AbortController();
    await expect(runBatch(makeItems(20), { ...base(), runId: 'restart', signal: stop.signal, onEvent: (e) => e.type === 'polled' && stop.abort() })).rejects.toMatchObject({ kind: 'cancelled' });
    await store.close();
    store = await openStore(`sqlite:${join(dir, 'runs.db')}`);
    const report = await resumeBatch({ ...base(), runId: 'restart' });
    expect(report.results.map((r) => r.id)).toEqual(makeItems(20).map((i) => i.id));
    expect(report.counts.ok).toBe(20);
    expect(creates()).toBe(1);
  });

  it('cancels a slow batch past its time limit and finishes the rest concurrently', async () => {
    batch.timing({ itemMs: 100 });
    const report = await runBatch(makeItems(20), { ...base(), runId: 'timeout', batchTimeoutMs: 300 });
    expect(report.counts.ok).toBe(20);
    expect(batch.requests.filter(isRequest('POST', /\/cancel$/))).toHaveLength(1);
    expect(report.answeredBy.batch).toBeGreaterThan(0);
    expect(report.answeredBy.concurrent).toBeGreaterThan(0);
    expect(chatCalls()).toBe(report.answeredBy.concurrent);
    expect(report.batches[0]).toMatchObject({ status: 'ended', cancelReason: 'timeout' });
  });

  it('sends a small job as concurrent calls', async () => {
    const report = await runBatch(makeItems(2), { ...base(), runId: 'small' });
    expect(report.answeredBy).toEqual({ batch: 0, concurrent: 2 });
    expect(batch.requests).toHaveLength(0);
  });
});
