import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectWardenError } from '../../test/helpers.js';
import { startAnthropicUpstream, type AnthropicUpstream } from '../../test/upstreams/anthropic.js';
import type { RecordedRequest } from '../../test/upstreams/server.js';
import type { LlmError } from './errors.js';
import { createProvider, type LlmConfig } from './provider.js';
import type { LlmProvider } from './types.js';

/** The key as the SDK sent it: `x-api-key`, or `Authorization: Bearer` in newer SDK versions. */
function sentKey(request: RecordedRequest): string | undefined {
  const header = request.headers['x-api-key'] ?? request.headers.authorization;
  return typeof header === 'string' ? header.replace(/^Bearer /, '') : undefined;
}

let upstream: AnthropicUpstream;
const providers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  upstream = await startAnthropicUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  upstream.requests.length = 0;
  upstream.use({ content: 'Hello!' });
});
afterEach(async () => {
  for (const p of providers.splice(0)) await p.close();
});

function provider(config: Partial<LlmConfig> = {}): LlmProvider & { close(): Promise<void> } {
  const p = createProvider({ provider: 'anthropic', baseURL: upstream.baseURL, model: 'claude-haiku-4-5', apiKey: 'sk-ant-test-key-456', backoffMs: 5, ...config });
  providers.push(p);
  return p;
}

const bodyOf = (r: RecordedRequest): Record<string, unknown> => r.body as Record<string, unknown>;

describe('Anthropic provider over @anthropic-ai/sdk', () => {
  it('sends system messages as `system` and returns the text and usage', async () => {
    upstream.use({ content: 'Bonjour', usage: { input_tokens: 14, output_tokens: 4 } });
    const llm = provider({ maxTokens: 256 });
    const answer = await llm.chat({
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Say hello' },
      ],
      temperature: 0.3,
      stop: ['END'],
    });
    expect(answer).toMatchObject({ text: 'Bonjour', model: 'claude-haiku-4-5', finishReason: 'end_turn', usage: { inputTokens: 14, outputTokens: 4 }, cached: false, attempts: 1 });
    const request = upstream.requests[0]!;
    expect(request.path).toBe('/v1/messages');
    expect(sentKey(request)).toBe('sk-ant-test-key-456');
    expect(request.headers['anthropic-version']).toBeDefined();
    expect(bodyOf(request)).toMatchObject({ model: 'claude-haiku-4-5', system: 'Answer in French.', max_tokens: 256, temperature: 0.3, stop_sequences: ['END'] });
    expect(bodyOf(request).messages).toEqual([{ role: 'user', content: 'Say hello' }]);
    expect(llm.embed).toBeUndefined();
  });

  it('gets structured output through one forced tool and returns its input as JSON', async () => {
    upstream.use({ blocks: [{ type: 'tool_use', name: 'verdict', json: ['{"label":', '"benign","score":0.1}'] }] });
    const schema = { type: 'object', properties: { label: { type: 'string' }, score: { type: 'number' } }, required: ['label', 'score'] };
    const answer = await provider().chat({ messages: [{ role: 'user', content: 'classify this' }], jsonSchema: { name: 'verdict', schema } });
    expect(answer.json).toEqual({ label: 'benign', score: 0.1 });
    expect(JSON.parse(answer.text)).toEqual({ label: 'benign', score: 0.1 });
    const body = bodyOf(upstream.requests[0]!);
    expect(body.tools).toEqual([expect.objectContaining({ name: 'verdict', input_schema: schema })]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'verdict' });
  });

  it('strips a trailing /v1 from the base URL (the SDK adds it)', async () => {
    await provider({ baseURL: `${upstream.baseURL}/v1` }).chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(upstream.requests[0]!.path).toBe('/v1/messages');
  });

  it('retries 529 overloaded and honours retry-after', async () => {
    let calls = 0;
    const seen: number[] = [];
    upstream.use(() => {
      seen.push(performance.now());
      return ++calls === 1 ? { status: 529, headers: { 'retry-after': '1' } } : { content: 'back' };
    });
    const llm = provider({ backoffMs: 1 });
    const answer = await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(answer).toMatchObject({ text: 'back', attempts: 2 });
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(1000);
    expect(llm.stats()).toMatchObject({ requests: 2, retries: 1, errors: { server: 1 } });
  });

  it('treats 401 as fatal, without retry and without the key in the message', async () => {
    upstream.use({ status: 401, error: { type: 'authentication_error', message: 'invalid x-api-key sk-ant-test-key-456' } });
    const error = await expectWardenError(provider().chat({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(error.code).toBe('W_LLM_AUTH');
    expect((error as LlmError).kind).toBe('auth');
    expect(error.message).toContain('ANTHROPIC_API_KEY');
    expect(error.message).not.toContain('sk-ant-test-key-456');
    expect(upstream.requests).toHaveLength(1);
  });

  it('prices Claude models from the table', async () => {
    upstream.use({ content: 'x', model: 'claude-haiku-4-5-20251001', usage: { input_tokens: 1_000_000, output_tokens: 100_000 } });
    const llm = provider({ model: 'claude-haiku-4-5' });
    await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    // $1 / M input + $5 / M output.
    expect(llm.stats().costUsd).toBeCloseTo(1 + 0.5, 9);
    expect(llm.stats().byModel).toEqual({ 'claude-haiku-4-5-20251001': { requests: 1, inputTokens: 1_000_000, outputTokens: 100_000, costUsd: 1.5 } });
  });
});
