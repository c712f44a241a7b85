import { costUsd, type ModelPrice } from './prices.js';
import type { LlmErrorKind, ProviderStats, Usage } from './types.js';

/**
 * Counts one provider's traffic: HTTP requests, cache hits, retries, failed attempts by kind,
 * calls that finally failed by kind, tokens per model (for the cost), and the wall time of the
 * requests that returned an answer (for output tokens per second).
 */
export class UsageMeter {
  private requests = 0;
  private calls = 0;
  private cacheHits = 0;
  private retries = 0;
  private readonly errors: Partial<Record<LlmErrorKind, number>> = {};
  private readonly failures: Partial<Record<LlmErrorKind, number>> = {};
  private readonly byModel = new Map<string, Usage & { requests: number }>();
  private answerMs = 0;
  private timedOutput = 0;

  constructor(private readonly prices: Readonly<Record<string, ModelPrice>> = {}) {}

  call(): void {
    this.calls++;
  }

  request(): void {
    this.requests++;
  }

  retry(): void {
    this.retries++;
  }

  cacheHit(): void {
    this.cacheHits++;
  }

  /** A failed attempt (whether or not it is retried). */
  error(kind: LlmErrorKind): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }

  /** A call that gave up (after its retries). */
  failure(kind: LlmErrorKind): void {
    this.failures[kind] = (this.failures[kind] ?? 0) + 1;
  }

  /**
   * An answered request: its reported usage and its wall time (the attempt, not the retries'
   * waits). `timed` false leaves the time out of tokens per second (embeddings).
   */
  answer(model: string, usage: Usage, ms: number, timed = true): void {
    const entry = this.byModel.get(model) ?? { inputTokens: 0, outputTokens: 0, requests: 0 };
    entry.inputTokens += usage.inputTokens;
    entry.outputTokens += usage.outputTokens;
    entry.requests++;
    this.byModel.set(model, entry);
    if (timed) {
      this.answerMs += ms;
      this.timedOutput += usage.outputTokens;
    }
  }

  /**
   * The totals. Cost is null as soon as one model with tokens has no price.
   *
   * @example
   * const meter = new UsageMeter();
   * meter.answer('gpt-4o-mini', { inputTokens: 1000, outputTokens: 500 }, 250);
   * meter.snapshot().outputTokensPerSecond; // 2000
   */
  snapshot(): ProviderStats {
    let inputTokens = 0;
    let outputTokens = 0;
    let cost: number | null = 0;
    const byModel: NonNullable<ProviderStats['byModel']> = {};
    for (const [model, usage] of this.byModel) {
      inputTokens += usage.inputTokens;
      outputTokens += usage.outputTokens;
      const modelCost = costUsd(model, usage.inputTokens, usage.outputTokens, this.prices);
      byModel[model] = { ...usage, costUsd: modelCost };
      if (modelCost === null) {
        if (usage.inputTokens + usage.outputTokens > 0) cost = null;
      } else if (cost !== null) cost += modelCost;
    }
    return {
      requests: this.requests,
      calls: this.calls,
      cacheHits: this.cacheHits,
      retries: this.retries,
      errors: { ...this.errors },
      failures: { ...this.failures },
      inputTokens,
      outputTokens,
      costUsd: cost === null ? null : Math.round(cost * 1e9) / 1e9,
      outputTokensPerSecond: this.answerMs > 0 ? this.timedOutput / (this.answerMs / 1000) : 0,
      requestSeconds: this.answerMs / 1000,
      byModel,
    };
  }
}
