import { withoutTrailingSlashes } from '../transport.js';
import type Anthropic from '@anthropic-ai/sdk';
import { loadAnthropicSdk } from '../errors.js';
import OpenAI from 'openai';
import { ANTHROPIC_DEFAULT_BASE_URL } from '../anthropic.js';
import { OPENAI_DEFAULT_BASE_URL, PLACEHOLDER_API_KEY } from '../openai.js';
import type { LlmConfig } from '../provider.js';
import type { ProviderKind } from '../types.js';
import { anthropicBatchApi } from './anthropic.js';
import { openAIBatchApi } from './openai.js';
import type { BatchApi } from './types.js';

/** What a batch API needs from an LLM configuration (`resolveLlmConfig` gives all of it). */
export type BatchClientConfig = Pick<LlmConfig, 'provider' | 'baseURL' | 'apiKey' | 'maxTokens' | 'timeoutMs' | 'maxRetries'>;

/** The second argument of the `batchApiFor(kind, options)` form. */
export interface BatchClientOptions {
  /** OpenAI: `https://api.openai.com/v1` or another server with the Batch API; Anthropic: with or without `/v1`. */
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  timeoutMs?: number | undefined;
  /** SDK retries of the batch calls themselves (default 4). */
  maxRetries?: number | undefined;
  /** Anthropic: max_tokens of requests that set none (default 4096, as the provider). */
  maxTokens?: number | undefined;
}

/**
 * The batch API for the same configuration as the provider (`createProvider(config)`): same
 * endpoint and key, same max-tokens rules (Anthropic's default budget; `max_completion_tokens` to
 * api.openai.com, `max_tokens` to other OpenAI-compatible servers). The key stays inside the SDK
 * client. Batch calls (upload, create, poll, download) are retried by the SDK (4 times by default).
 *
 * @example
 * const config = resolveLlmConfig(process.env);
 * const report = await runBatch(items, { store, runId, provider: createProvider(config), api: batchApiFor(config) });
 * // or: batchApiFor('anthropic', { apiKey: process.env.ANTHROPIC_API_KEY })
 */
export function batchApiFor(config: BatchClientConfig): BatchApi;
export function batchApiFor(kind: ProviderKind, options: BatchClientOptions): BatchApi;
export function batchApiFor(first: BatchClientConfig | ProviderKind, options: BatchClientOptions = {}): BatchApi {
  const config: BatchClientConfig = typeof first === 'string' ? { provider: first, ...options } : first;
  const apiKey = config.apiKey && config.apiKey.trim() !== '' ? config.apiKey : PLACEHOLDER_API_KEY;
  const common = { apiKey, timeout: config.timeoutMs ?? 120_000, maxRetries: config.maxRetries ?? 4 };
  if (config.provider === 'anthropic') {
    const baseURL = withoutTrailingSlashes(config.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/v1$/, '');
    const client = async (): Promise<Anthropic> => new (await loadAnthropicSdk()).default({ ...common, baseURL, authToken: null });
    let made: Promise<Anthropic> | undefined;
    return anthropicBatchApi(() => (made ??= client()), config.maxTokens === undefined ? {} : { defaultMaxTokens: config.maxTokens });
  }
  const baseURL = withoutTrailingSlashes(config.baseURL ?? OPENAI_DEFAULT_BASE_URL);
  return openAIBatchApi(new OpenAI({ ...common, baseURL }), { maxTokensField: isOfficialOpenAI(baseURL) ? 'max_completion_tokens' : 'max_tokens' });
}

function isOfficialOpenAI(baseURL: string): boolean {
  try {
    return new URL(baseURL).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}
