/**
 * The LLM layer: one provider interface for chat, JSON-schema structured output and
 * embeddings over OpenAI-compatible endpoints (`openai` SDK) and Anthropic
 * (`@anthropic-ai/sdk`), with retries, client-side limits, a response cache in the store, and
 * usage/cost accounting. Batch APIs live in ./batch/.
 */
export type * from './types.js';
export { LLM_SETUP_HELP, llmConfigured, llmHelpEpilogue, providerFromEnv, requireLlm, resolveLlmConfig, type LlmOverrides } from './config.js';
export { DEFAULT_CONCURRENCY, DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_MS, createProvider, type LlmConfig } from './provider.js';
export { LLM_ERROR_KINDS, LlmError, classifyLlmError, llmErrorKind, retryAfterMs, scrubMessage, type ClassifiedError } from './errors.js';
export { DEFAULT_RETRY_POLICY, abortableSleep, backoffDelay, withRetries, type RetryEvent, type RetryHooks, type RetryPolicy } from './retry.js';
export { Semaphore, TokenBucket } from './rate-limit.js';
export { LlmCache, chatCacheKey, embedCacheKey } from './cache.js';
export { MODEL_PRICES, PRICES_AS_OF, costUsd, priceOf, type ModelPrice } from './prices.js';
export { UsageMeter } from './usage.js';
export { estimateTokens, checkChatRequest, checkEmbedRequest } from './validate.js';
export { parseJsonAnswer } from './transport.js';
export { OPENAI_DEFAULT_BASE_URL, PLACEHOLDER_API_KEY } from './openai.js';
export { ANTHROPIC_DEFAULT_BASE_URL } from './anthropic.js';
