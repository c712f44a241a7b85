import { WardenError } from '../../core/errors.js';
import { sha256, stableStringify } from '../../core/hash.js';
import type { Store } from '../../store/index.js';
import type { BatchItem, BatchResult, ChatResponse, LlmErrorKind } from '../types.js';
import { Driver, type DriverOptions } from './driver.js';
import { BatchTracker, type ItemRow } from './tracker.js';
import type { BatchRunOptions, BatchRunReport, BatchRunStatus } from './types.js';

const RUN_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_ITEM_ID = 256;

function resolve(options: BatchRunOptions): DriverOptions {
  if (!RUN_ID.test(options.runId)) throw new WardenError('W_USAGE', `batch run id "${options.runId.slice(0, 40)}" must be 1-128 letters, digits or . _ : -`);
  const positive = (name: string, value: number | undefined, fallback: number, min = 1): number => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < min) throw new WardenError('W_USAGE', `batch option ${name} must be a number >= ${min} (got ${value})`);
    return value;
  };
  return {
    runId: options.runId,
    provider: options.provider,
    api: options.api,
    minBatchItems: positive('minBatchItems', options.minBatchItems, 20, 0),
    maxRetries: positive('maxRetries', options.maxRetries, 2, 0),
    concurrency: positive('concurrency', options.concurrency, 8),
    pollMs: positive('pollMs', options.pollMs, 5000),
    maxPollMs: positive('maxPollMs', options.maxPollMs, 60_000),
    batchTimeoutMs: options.batchTimeoutMs === undefined ? undefined : positive('batchTimeoutMs', options.batchTimeoutMs, 0),
    expiryMs: positive('expiryMs', options.expiryMs, 24 * 3600_000),
    cancelGraceMs: positive('cancelGraceMs', options.cancelGraceMs, 10 * 60_000, 0),
    onEvent: options.onEvent ?? (() => undefined),
    signal: options.signal,
    now: options.now ?? Date.now,
  };
}

function checkItems(items: readonly BatchItem[], maxItems: number): void {
  if (items.length > maxItems) throw new WardenError('W_USAGE', `a batch run takes at most ${maxItems} items (got ${items.length}); split the job or raise maxItems`);
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (typeof item.id !== 'string' || item.id.length === 0 || item.id.length > MAX_ITEM_ID) throw new WardenError('W_USAGE', `item ${index}: id must be a non-empty string of at most ${MAX_ITEM_ID} characters`);
    if (seen.has(item.id)) throw new WardenError('W_USAGE', `item ${index}: id "${item.id.slice(0, 80)}" appears twice; ids must be unique within a run`);
    seen.add(item.id);
    if (!Array.isArray(item.request?.messages) || item.request.messages.length === 0) throw new WardenError('W_USAGE', `item "${item.id.slice(0, 80)}": request.messages must be a non-empty array`);
  });
}

/**
 * A run id that names what is asked: the same items (ids and requests) to the same model give
 * the same id, so a re-run of an interrupted job resumes its run instead of asking again.
 *
 * @example
 * runBatch(items, { store, runId: contentRunId('align', items, llm.model), provider: llm });
 */
export function contentRunId(prefix: string, items: readonly BatchItem[], model: string): string {
  return `${prefix}-${sha256(stableStringify({ model, items: items.map((i) => [i.id, i.request]) })).slice(0, 24)}`;
}

/**
 * Sends chat requests through the provider's batch API (or concurrent calls for small jobs) and
 * waits for every answer, tracking the run in the store: running it again with the same run id
 * and items resumes it without sending anything twice. Results come back in the items' order.
 *
 * @example
 * const report = await runBatch(
 *   [{ id: 'a', request: { messages: [{ role: 'user', content: 'Say hi' }] } }],
 *   { store: await openStore('sqlite:runs.db'), runId: 'demo', provider, api: openAIBatchApi(new OpenAI()) },
 * );
 * report.results[0]; // { id: 'a', ok: true, response: { text: 'Hi', ... } }
 */
export async function runBatch(items: readonly BatchItem[], options: BatchRunOptions): Promise<BatchRunReport> {
  const o = resolve(options);
  checkItems(items, options.maxItems ?? 1_000_000);
  const tracker = await BatchTracker.open(options.store);
  await tracker.ensureRun(o.runId, o.api?.provider ?? null, o.now());
  const encoded = items.map((item) => {
    const request = JSON.stringify(item.request);
    return { id: item.id, hash: sha256(stableStringify(item.request)), request };
  });
  await tracker.addItems(o.runId, encoded, o.now());
  await new Driver(tracker, o).run();
  return report(tracker, o.runId, items.map((item) => item.id));
}

/**
 * Resumes a stored run (`warden synth resume RUN`): polls its batches in flight, collects their
 * results, sends what is still pending, and reports every item of the run in the order added.
 *
 * @example
 * const report = await resumeBatch({ store, runId: 'demo', provider, api });
 */
export async function resumeBatch(options: BatchRunOptions): Promise<BatchRunReport> {
  const o = resolve(options);
  const tracker = await BatchTracker.open(options.store);
  if (!(await tracker.hasRun(o.runId))) throw new WardenError('W_LLM_BATCH', `there is no batch run "${o.runId}" in ${options.store.url}`);
  await tracker.ensureRun(o.runId, o.api?.provider ?? null, o.now());
  await new Driver(tracker, o).run();
  return report(tracker, o.runId, undefined);
}

/**
 * Where a stored run stands, without sending or polling anything.
 *
 * @example
 * const status = await batchRunStatus(store, 'demo'); // { items: 120, done: 80, inFlight: 1, ... }
 */
export async function batchRunStatus(store: Store, runId: string): Promise<BatchRunStatus> {
  const tracker = await BatchTracker.open(store);
  if (!(await tracker.hasRun(runId))) throw new WardenError('W_LLM_BATCH', `there is no batch run "${runId}" in ${store.url}`);
  const rows = await tracker.items(runId);
  const count = (status: ItemRow['status']): number => rows.filter((row) => row.status === status).length;
  const batches = await tracker.batches(runId);
  return { runId, items: rows.length, done: count('done'), failed: count('failed'), pending: count('pending') + count('submitted'), inFlight: batches.filter((b) => !b.collected).length, batches };
}

async function report(tracker: BatchTracker, runId: string, ids: readonly string[] | undefined): Promise<BatchRunReport> {
  const rows = await tracker.items(runId);
  const byId = new Map(rows.map((row) => [row.item_id, row]));
  const order = ids ?? rows.map((row) => row.item_id);
  const usage = { inputTokens: 0, outputTokens: 0 };
  const answeredBy = { batch: 0, concurrent: 0 };
  const counts = { ok: 0, failed: 0, byKind: {} as Partial<Record<LlmErrorKind, number>> };
  const results: BatchResult[] = order.map((id) => {
    const row = byId.get(id);
    if (row?.status === 'done' && row.response) {
      const response = JSON.parse(row.response) as ChatResponse;
      usage.inputTokens += response.usage.inputTokens;
      usage.outputTokens += response.usage.outputTokens;
      answeredBy[row.path === 'concurrent' ? 'concurrent' : 'batch']++;
      counts.ok++;
      return { id, ok: true, response };
    }
    const kind: LlmErrorKind = row?.error_kind ?? 'cancelled';
    counts.failed++;
    counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
    return { id, ok: false, kind, error: row?.error ?? 'not answered' };
  });
  return { runId, results, usage, answeredBy, counts, batches: await tracker.batches(runId) };
}
