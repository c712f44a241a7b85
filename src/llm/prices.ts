/**
 * Indicative list prices in USD per million tokens, as published by OpenAI and Anthropic for
 * standard (non-batch, non-cached) use on PRICES_AS_OF. They change: costs computed from this
 * table are estimates for planning a run, not an invoice. Batch APIs are billed at about half.
 * Models not listed (local models, fine-tunes, new releases) have no cost (null).
 */
export const PRICES_AS_OF = '2025-11-01';

export interface ModelPrice {
  /** USD per million input (prompt) tokens. */
  input: number;
  /** USD per million output (completion) tokens. */
  output: number;
}

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  o3: { input: 2, output: 8 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  // Anthropic
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-opus-4': { input: 15, output: 75 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-3-7-sonnet': { input: 3, output: 15 },
  'claude-3-5-sonnet': { input: 3, output: 15 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-3-haiku': { input: 0.25, output: 1.25 },
};

/**
 * The price of a model: the longest table name that equals the model or is followed in it by
 * `-` (so dated snapshots like `gpt-4o-mini-2024-07-18` or `claude-sonnet-4-5-20250929`
 * match); undefined when unknown. `extra` entries (e.g. `{ 'llama3.1:8b': {input: 0, output: 0} }`)
 * are consulted first.
 *
 * @example
 * priceOf('gpt-4o-mini-2024-07-18'); // { input: 0.15, output: 0.6 }
 * priceOf('llama3.1:8b'); // undefined
 */
export function priceOf(model: string, extra: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | undefined {
  for (const table of [extra, MODEL_PRICES]) {
    let best: string | undefined;
    for (const name of Object.keys(table)) {
      if ((model === name || model.startsWith(`${name}-`)) && (best === undefined || name.length > best.length)) best = name;
    }
    if (best !== undefined) return table[best];
  }
  return undefined;
}

/**
 * USD for the tokens, or null when the model has no price.
 *
 * @example
 * costUsd('gpt-4o', 1_000_000, 100_000); // 3.5
 */
export function costUsd(model: string, inputTokens: number, outputTokens: number, extra?: Readonly<Record<string, ModelPrice>>): number | null {
  const price = priceOf(model, extra);
  if (!price) return null;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}
