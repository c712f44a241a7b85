/**
 * One model per run, and an explicit fallback chain used only when the current model's quota
 * is exhausted: HTTP 429 with code `insufficient_quota`, or rate limits still failing after the
 * provider's own retries. Any other failure is not a reason to change model.
 */

export interface ModelSwitch {
  from: string;
  to: string;
  at: string;
  /** The prompt file whose request hit the limit. */
  prompt: string;
  reason: string;
}

/**
 * Whether an error from a provider call means "this model's quota is used up": an
 * `insufficient_quota` error, a 429 status, or a rate-limit kind, on the error or any cause.
 *
 * @example
 * isQuotaExhausted(Object.assign(new Error('429'), { status: 429, code: 'insufficient_quota' })); // true
 * isQuotaExhausted(new Error('socket hang up')); // false
 */
export function isQuotaExhausted(error: unknown): boolean {
  return quotaReason(error) !== undefined;
}

/** A short reason for the manifest ("insufficient_quota", "rate limited (429)"), or undefined. */
export function quotaReason(error: unknown): string | undefined {
  const chain: Record<string, unknown>[] = [];
  for (let current: unknown = error; typeof current === 'object' && current !== null && chain.length < 8; current = (current as { cause?: unknown }).cause) {
    chain.push(current as Record<string, unknown>);
  }
  const quota = chain.some(function isInsufficientQuota(e) {
    const body = e.error as { code?: unknown; type?: unknown } | undefined;
    return e.code === 'insufficient_quota' || e.type === 'insufficient_quota' || body?.code === 'insufficient_quota' || body?.type === 'insufficient_quota';
  });
  if (quota) return 'insufficient_quota';
  if (chain.some((e) => e.kind === 'rate_limit' || e.status === 429)) return 'rate limited after retries';
  return undefined;
}

/** The run's model chain: the current model and the switches made. */
export class ModelChain {
  readonly models: readonly string[];
  private index: number;
  readonly switches: ModelSwitch[];

  constructor(models: readonly string[], start = 0, switches: ModelSwitch[] = []) {
    this.models = models;
    this.index = Math.min(start, models.length - 1);
    this.switches = switches;
  }

  get current(): string {
    return this.models[this.index]!;
  }

  get currentIndex(): number {
    return this.index;
  }

  /**
   * Moves to the next model after `failed` hit its quota, once per model whatever the number of
   * requests that saw it fail. Returns the model to retry with, or undefined when the chain is
   * used up.
   */
  advance(failed: string, prompt: string, reason: string, now: Date): string | undefined {
    if (failed !== this.current) return this.current;
    if (this.index + 1 >= this.models.length) return undefined;
    this.index++;
    this.switches.push({ from: failed, to: this.current, at: now.toISOString(), prompt, reason });
    return this.current;
  }
}
