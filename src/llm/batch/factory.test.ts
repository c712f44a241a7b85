import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { startAnthropicBatchUpstream } from '../../../test/upstreams/anthropic-batch.js';
import { startOpenAIBatchUpstream } from '../../../test/upstreams/openai-batch.js';
import { createProvider } from '../provider.js';
import { batchApiFor } from './factory.js';
import { runBatch } from './runner.js';
import { answerFor, makeItems } from './test-helpers/scenario.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('batchApiFor', () => {
  it('talks to the configured OpenAI-compatible endpoint with its max-tokens field', async () => {
    const upstream = await startOpenAIBatchUpstream((req) => ({ content: answerFor(req.body) }));
    const store = await openStore('sqlite::memory:');
    closers.push(() => upstream.close(), () => store.close());
    const config = { provider: 'openai' as const, model: 'local-model', baseURL: `${upstream.baseURL}/`, apiKey: 'sk-local' };
    const report = await runBatch(makeItems(3), { store, runId: 'f1', provider: createProvider(config), api: batchApiFor(config), minBatchItems: 1, pollMs: 20 });
    expect(report.counts.ok).toBe(3);
    const upload = String(upstream.requests.find((r) => r.path === '/v1/files')!.body);
    const line = JSON.parse(upload.split('\n').find((l) => l.startsWith('{"custom_id"'))!) as { body: Record<string, unknown> };
    // Not api.openai.com: the field every local server reads.
    expect(line.body).toMatchObject({ model: 'local-model', max_tokens: 50 });
    expect(line.body).not.toHaveProperty('max_completion_tokens');
    expect(upstream.requests[0]!.headers.authorization).toBe('Bearer sk-local');
  });

  it('talks to Anthropic with the configured default budget, a trailing /v1 removed', async () => {
    const upstream = await startAnthropicBatchUpstream((req) => ({ content: answerFor(req.params) }));
    const store = await openStore('sqlite::memory:');
    closers.push(() => upstream.close(), () => store.close());
    const config = { provider: 'anthropic' as const, model: 'claude-haiku-4-5', baseURL: `${upstream.baseURL}/v1`, apiKey: 'sk-ant-x', maxTokens: 777 };
    const items = makeItems(2).map((item) => ({ ...item, request: { ...item.request, maxTokens: undefined } }));
    const report = await runBatch(items, { store, runId: 'f2', provider: createProvider(config), api: batchApiFor('anthropic', { baseURL: config.baseURL, apiKey: config.apiKey, maxTokens: 777 }), minBatchItems: 1, pollMs: 20 });
    expect(report.counts.ok).toBe(2);
    const create = upstream.requests.find((r) => r.method === 'POST' && r.path === '/v1/messages/batches')!;
    expect((create.body as { requests: { params: { max_tokens: number } }[] }).requests[0]!.params.max_tokens).toBe(777);
    // This SDK version sends the key as a bearer token; older ones as x-api-key.
    expect(create.headers['x-api-key'] ?? create.headers.authorization).toMatch(/^(Bearer )?sk-ant-x$/);
  });
});
