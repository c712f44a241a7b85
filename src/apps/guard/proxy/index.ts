/** OpenAI- and Anthropic-compatible proxies that guard what the upstream model answers, streaming included. */
export { anthropicProxy } from './anthropic.js';
export type { ProxyDeps } from './context.js';
export { openaiProxy } from './openai.js';
export { formatSse, SseParser, sseEvents, type SseEvent } from './sse.js';
export { StreamGuard, type StreamEvaluator, type StreamGuardOptions, type StreamSummary } from './stream-guard.js';
