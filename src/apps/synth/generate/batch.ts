import { sha256 } from '../../../core/hash.js';
import { runBatch, type BatchApi, type BatchEvent } from '../../../llm/batch/index.js';
import type { BatchItem, LlmProvider } from '../../../llm/types.js';
import type { Store } from '../../../store/index.js';
import { DEFAULT_SCHEMA, type DatasetSchema } from '../schema.js';
import type { FirstRoundFetcher } from './engine.js';
import type { PrefetchedAnswer } from './prompt-run.js';
import { firstRoundRequests } from './prompt-run.js';

export type BatchMode = 'auto' | 'on' | 'off';

/** `--batch auto` sends first rounds through the batch API from this many requests on. */
export const AUTO_BATCH_MIN_REQUESTS = 20;

export interface BatchFirstRoundOptions {
  mode: BatchMode;
  provider: LlmProvider;
  /** The provider's batch API; undefined when it has none. */
  api: BatchApi | undefined;
  /** Opens the batch tracker's store, on first use (it survives restarts: a re-run resumes batches in flight). */
  store: () => Promise<Store>;
  schema?: DatasetSchema;
  seed: number | undefined;
  concurrency: number;
  pollMs?: number;
  maxPollMs?: number;
  /** Every batch event (for a progress display). */
  onEvent?: (event: BatchEvent) => void;
}

/**
 * Whether the first rounds go through the batch API: always with `on` (when the provider has
 * one), from AUTO_BATCH_MIN_REQUESTS requests on with `auto`, never with `off`.
 *
 * @example
 * useBatch('auto', api, 40); // true when api is defined
 */
export function useBatch(mode: BatchMode, api: BatchApi | undefined, requests: number): boolean {
  if (mode === 'off' || api === undefined) return false;
  return mode === 'on' || requests >= AUTO_BATCH_MIN_REQUESTS;
}

/**
 * A FirstRoundFetcher over the batch runner: the first-round requests of every fresh prompt
 * file go out as one batch run (item ids `<prompt>#<part>`), and the answers come back as
 * prefetched answers for each prompt's loop. Items that failed come back without a result, so
 * their rows are asked for again by the follow-up rounds. Returns nothing (every request then
 * goes as a chat call) when batching is not worth it.
 *
 * @example
 * const firstRound = batchFirstRound({ mode: 'auto', provider, api, store: () => openStore('sqlite:gen/batches.sqlite'), seed: undefined, concurrency: 4 });
 */
export function batchFirstRound(options: BatchFirstRoundOptions): FirstRoundFetcher {
  return async function fetchFirstRound(jobs, model, hooks) {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    const plans = jobs.map((job) => ({ prompt: job.prompt, requests: firstRoundRequests(job.prompt, schema, job.missing, options.seed) }));
    const items: BatchItem[] = [];
    for (const plan of plans) plan.requests.forEach((r, i) => items.push({ id: `${plan.prompt.name}#${i + 1}`, request: { ...r.request, model } }));
    const out = new Map<string, PrefetchedAnswer[]>();
    if (!useBatch(options.mode, options.api, items.length)) return out;
    // The same prompts asking for the same rows make the same items: a re-run resumes the run.
    const runId = `synth-${hooks.runKey.slice(0, 16)}-${sha256(items.map((i) => i.id).join('\n') + model).slice(0, 8)}`;
    await hooks.onRun(runId, plans.map((p) => p.prompt.name));
    const report = await runBatch(items, {
      store: await options.store(),
      runId,
      provider: options.provider,
      api: options.api,
      minBatchItems: 1,
      concurrency: options.concurrency,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.maxPollMs !== undefined ? { maxPollMs: options.maxPollMs } : {}),
      onEvent: function onBatchEvent(event) {
        if (event.type === 'submitted' || event.type === 'collected') hooks.onRemote(runId, event.batchId, event.type);
        options.onEvent?.(event);
      },
    });
    const byId = new Map(report.results.map((r) => [r.id, r]));
    for (const plan of plans) {
      out.set(
        plan.prompt.name,
        plan.requests.map(function toAnswer(r, i): PrefetchedAnswer {
          const result = byId.get(`${plan.prompt.name}#${i + 1}`);
          return { messages: r.messages, result: result?.ok ? { response: result.response, model } : undefined };
        }),
      );
    }
    return out;
  };
}
