import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { startOpenAIUpstream, type OpenAIScript, type OpenAIUpstream } from './openai.js';

/**
 * One local OpenAI upstream for the test file: started before the tests, closed after, and
 * before each test its recorded requests and in-flight counters cleared and its script reset
 * (to `initial`, when given). The server reaches the file through `bind`.
 *
 * @example
 * let upstream: OpenAIUpstream;
 * useOpenAIUpstream((u) => (upstream = u), { content: 'Hello!' });
 */
export function useOpenAIUpstream(bind: (upstream: OpenAIUpstream) => void, initial?: OpenAIScript): void {
  let upstream: OpenAIUpstream | undefined;
  beforeAll(async function startUpstream() {
    upstream = await startOpenAIUpstream();
    bind(upstream);
  });
  afterAll(async function closeUpstream() {
    await upstream?.close();
  });
  beforeEach(function resetUpstream() {
    upstream!.requests.length = 0;
    upstream!.resetInFlight();
    if (initial) upstream!.use(initial);
  });
}

/**
 * Points the LLM environment (WARDEN_LLM_*) at a local upstream for every test of the file, no
 * retries, the response cache as given, and restores the environment after each test.
 *
 * @example
 * useLlmEnv(() => upstream.baseURL, { model: 'gen-model', cache: 'off' });
 */
export function useLlmEnv(baseURL: () => string, options: { model: string; apiKey?: string; cache?: string }): void {
  beforeEach(function stubLlmEnv() {
    vi.stubEnv('WARDEN_LLM_BASE_URL', baseURL());
    vi.stubEnv('WARDEN_LLM_MODEL', options.model);
    vi.stubEnv('WARDEN_LLM_API_KEY', options.apiKey ?? 'sk-test-local');
    vi.stubEnv('WARDEN_LLM_PROVIDER', 'openai');
    vi.stubEnv('WARDEN_LLM_MAX_RETRIES', '0');
    vi.stubEnv('WARDEN_LLM_CACHE', options.cache ?? '');
  });
  afterEach(function restoreEnv() {
    vi.unstubAllEnvs();
  });
}
