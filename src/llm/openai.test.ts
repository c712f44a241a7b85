import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../test/helpers.js';
import { fakeEmbedding, type OpenAIUpstream } from '../../test/upstreams/openai.js';
import { useOpenAIUpstream } from '../../test/upstreams/use-openai.js';
import type { RecordedRequest } from '../../test/upstreams/server.js';
import type { LlmError } from './errors.js';
import { createProvider, type LlmConfig } from './provider.js';
import type { LlmProvider } from './types.js';

let upstream: OpenAIUpstream;
let dir = '';
const providers: { close(): Promise<void> }[] = [];
useTempDir((path) => (dir = path), 'warden-llm-openai-');

useOpenAIUpstream((u) => (upstream = u), { content: 'Hello!' });
afterEach(async () => {
  for (const p of providers.splice(0)) await p.close();
});

function provider(config: Partial<LlmConfig> = {}): LlmProvider & { close(): Promise<void> } {
  const p = createProvider({ provider: 'openai', baseURL: upstream.baseURL, model: 'gpt-4o-mini', apiKey: 'sk-test-secret-key-123', backoffMs: 5, ...config });
  providers.push(p);
  return p;
}

const hello = { messages: [{ role: 'user' as const, content: 'Say hello' }] };
const bodyOf = (r: RecordedRequest): Record<string, unknown> => r.body as Record<string, unknown>;

describe('OpenAI-compatible provider over the openai SDK', () => {
  it('sends a chat completion and returns text, model, finish reason and usage', async () => {
    upstream.use({ content: 'Hi there', usage: { prompt_tokens: 9, completion_tokens: 3 } });
    const llm = provider();
    const answer = await llm.chat({ ...hello, messages: [{ role: 'system', content: 'Be brief.' }, ...hello.messages], temperature: 0.2, maxTokens: 50, stop: ['\n\n'], seed: 7 });
    expect(answer).toMatchObject({ text: 'Hi there', model: 'gpt-4o-mini', finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 3 }, cached: false, attempts: 1 });
    const request = upstream.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test-secret-key-123');
    expect(bodyOf(request)).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 50, stop: ['\n\n'], seed: 7 });
    expect(bodyOf(request).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hello' },
    ]);
    expect(llm.kind).toBe('openai');
    expect(llm.endpoint).toBe(upstream.baseURL);
  });

  it('asks for json_schema structured output and returns the parsed JSON', async () => {
    upstream.use({ content: '{"label":"malicious","score":0.9}' });
    const schema = { type: 'object', properties: { label: { type: 'string' }, score: { type: 'number' } }, required: ['label', 'score'], additionalProperties: false };
    const answer = await provider().chat({ ...hello, jsonSchema: { name: 'verdict', schema } });
    expect(answer.json).toEqual({ label: 'malicious', score: 0.9 });
    expect(bodyOf(upstream.requests[0]!).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'verdict', schema, strict: true } });
  });

  it('tolerates a fenced JSON answer, and leaves json absent (and uncached) when the answer does not parse', async () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
    const llm = provider({ cache: `sqlite:${join(dir, 'c.sqlite')}` });
    upstream.use({ content: 'Here you go:\n```json\n{"n": 3}\n```' });
    expect((await llm.chat({ ...hello, jsonSchema: { name: 'count', schema } })).json).toEqual({ n: 3 });
    upstream.use({ content: 'three' });
    const prose = { messages: [{ role: 'user' as const, content: 'count again' }], jsonSchema: { name: 'count', schema } };
    expect((await llm.chat(prose)).json).toBeUndefined();
    expect((await llm.chat(prose)).cached).toBe(false);
    expect(upstream.requests).toHaveLength(3);
  });

  it('sends a placeholder key to local servers when none is configured', async () => {
    await provider({ apiKey: undefined }).chat(hello);
    expect(upstream.requests[0]!.headers.authorization).toBe('Bearer none');
  });

  it('embeds a list of texts in input order', async () => {
    const llm = provider({ model: 'text-embedding-3-small' });
    const answer = await llm.embed!({ input: ['alpha', 'beta gamma'] });
    expect(answer.vectors).toEqual([fakeEmbedding('alpha'), fakeEmbedding('beta gamma')]);
    expect(answer.usage.inputTokens).toBeGreaterThan(0);
    expect(upstream.requests[0]!.path).toBe('/v1/embeddings');
    expect(bodyOf(upstream.requests[0]!)).toMatchObject({ model: 'text-embedding-3-small', input: ['alpha', 'beta gamma'], encoding_format: 'float' });
  });
});

