import { afterEach, describe, expect, it } from 'vitest';
import type { OpenAIUpstream } from '../../test/upstreams/openai.js';
import { useOpenAIUpstream } from '../../test/upstreams/use-openai.js';
import { createProvider, type LlmConfig } from './provider.js';
import type { LlmProvider } from './types.js';

/** Client-side limits and usage accounting, through the openai SDK against the local upstream. */
let upstream: OpenAIUpstream;
const providers: { close(): Promise<void> }[] = [];

useOpenAIUpstream((u) => (upstream = u), { content: 'Hello!' });
afterEach(async () => {
  for (const p of providers.splice(0)) await p.close();
});

function provider(config: Partial<LlmConfig> = {}): LlmProvider & { close(): Promise<void> } {
  const p = createProvider({ provider: 'openai', baseURL: upstream.baseURL, model: 'gpt-4o-mini', apiKey: 'sk-test', backoffMs: 5, ...config });
  providers.push(p);
  return p;
}

const hello = { messages: [{ role: 'user' as const, content: 'Say hello' }] };

describe('client-side limits', () => {
  it('spaces requests to the requests-per-minute limit', async () => {
    const arrivals: number[] = [];
    upstream.use(() => {
      arrivals.push(performance.now());
      return { content: 'ok' };
    });
    const llm = provider({ rpm: 300 }); // 5 per second, burst 5
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => llm.chat({ messages: [{ role: 'user', content: `q${i}` }] })));
    expect(arrivals).toHaveLength(10);
    // 5 go at once, the other 5 at 200 ms intervals: none arrives before its slot (timers may be late, never early).
    for (let i = 5; i < 10; i++) expect(arrivals[i]! - started).toBeGreaterThanOrEqual((i - 4) * 200 - 10);
    expect(arrivals[9]! - started).toBeGreaterThanOrEqual(950);
  });

  it('bounds the requests in flight at the server by the concurrency limit', async () => {
    upstream.use({ content: 'slow', delayMs: 80 });
    const llm = provider({ concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => llm.chat({ messages: [{ role: 'user', content: `q${i}` }] })));
    expect(upstream.requests).toHaveLength(12);
    expect(upstream.inFlight().max).toBe(3);
  });

  it('waits for the tokens-per-minute budget', async () => {
    upstream.use({ content: 'x', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
    const llm = provider({ tpm: 6000 }); // 100 tokens/s, 6000 at once
    const ask = (chars: number, i: number): Promise<unknown> => llm.chat({ messages: [{ role: 'user', content: 'y'.repeat(chars - 1) + String(i) }], maxTokens: 100 });
    const started = performance.now();
    // Five requests of ~1100 tokens (4000 chars / 4 + 100) fit the bucket; a sixth of ~600 is 100 over: 1 s.
    const five = Promise.all([0, 1, 2, 3, 4].map((i) => ask(4000, i)));
    const sixth = ask(2000, 5).then(() => performance.now() - started);
    await five;
    expect(performance.now() - started).toBeLessThan(700);
    expect(await sixth).toBeGreaterThanOrEqual(950);
  });

  it('settles the token estimate with the usage reported', async () => {
    upstream.use({ content: 'x', usage: { prompt_tokens: 100, completion_tokens: 100 } });
    const llm = provider({ tpm: 6000 });
    const big = (i: number): { messages: { role: 'user'; content: string }[]; maxTokens: number } => ({ messages: [{ role: 'user', content: 'z'.repeat(21_600) + String(i) }], maxTokens: 100 });
    // Estimated ~5500 each: the second would wait ~50 s for the bucket, unless the first gave back
    // what it did not use (reported 200 of 5500).
    await llm.chat(big(1));
    const started = performance.now();
    await llm.chat(big(2));
    expect(performance.now() - started).toBeLessThan(900);
  });
});

describe('usage and cost', () => {
  it('adds tokens, prices them from the table and measures output tokens per second', async () => {
    upstream.use({ content: 'x', model: 'gpt-4o-mini-2024-07-18', usage: { prompt_tokens: 1_000, completion_tokens: 500 }, delayMs: 100 });
    const llm = provider();
    await llm.chat(hello);
    await llm.chat({ messages: [{ role: 'user', content: 'again' }] });
    const stats = llm.stats();
    expect(stats).toMatchObject({ requests: 2, calls: 2, inputTokens: 2_000, outputTokens: 1_000 });
    // gpt-4o-mini: $0.15 / M input, $0.60 / M output.
    expect(stats.costUsd).toBeCloseTo((2_000 * 0.15 + 1_000 * 0.6) / 1e6, 12);
    // 1000 output tokens over two requests of >= 100 ms each: at most 5000 tokens/s, and not absurdly low.
    expect(stats.outputTokensPerSecond).toBeLessThanOrEqual(5_000);
    expect(stats.outputTokensPerSecond).toBeGreaterThan(200);
    expect(stats.outputTokensPerSecond).toBeCloseTo(1_000 / stats.requestSeconds!, 6);
  });

  it('reports a null cost for a model that is not in the table', async () => {
    upstream.use({ content: 'x', model: 'llama3.1:8b', usage: { prompt_tokens: 10, completion_tokens: 10 } });
    const llm = provider({ model: 'llama3.1:8b' });
    await llm.chat(hello);
    expect(llm.stats().costUsd).toBeNull();
    expect(llm.stats().outputTokens).toBe(10);
  });
});
