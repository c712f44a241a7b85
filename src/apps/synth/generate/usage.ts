import type { LlmProvider } from '../../../llm/types.js';
import type { UsageTotals } from './manifest.js';

/** This session's batch answers (they do not pass through provider.chat, so stats() lacks them). */
export interface BatchUsage {
  requests: number;
  input: number;
  output: number;
  /** USD at the batch price; null when a model's price is unknown. */
  cost: number | null;
}

/** OpenAI Batch and Anthropic Message Batches bill at half the list price. */
export const BATCH_PRICE_FACTOR = 0.5;

/**
 * Usage of earlier sessions plus this provider's stats and this session's batch answers.
 *
 * @example
 * manifest.usage = addUsage(previous, provider, { requests: 0, input: 0, output: 0, cost: 0 });
 */
export function addUsage(base: UsageTotals, provider: LlmProvider, batch: BatchUsage): UsageTotals {
  const s = provider.stats();
  const seconds = s.outputTokensPerSecond > 0 ? s.outputTokens / s.outputTokensPerSecond : 0;
  // Batch answers have no per-request time: they count in the totals, not in tokens/s.
  const timed = (base.timed_output_tokens ?? 0) + s.outputTokens;
  const requestSeconds = base.request_seconds + seconds;
  const cost = base.cost_usd === null || s.costUsd === null || batch.cost === null ? null : round(base.cost_usd + s.costUsd + batch.cost, 6);
  return {
    requests: base.requests + s.requests + batch.requests,
    batch_requests: (base.batch_requests ?? 0) + batch.requests,
    cache_hits: base.cache_hits + s.cacheHits,
    retries: base.retries + s.retries,
    input_tokens: base.input_tokens + s.inputTokens + batch.input,
    output_tokens: base.output_tokens + s.outputTokens + batch.output,
    cost_usd: cost,
    tokens_per_s: requestSeconds > 0 ? round(timed / requestSeconds, 1) : 0,
    timed_output_tokens: timed,
    request_seconds: round(requestSeconds, 3),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