describe('retries', () => {
  it('honours Retry-After on a 429 and then succeeds', async () => {
    let calls = 0;
    upstream.use(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' }, error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } : { content: 'ok' }));
    const llm = provider({ backoffMs: 1 });
    const started = performance.now();
    const answer = await llm.chat(hello);
    const waited = upstream.requests[1]!;
    expect(answer.text).toBe('ok');
    expect(answer.attempts).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeDefined();
    expect(llm.stats()).toMatchObject({ requests: 2, retries: 1, errors: { rate_limit: 1 } });
  });

  it('honours retry-after-ms too', async () => {
    let calls = 0;
    const seen: number[] = [];
    upstream.use(() => {
      seen.push(performance.now());
      return ++calls === 1 ? { status: 429, headers: { 'retry-after-ms': '400' } } : { content: 'ok' };
    });
    await provider({ backoffMs: 1 }).chat(hello);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(400);
  });

  it('retries a 500 and counts it', async () => {
    let calls = 0;
    upstream.use(() => (++calls <= 2 ? { status: 500 } : { content: 'fine' }));
    const llm = provider();
    const answer = await llm.chat(hello);
    expect(answer).toMatchObject({ text: 'fine', attempts: 3 });
    expect(upstream.requests).toHaveLength(3);
    expect(llm.stats()).toMatchObject({ requests: 3, retries: 2, errors: { server: 2 }, failures: {} });
  });

  it('gives up after maxRetries with W_LLM_UNAVAILABLE', async () => {
    upstream.use({ status: 503 });
    const llm = provider({ maxRetries: 2 });
    const error = await expectWardenError(llm.chat(hello));
    expect(error.code).toBe('W_LLM_UNAVAILABLE');
    expect((error as LlmError).kind).toBe('server');
    expect(error.message).toContain('failed 3 time(s)');
    expect(upstream.requests).toHaveLength(3);
    expect(llm.stats().failures).toEqual({ server: 1 });
  });

  it('treats 401 as a fatal auth error: no retry, no key in the message', async () => {
    upstream.use({ status: 401, error: { message: 'Incorrect API key provided: sk-test-secret-key-123.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const llm = provider();
    const error = await expectWardenError(llm.chat(hello));
    expect(error.code).toBe('W_LLM_AUTH');
    expect((error as LlmError).kind).toBe('auth');
    expect(error.message).not.toContain('sk-test-secret-key-123');
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(upstream.requests).toHaveLength(1);
    expect(llm.stats()).toMatchObject({ requests: 1, retries: 0, errors: { auth: 1 } });
  });

  it('names the model and endpoint on a 404', async () => {
    upstream.use({ status: 404, error: { message: 'The model `nope` does not exist', type: 'invalid_request_error', code: 'model_not_found' } });
    const error = await expectWardenError(provider({ model: 'nope' }).chat(hello));
    expect(error.code).toBe('W_LLM_REQUEST');
    expect(error.message).toContain('model "nope"');
    expect(error.message).toContain(upstream.baseURL);
    expect(upstream.requests).toHaveLength(1);
  });

  it('does not quote the prompt from a server error', async () => {
    const secret = 'customer record 4111 1111 1111 1111 for Jane Doe, 12 Main St';
    upstream.use({ status: 400, error: { message: `Invalid content: ${secret}`, type: 'invalid_request_error', code: null } });
    const error = await expectWardenError(provider().chat({ messages: [{ role: 'user', content: secret }] }));
    expect(error.message).not.toContain('4111');
    expect(error.message).toContain('withheld');
  });

  it('times out a stalled attempt and retries it', async () => {
    let calls = 0;
    upstream.use(() => (++calls === 1 ? { hang: 'headers' } : { content: 'late but fine' }));
    const llm = provider({ timeoutMs: 300 });
    const answer = await llm.chat(hello);
    expect(answer.text).toBe('late but fine');
    expect(llm.stats().errors).toEqual({ timeout: 1 });
  });

  it('is cancelled by its signal, without retrying', async () => {
    upstream.use({ hang: 'headers' });
    const controller = new AbortController();
    const pending = provider().chat(hello, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await expectWardenError(pending);
    expect(error.code).toBe('W_LLM_CANCELLED');
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('response cache', () => {
  it('serves a repeated request from the store without a second upstream request', async () => {
    upstream.use({ content: 'cached answer', usage: { prompt_tokens: 10, completion_tokens: 5 } });
    const cache = `sqlite:${join(dir, 'llm-cache.sqlite')}`;
    const first = await provider({ cache }).chat(hello);
    const llm = provider({ cache });
    const second = await llm.chat(hello);
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ text: 'cached answer', cached: true, attempts: 0, usage: { inputTokens: 0, outputTokens: 0 } });
    expect(upstream.requests).toHaveLength(1);
    expect(llm.stats()).toMatchObject({ requests: 0, cacheHits: 1, inputTokens: 0 });
  });

  it('keys on the request: another temperature is another answer', async () => {
    const llm = provider({ cache: `sqlite:${join(dir, 'c.sqlite')}` });
    await llm.chat({ ...hello, temperature: 0 });
    await llm.chat({ ...hello, temperature: 1 });
    await llm.chat({ ...hello, temperature: 0 });
    expect(upstream.requests).toHaveLength(2);
  });

  it('noCache bypasses it per call and per provider', async () => {
    const cache = `sqlite:${join(dir, 'c.sqlite')}`;
    const llm = provider({ cache });
    await llm.chat(hello);
    await llm.chat(hello, { noCache: true });
    await provider({ cache, noCache: true }).chat(hello);
    expect(upstream.requests).toHaveLength(3);
    await llm.chat(hello);
    expect(upstream.requests).toHaveLength(3);
  });

  it('stores only successful answers', async () => {
    const cache = `sqlite:${join(dir, 'c.sqlite')}`;
    upstream.use({ status: 400, error: { message: 'bad', type: 'invalid_request_error', code: null } });
    await expectWardenError(provider({ cache }).chat(hello));
    upstream.use({ content: '' });
    await expectWardenError(provider({ cache }).chat(hello));
    upstream.use({ content: 'now it works' });
    expect((await provider({ cache }).chat(hello)).cached).toBe(false);
    expect(upstream.requests).toHaveLength(3);
  });

  it('caches embeddings too', async () => {
    const llm = provider({ model: 'text-embedding-3-small', cache: `sqlite:${join(dir, 'c.sqlite')}` });
    const a = await llm.embed!({ input: ['x', 'y'] });
    const b = await llm.embed!({ input: ['x', 'y'] });
    expect(b).toMatchObject({ cached: true, vectors: a.vectors });
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('request validation', () => {
  it('rejects a bad request before sending it, naming the field', async () => {
    const error = await expectWardenError(provider().chat({ messages: [{ role: 'user', content: 'a' }, { role: 'robot' as 'user', content: 'b' }] }));
    expect(error.code).toBe('W_LLM_REQUEST');
    expect(error.message).toContain('messages[1].role');
    const schema = await expectWardenError(provider().chat({ ...hello, jsonSchema: { name: 'has space', schema: { type: 'object' } } }));
    expect(schema.message).toContain('jsonSchema.name');
    expect(upstream.requests).toHaveLength(0);
  });
});
