import { createProvider } from '../../provider.js';
import type { LlmProvider } from '../../types.js';

/**
 * The real providers of src/llm (createProvider) for the batch runner's concurrent path in
 * tests: no cache, no retries inside the provider (the runner's own retry limit is under test).
 */

/** @example const p = openAITestProvider(upstream.baseURL); */
export function openAITestProvider(baseURL: string, model = 'gpt-4o-mini'): LlmProvider & { close(): Promise<void> } {
  return createProvider({ provider: 'openai', baseURL, model, apiKey: 'sk-test', maxRetries: 0 });
}

/** @example const p = anthropicTestProvider(upstream.baseURL); */
export function anthropicTestProvider(baseURL: string, model = 'claude-haiku-4-5'): LlmProvider & { close(): Promise<void> } {
  return createProvider({ provider: 'anthropic', baseURL, model, apiKey: 'sk-ant-test', maxRetries: 0 });
}
