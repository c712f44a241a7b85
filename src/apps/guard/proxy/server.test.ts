import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicUpstream, type AnthropicUpstream } from '../../../../test/upstreams/anthropic.js';
import { startOpenAIUpstream, type OpenAIUpstream } from '../../../../test/upstreams/openai.js';
import { eventually } from '../../../../test/upstreams/proxy.js';
import { hashApiKey } from '../server/auth.js';
import { makeHarness, type Harness } from '../server/test-helpers/harness.js';
import { anthropicProxy } from './anthropic.js';
import { openaiProxy } from './openai.js';

/** The proxies inside the real guard server: auth, scopes, limits, metrics, audit recorder. */

const SECRET = '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';
const TEXT = `Here is the token you asked for:\n${SECRET}\nRotate it soon.`;
const APP_KEY = 'warden-app-key-0123456789';
const GUARD_ONLY_KEY = 'warden-guard-only-0123456789';

let openaiUpstream: OpenAIUpstream;
let anthropicUpstream: AnthropicUpstream;
let harness: Harness;
let url: string;

beforeAll(async () => {
  openaiUpstream = await startOpenAIUpstream({ content: TEXT.match(/.{1,5}/gs)! });
  anthropicUpstream = await startAnthropicUpstream({ content: TEXT.match(/.{1,5}/gs)! });
  harness = await makeHarness({
    config: {
      auth: {
        required: true,
        keys: [
          { id: 'app', tenant: 'acme', sha256: hashApiKey(APP_KEY), scopes: ['proxy'] },
          { id: 'guard-only', sha256: hashApiKey(GUARD_ONLY_KEY), scopes: ['guard'] },
        ],
      },
      server: { request_timeout_ms: 200 },
      upstreams: { openai: { base_url: openaiUpstream.baseURL, timeout_ms: 5000 }, anthropic: { base_url: anthropicUpstream.baseURL, timeout_ms: 5000 } },
      stream: { hold_back_chars: 16 },
    },
    extraRoutes: [openaiProxy, anthropicProxy],
  });
  url = await harness.listen();
});
afterAll(async () => {
  await harness?.close();
  await openaiUpstream?.close();
  await anthropicUpstream?.close();
});

const openai = (wardenKey?: string) =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sk-openai-client', maxRetries: 0, ...(wardenKey ? { defaultHeaders: { 'x-warden-key': wardenKey } } : {}) });
const anthropic = (wardenKey?: string) =>
  new Anthropic({ baseURL: url, apiKey: 'sk-ant-client', maxRetries: 0, ...(wardenKey ? { defaultHeaders: { 'x-warden-key': wardenKey } } : {}) });
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'token?' }] };
const message = { model: 'claude-opus-4-6', max_tokens: 256, messages: [{ role: 'user' as const, content: 'token?' }] };

describe('proxies inside the guard server', () => {
  it('answers auth failures in each protocol, so the SDKs raise their own error classes', async () => {
    const missing = await openai()
      .chat.completions.create(chat)
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((missing as InstanceType<typeof OpenAI.APIError>).code).toBe('W_HTTP_UNAUTHORIZED');
    const forbidden = await anthropic(GUARD_ONLY_KEY)
      .messages.create(message)
      .catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((forbidden as InstanceType<typeof Anthropic.APIError>).type).toBe('permission_error');
  });

  it('streams guarded text with the warden key in x-warden-key and the client key passed upstream', async () => {
    const stream = await openai(APP_KEY).chat.completions.create({ ...chat, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe(harness.engine.guard(TEXT).decision.response);
    expect(text).not.toContain(SECRET);
    const seen = openaiUpstream.requests.at(-1)!.headers;
    expect(seen.authorization).toBe('Bearer sk-openai-client');
    expect(seen['x-warden-key']).toBeUndefined();
    const entry = await eventually(async () => (await harness.audit.query({ tenant: 'acme', limit: 10 })).find((e) => e.route === '/v1/chat/completions'));
    expect(entry).toMatchObject({ tenant: 'acme', action: 'mask', model: 'gpt-4o-mini' });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/warden_guard_decisions_total\{policy="default",route="\/v1\/chat\/completions"\} [1-9]/);
    expect(metrics).toMatch(/warden_guard_rule_hits_total\{rule="secrets.github-pat",action="mask"\} [1-9]/);
  });

  it('guards Anthropic streams behind the same auth', async () => {
    const final = await anthropic(APP_KEY).messages.stream(message).finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: harness.engine.guard(TEXT).decision.response });
  });

  it('lets an upstream take longer than the guard API request budget', async () => {
    openaiUpstream.use({ content: 'slow but fine', delayMs: 500 });
    const data = await openai(APP_KEY).chat.completions.create(chat);
    expect(data.choices[0]!.message.content).toBe('slow but fine');
  });
});
