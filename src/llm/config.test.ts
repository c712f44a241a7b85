import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import { startAnthropicUpstream, type AnthropicUpstream } from '../../test/upstreams/anthropic.js';
import type { RecordedRequest } from '../../test/upstreams/server.js';
import { LLM_SETUP_HELP, llmConfigured, providerFromEnv, requireLlm, resolveLlmConfig } from './config.js';

/** The key as the SDK sent it: `x-api-key`, or `Authorization: Bearer` in newer SDK versions. */
function sentKey(request: RecordedRequest): string | undefined {
  const header = request.headers['x-api-key'] ?? request.headers.authorization;
  return typeof header === 'string' ? header.replace(/^Bearer /, '') : undefined;
}

function thrown(fn: () => unknown): WardenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WardenError);
    return error as WardenError;
  }
  throw new Error('expected a WardenError');
}

describe('resolveLlmConfig', () => {
  it('says exactly what to set, with examples for every server kind, when nothing is configured', () => {
    const error = thrown(() => requireLlm('warden synth generate', { env: {} }));
    expect(error.code).toBe('W_LLM_NOT_CONFIGURED');
    expect(error.message).toContain('warden synth generate needs an LLM');
    for (const text of ['WARDEN_LLM_BASE_URL', 'WARDEN_LLM_MODEL', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'http://127.0.0.1:11434/v1', 'http://127.0.0.1:8000/v1', 'http://127.0.0.1:8080/v1', 'http://127.0.0.1:1234/v1', 'Ollama', 'vLLM', 'llama.cpp', 'LM Studio', 'OpenAI', 'Anthropic']) {
      expect(error.message).toContain(text);
    }
    expect(error.hint).toContain('WARDEN_LLM_BASE_URL');
    expect(llmConfigured({})).toBe(false);
  });

  it('asks for the model when only the endpoint is set', () => {
    const error = thrown(() => resolveLlmConfig({ WARDEN_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' }, {}, 'warden synth generate'));
    expect(error.code).toBe('W_LLM_NOT_CONFIGURED');
    expect(error.message).toContain('no model is configured: set WARDEN_LLM_MODEL (or pass --model)');
  });

  it('asks for the key when the base URL is an official API', () => {
    const error = thrown(() => resolveLlmConfig({ WARDEN_LLM_BASE_URL: 'https://api.anthropic.com/v1', WARDEN_LLM_MODEL: 'claude-haiku-4-5' }));
    expect(error.code).toBe('W_LLM_NOT_CONFIGURED');
    expect(error.message).toContain('set ANTHROPIC_API_KEY');
  });

  it('configures a local server without a key', () => {
    const config = resolveLlmConfig({ WARDEN_LLM_BASE_URL: 'http://127.0.0.1:11434/v1', WARDEN_LLM_MODEL: 'llama3.1:8b' });
    expect(config).toMatchObject({ provider: 'openai', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1:8b', apiKey: undefined, cache: undefined });
  });

  it('infers anthropic from the base URL or from ANTHROPIC_API_KEY alone', () => {
    expect(resolveLlmConfig({ WARDEN_LLM_BASE_URL: 'https://api.anthropic.com', WARDEN_LLM_MODEL: 'claude-haiku-4-5', ANTHROPIC_API_KEY: 'k' }).provider).toBe('anthropic');
    expect(resolveLlmConfig({ ANTHROPIC_API_KEY: 'sk-ant', WARDEN_LLM_MODEL: 'claude-haiku-4-5' })).toMatchObject({ provider: 'anthropic', apiKey: 'sk-ant', baseURL: undefined });
    expect(resolveLlmConfig({ ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o', WARDEN_LLM_MODEL: 'gpt-4o' })).toMatchObject({ provider: 'openai', apiKey: 'o' });
    expect(resolveLlmConfig({ ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o', WARDEN_LLM_PROVIDER: 'anthropic', WARDEN_LLM_MODEL: 'claude-haiku-4-5' })).toMatchObject({ provider: 'anthropic', apiKey: 'a' });
  });

  it('prefers WARDEN_LLM_API_KEY, and lets the command override the environment', () => {
    const config = resolveLlmConfig({ WARDEN_LLM_API_KEY: 'w', OPENAI_API_KEY: 'o', WARDEN_LLM_MODEL: 'gpt-4o' }, { model: 'gpt-4o-mini', rpm: 60, defaultCache: 'sqlite:out/c.sqlite' });
    expect(config).toMatchObject({ provider: 'openai', apiKey: 'w', model: 'gpt-4o-mini', rpm: 60, cache: 'sqlite:out/c.sqlite' });
  });

  it('reads the limits and the cache setting from the environment', () => {
    const env = { WARDEN_LLM_BASE_URL: 'http://127.0.0.1:8000/v1', WARDEN_LLM_MODEL: 'm', WARDEN_LLM_RPM: '120', WARDEN_LLM_TPM: '90000', WARDEN_LLM_CONCURRENCY: '4', WARDEN_LLM_MAX_RETRIES: '0', WARDEN_LLM_TIMEOUT_MS: '5000', WARDEN_LLM_CACHE: 'off' };
    expect(resolveLlmConfig(env, { defaultCache: 'sqlite:x.sqlite' })).toMatchObject({ rpm: 120, tpm: 90000, concurrency: 4, maxRetries: 0, timeoutMs: 5000, cache: undefined });
  });

  it('names the variable of a malformed value', () => {
    const base = { WARDEN_LLM_BASE_URL: 'http://127.0.0.1:8000/v1', WARDEN_LLM_MODEL: 'm' };
    expect(thrown(() => resolveLlmConfig({ ...base, WARDEN_LLM_RPM: 'fast' })).message).toContain('WARDEN_LLM_RPM must be an integer');
    expect(thrown(() => resolveLlmConfig({ ...base, WARDEN_LLM_PROVIDER: 'gemini' })).message).toContain('WARDEN_LLM_PROVIDER must be openai or anthropic');
    const url = thrown(() => resolveLlmConfig({ ...base, WARDEN_LLM_BASE_URL: '127.0.0.1:11434' }));
    expect(url.code).toBe('W_CONFIG_INVALID');
    expect(url.message).toContain('WARDEN_LLM_BASE_URL');
  });

  it('has help text for --help epilogues', () => {
    expect(LLM_SETUP_HELP).toContain('WARDEN_LLM_BASE_URL');
  });
});

describe('providerFromEnv', () => {
  let upstream: AnthropicUpstream;
  beforeAll(async () => {
    upstream = await startAnthropicUpstream({ content: 'configured' });
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('builds a working provider from the environment alone', async () => {
    const llm = providerFromEnv({ WARDEN_LLM_BASE_URL: upstream.baseURL, WARDEN_LLM_PROVIDER: 'anthropic', WARDEN_LLM_MODEL: 'claude-haiku-4-5', ANTHROPIC_API_KEY: 'sk-ant-env' });
    try {
      expect((await llm.chat({ messages: [{ role: 'user', content: 'hi' }] })).text).toBe('configured');
      expect(sentKey(upstream.requests[0]!)).toBe('sk-ant-env');
      expect(llm.kind).toBe('anthropic');
    } finally {
      await llm.close();
    }
  });
});
