import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { usePostgres } from '../../../test/pg.js';
import { startOpenAIUpstream, type OpenAIUpstream } from '../../../test/upstreams/openai.js';
import { startOpenAIBatchUpstream, type OpenAIBatchUpstream } from '../../../test/upstreams/openai-batch.js';
import { appliedVersions } from '../../store/index.js';
import { batchRunStatus, resumeBatch, runBatch } from './runner.js';
import { TRACKER_COMPONENT } from './tracker.js';
import { openAITestProvider } from './test-helpers/providers.js';
import { answerFor, isRequest, makeItems, openAIApi, userText } from './test-helpers/scenario.js';

// A real PostgreSQL database of this file's own; an unreachable server fails these tests.
const pgdb = usePostgres();
let batch: OpenAIBatchUpstream;
let chat: OpenAIUpstream;

beforeEach(async () => {
  batch = await startOpenAIBatchUpstream((req) => ({ content: answerFor(req.body), usage: { prompt_tokens: 7, completion_tokens: 3 } }));
  chat = await startOpenAIUpstream((req) => ({ content: answerFor(req.body as Record<string, unknown>), usage: { prompt_tokens: 7, completion_tokens: 3 } }));
});

afterEach(async () => {
  await batch.close();
  await chat.close();
});

describe('the batch tracker in PostgreSQL', () => {
  it('runs a batch, survives a restart mid-flight and resumes without resubmitting', async () => {
    const base = { provider: openAITestProvider(chat.baseURL), api: openAIApi(batch.baseURL), minBatchItems: 5, pollMs: 30, maxPollMs: 100 };
    batch.timing({ itemMs: 25 });
    // Two failed lines: a retryable 500 (retried as a concurrent call) and a final 400.
    batch.answer((req) => {
      const user = userText(req.body);
      if (user === 'question 3') return { status: 500, error: { message: 'boom', type: 'server_error', code: null } };
      if (user === 'question 4') return { status: 400, error: { message: 'bad request', type: 'invalid_request_error', code: null } };
      return { content: answerFor(req.body), usage: { prompt_tokens: 7, completion_tokens: 3 } };
    });
    const items = makeItems(16, true);
    let store = await openStore(pgdb.url);
    const stop = new AbortController();
    await expect(runBatch(items, { ...base, store, runId: 'pg-run', signal: stop.signal, onEvent: (e) => e.type === 'polled' && stop.abort() })).rejects.toMatchObject({ kind: 'cancelled' });
    expect(store.dialect).toBe('postgres');
    expect(await appliedVersions(store, TRACKER_COMPONENT)).toEqual([1]);
    expect(await batchRunStatus(store, 'pg-run')).toMatchObject({ items: 16, pending: 16, inFlight: 1 });
    await store.close();

    store = await openStore(pgdb.url);
    try {
      const report = await resumeBatch({ ...base, store, runId: 'pg-run' });
      expect(report.counts).toEqual({ ok: 15, failed: 1, byKind: { request: 1 } });
      report.results.forEach((r, i) => i !== 4 && expect(r.ok && r.response.json).toEqual({ q: `question ${i}` }));
      expect(report.results[4]).toEqual({ id: 'q4', ok: false, kind: 'request', error: 'HTTP 400: bad request' });
      expect(report.answeredBy).toEqual({ batch: 14, concurrent: 1 });
      expect(chat.requests.map((r) => userText(r.body))).toEqual(['question 3']);
      expect(report.usage).toEqual({ inputTokens: 105, outputTokens: 45 });
      expect(batch.requests.filter(isRequest('POST', /^\/v1\/batches$/))).toHaveLength(1);
      const status = await batchRunStatus(store, 'pg-run');
      expect(status).toMatchObject({ done: 15, failed: 1, pending: 0, inFlight: 0 });
      expect(status.batches[0]).toMatchObject({ status: 'completed', total: 16, succeeded: 14, failed: 2, collected: true });
      expect(typeof status.batches[0]!.createdAt).toBe('number');
    } finally {
      await store.close();
    }
  });

  it('keeps runs apart and refuses a changed request under a known id', async () => {
    const store = await openStore(pgdb.url);
    try {
      const base = { store, provider: openAITestProvider(chat.baseURL), minBatchItems: 100 };
      const a = await runBatch(makeItems(3), { ...base, runId: 'pg-a' });
      const b = await runBatch(makeItems(2), { ...base, runId: 'pg-b' });
      expect([a.counts.ok, b.counts.ok]).toEqual([3, 2]);
      expect((await batchRunStatus(store, 'pg-a')).items).toBe(3);
      await expect(runBatch([{ id: 'q1', request: { messages: [{ role: 'user', content: 'changed' }] } }], { ...base, runId: 'pg-a' })).rejects.toMatchObject({ code: 'W_LLM_BATCH' });
      await expect(resumeBatch({ ...base, runId: 'pg-missing' })).rejects.toMatchObject({ code: 'W_LLM_BATCH' });
    } finally {
      await store.close();
    }
  });
});
