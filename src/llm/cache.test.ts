import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../../test/pg.js';
import { useTempDir } from '../../test/helpers.js';
import { startOpenAIUpstream, type OpenAIUpstream } from '../../test/upstreams/openai.js';
import { openStore } from '../store/index.js';
import { LlmCache, chatCacheKey } from './cache.js';
import { createProvider } from './provider.js';

const id = { provider: 'openai' as const, endpoint: 'http://127.0.0.1:11434/v1', model: 'llama3.1' };
const request = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('chatCacheKey', () => {
  it('is the same for the same request whatever the key order, and differs on each part', () => {
    const base = chatCacheKey(id, { ...request, temperature: 0, maxTokens: 10 });
    expect(chatCacheKey(id, { maxTokens: 10, temperature: 0, ...request })).toBe(base);
    const variants = [
      chatCacheKey({ ...id, provider: 'anthropic' }, { ...request, temperature: 0, maxTokens: 10 }),
      chatCacheKey({ ...id, endpoint: 'http://127.0.0.1:8000/v1' }, { ...request, temperature: 0, maxTokens: 10 }),
      chatCacheKey({ ...id, model: 'other' }, { ...request, temperature: 0, maxTokens: 10 }),
      chatCacheKey(id, { messages: [{ role: 'user', content: 'hi!' }], temperature: 0, maxTokens: 10 }),
      chatCacheKey(id, { messages: [{ role: 'system', content: 'hi' }], temperature: 0, maxTokens: 10 }),
      chatCacheKey(id, { ...request, temperature: 0.5, maxTokens: 10 }),
      chatCacheKey(id, { ...request, temperature: 0, maxTokens: 11 }),
      chatCacheKey(id, { ...request, temperature: 0, maxTokens: 10, stop: ['x'] }),
      chatCacheKey(id, { ...request, temperature: 0, maxTokens: 10, seed: 1 }),
      chatCacheKey(id, { ...request, temperature: 0, maxTokens: 10, jsonSchema: { name: 'a', schema: { type: 'object' } } }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('LlmCache in SQLite', () => {
  let dir = '';
  useTempDir((path) => (dir = path), 'warden-llm-cache-');

  it('round-trips answers, survives reopening, and replaces a damaged row', async () => {
    const url = `sqlite:${join(dir, 'sub', 'cache.sqlite')}`;
    const cache = new LlmCache(url);
    expect(await cache.get('k')).toBeUndefined();
    await cache.put('k', 'chat', 'm', { text: 'hello', usage: { inputTokens: 1, outputTokens: 2 } });
    await cache.close();
    const again = new LlmCache(url);
    expect(await again.get('k')).toEqual({ text: 'hello', usage: { inputTokens: 1, outputTokens: 2 } });
    await again.put('k', 'chat', 'm', { text: 'newer' });
    expect(await again.get('k')).toEqual({ text: 'newer' });
    expect(await again.size()).toBe(1);
    await again.close();
  });
});

describe('LlmCache in PostgreSQL', () => {
  const pg = usePostgres();
  let upstream: OpenAIUpstream;
  beforeAll(async () => {
    upstream = await startOpenAIUpstream({ content: 'from postgres' });
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('serves a provider through the same interface, with no API key in any row', async () => {
    const apiKey = 'sk-pg-test-key-789';
    const first = createProvider({ provider: 'openai', baseURL: upstream.baseURL, model: 'm', apiKey, cache: pg.url });
    const second = createProvider({ provider: 'openai', baseURL: upstream.baseURL, model: 'm', apiKey, cache: pg.url });
    try {
      expect((await first.chat(request)).cached).toBe(false);
      expect(await second.chat(request)).toMatchObject({ text: 'from postgres', cached: true });
      expect(upstream.requests).toHaveLength(1);
    } finally {
      await first.close();
      await second.close();
    }
    const store = await openStore(pg.url);
    try {
      const rows = await store.all<{ key: string; response: string; model: string }>('SELECT key, response, model FROM llm_cache');
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(apiKey);
      expect(rows[0]!.key).toBe(chatCacheKey({ provider: 'openai', endpoint: upstream.baseURL, model: 'm' }, request));
    } finally {
      await store.close();
    }
  });
});
