/**
 * Batch runner: many chat requests through a provider's batch API (OpenAI Batch, Anthropic
 * Message Batches) or, for small jobs, as concurrent `LlmProvider.chat` calls; a tracker in
 * the store (SQLite or PostgreSQL) makes a run survive restarts.
 *
 * API for callers (`warden synth generate`, `warden synth resume RUN`, agentic generation):
 *
 *   import { createProvider, resolveLlmConfig } from '../../llm/index.js';
 *   import { runBatch, resumeBatch, batchApiFor } from '../../llm/batch/index.js';
 *
 *   const config = resolveLlmConfig(process.env, overrides, 'synth generate');
 *   const provider = createProvider(config);
 *   const api = batchApiFor(config);     // same endpoint and key; or openAIBatchApi(new OpenAI(...)) /
 *                                        // anthropicBatchApi(new Anthropic(...)); omit for concurrent calls only
 *   const report = await runBatch(items, {        // items: BatchItem[] ({id, request}), ids unique
 *     store,                                      // openStore('sqlite:PATH' | 'postgres://...'); migrated on first use
 *     runId: 'synth-7f3a',                        // same run id + same items = resume, nothing answered is sent again
 *     provider,                                   // LlmProvider: the concurrent path, and request.model's default
 *     api,                                        // BatchApi | undefined
 *     minBatchItems: 20,                          // fewer pending items than this: concurrent calls, no batch
 *     maxRetries: 2,                              // expired / failed items are retried (new batch or concurrent)
 *     concurrency: 8,                             // concurrent calls at once
 *     pollMs: 5_000, maxPollMs: 60_000,           // poll backoff of remote batches
 *     batchTimeoutMs: 6 * 3600_000,               // past it a batch is cancelled, finished items kept, the rest concurrent
 *     expiryMs: 24 * 3600_000,                    // a batch still running past it counts as expired (retried)
 *     onEvent: (event) => {},                     // BatchEvent: submitted / polled / collected / item (for dashboards)
 *     signal,                                     // abort: stops waiting (rejects with LlmError 'cancelled'); state stays stored
 *   });
 *   report.results;   // BatchResult[] in the order of `items`: {id, ok: true, response: ChatResponse} | {id, ok: false, kind, error}
 *   report.usage;     // {inputTokens, outputTokens} of every answer of the run (batch + concurrent)
 *   report.batches;   // remote batches of the run with status and counts; report.counts: {ok, failed, byKind}
 *
 *   await resumeBatch({ store, runId, provider, api });   // same, items read back from the store
 *   await batchRunStatus(store, runId);                     // counts and batches, without sending anything
 *
 * A batch answer has the same ChatResponse shape as `provider.chat` (text, json when a schema was
 * requested and the text parses, usage, model, finishReason); `cached` is false, `attempts` is 1,
 * `latencyMs` is the batch's wall time from submission to collection.
 */
export { runBatch, resumeBatch, batchRunStatus, contentRunId } from './runner.js';
export { openAIBatchApi } from './openai.js';
export { anthropicBatchApi } from './anthropic.js';
export { batchApiFor, type BatchClientConfig, type BatchClientOptions } from './factory.js';
export type { BatchApi, BatchEvent, BatchRunOptions, BatchRunReport, BatchRunStatus, RemoteBatch, RemoteOutcome, TrackedBatch } from './types.js';
