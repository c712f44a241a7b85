import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../core/errors.js';
import { LlmError, llmErrorKind, scrubMessage } from '../errors.js';
import type { ChatRequest, LlmErrorKind } from '../types.js';
import { CallPool } from './pool.js';
import { customIdOf, type BatchTracker, type ItemRow, type ItemUpdate } from './tracker.js';
import type { BatchApi, BatchEvent, BatchLine, BatchRunOptions, RemoteBatch, TrackedBatch } from './types.js';
import { RETRYABLE_KINDS, boundMessage, withJson } from './wire.js';

/** Options with every default filled in. */
export interface DriverOptions {
  runId: string;
  provider: BatchRunOptions['provider'];
  api: BatchApi | undefined;
  minBatchItems: number;
  maxRetries: number;
  concurrency: number;
  pollMs: number;
  maxPollMs: number;
  batchTimeoutMs: number | undefined;
  expiryMs: number;
  cancelGraceMs: number;
  onEvent: (event: BatchEvent) => void;
  signal: AbortSignal | undefined;
  now: () => number;
}

const SUBMIT_FAILURES: ReadonlySet<LlmErrorKind> = new Set(['auth', 'cancelled']);

/**
 * Moves a run forward until every item is answered or given up: submits pending items as remote
 * batches (or runs them as concurrent calls when there are few, or after a batch timed out),
 * polls the batches in flight with backoff, cancels those past their deadline or expiry, and
 * collects their results. All state lives in the tracker; the driver keeps only poll timers.
 */
export class Driver {
  private readonly calls: CallPool;
  private readonly polls = new Map<string, { at: number; interval: number }>();
  private wake: (() => void) | undefined;

  constructor(
    private readonly tracker: BatchTracker,
    private readonly o: DriverOptions,
  ) {
    this.calls = new CallPool(o.concurrency, () => this.wake?.());
  }

  async run(): Promise<void> {
    try {
      await this.loop();
    } catch (error) {
      // Let calls in flight record their outcome before the caller closes the store.
      this.calls.clear();
      while (this.calls.active > 0) await this.sleep(false, true);
      throw error;
    }
  }

  private async loop(): Promise<void> {
    const { o } = this;
    await this.adoptOrphans();
    for (;;) {
      if (this.calls.failure) throw this.calls.failure;
      if (o.signal?.aborted) return this.stop();
      // While calls are queued nothing new can start; pending rows are read again once the queue drains.
      if (this.calls.queued === 0) {
        const pending = (await this.tracker.items(o.runId, 'pending')).filter((row) => !this.calls.has(row.item_id));
        const auto = pending.filter((row) => row.route === 'auto');
        const batched = o.api !== undefined && auto.length >= o.minBatchItems;
        if (batched) await this.submit(auto);
        for (const row of batched ? pending.filter((r) => r.route === 'direct') : pending) this.calls.add(row.item_id, () => this.call(row));
      }
      const inFlight = await this.tracker.inFlight(o.runId);
      for (const batch of inFlight) {
        if (o.signal?.aborted) break;
        await this.tend(batch);
      }
      const left = inFlight.length > 0 ? (await this.tracker.inFlight(o.runId)).length : 0;
      if (left === 0 && this.calls.active === 0 && this.calls.queued === 0) {
        if ((await this.tracker.items(o.runId, 'pending')).length === 0) break;
        continue;
      }
      await this.sleep(left > 0);
    }
    if (this.calls.failure) throw this.calls.failure;
  }

  /**
   * Submissions a previous process sent but did not record: the batch it created is adopted
   * when the API can find it by its token; otherwise the items, still pending, are sent again.
   */
  private async adoptOrphans(): Promise<void> {
    const { o } = this;
    for (const intent of await this.tracker.intents(o.runId)) {
      const remote = o.api?.find ? await o.api.find(intent.token, intent.createdAt) : undefined;
      if (remote && o.api) {
        const at = o.now();
        const limits = { deadlineAt: o.batchTimeoutMs === undefined ? null : intent.createdAt + o.batchTimeoutMs, expiryAt: intent.createdAt + o.expiryMs };
        await this.tracker.markSubmitted(o.runId, remote, o.api.provider, limits, intent.itemIds, at, intent.token);
        this.emit({ type: 'submitted', batchId: remote.id, items: intent.itemIds.length });
      } else await this.tracker.dropIntent(o.runId, intent.token);
    }
  }

  /** Waits for concurrent calls to settle, then reports the stop; everything stays in the tracker. */
  private async stop(): Promise<never> {
    this.calls.clear();
    while (this.calls.active > 0) await this.sleep(false, true);
    throw new LlmError('cancelled', `batch run "${this.o.runId}" was stopped; its state is stored: resume it with the same run id`);
  }

  private emit(event: BatchEvent): void {
    try {
      this.o.onEvent(event);
    } catch {
      // a progress callback never breaks the run
    }
  }

  /** Sleeps until the next poll is due, a concurrent call finishes, or the run is aborted. */
  private async sleep(polling: boolean, stopping = false): Promise<void> {
    if (this.o.signal?.aborted && !stopping) return;
    const now = this.o.now();
    let until = now + 60_000;
    if (polling) for (const { at } of this.polls.values()) until = Math.min(until, at);
    const ms = Math.max(polling && this.polls.size === 0 ? this.o.pollMs : 0, until - now);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.o.signal;
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      this.wake = done;
      if (!stopping) signal?.addEventListener('abort', done, { once: true });
    });
    this.wake = undefined;
  }

  private async submit(rows: readonly ItemRow[]): Promise<void> {
    const api = this.o.api!;
    for (const chunk of this.chunks(api, rows)) {
      const lines: BatchLine[] = chunk.map((row) => ({ customId: customIdOf(row.seq), request: this.requestOf(row) }));
      const ids = chunk.map((row) => row.item_id);
      const token = randomUUID();
      await this.tracker.addIntent(this.o.runId, token, ids, this.o.now());
      let remote: RemoteBatch;
      try {
        // No abort signal here: a batch created remotely must be recorded before the run stops.
        remote = await api.submit(lines, { runId: this.o.runId, token });
      } catch (error) {
        await this.tracker.dropIntent(this.o.runId, token);
        const kind = llmErrorKind(error);
        if (SUBMIT_FAILURES.has(kind)) throw error;
        // The batch endpoint failed: send these items as concurrent calls instead.
        await this.tracker.reroute(this.o.runId, chunk.map((row) => row.item_id), 'direct', this.o.now());
        continue;
      }
      const at = this.o.now();
      const limits = { deadlineAt: this.o.batchTimeoutMs === undefined ? null : at + this.o.batchTimeoutMs, expiryAt: at + this.o.expiryMs };
      await this.tracker.markSubmitted(this.o.runId, remote, api.provider, limits, ids, at, token);
      this.polls.set(remote.id, { at: at + this.o.pollMs, interval: this.o.pollMs });
      this.emit({ type: 'submitted', batchId: remote.id, items: chunk.length });
    }
  }

  /** Cuts rows into remote batches under the API's item and byte limits. */
  private *chunks(api: BatchApi, rows: readonly ItemRow[]): Generator<ItemRow[]> {
    let chunk: ItemRow[] = [];
    let bytes = 0;
    for (const row of rows) {
      const size = api.encodedSize({ customId: customIdOf(row.seq), request: this.requestOf(row) });
      if (chunk.length > 0 && (chunk.length >= api.maxItems || bytes + size > api.maxBytes)) {
        yield chunk;
        chunk = [];
        bytes = 0;
      }
      chunk.push(row);
      bytes += size;
    }
    if (chunk.length > 0) yield chunk;
  }

  private requestOf(row: ItemRow): ChatRequest & { model: string } {
    const request = JSON.parse(row.request) as ChatRequest;
    return { ...request, model: request.model ?? this.o.provider.model };
  }

  /** Polls one batch when due; cancels it past its deadline or expiry; collects it once ended. */
  private async tend(batch: TrackedBatch): Promise<void> {
    const { o } = this;
    const api = o.api!;
    const now = o.now();
    const poll = this.polls.get(batch.remoteId) ?? { at: 0, interval: o.pollMs };
    this.polls.set(batch.remoteId, poll);
    if (now < poll.at) return;
    let remote: RemoteBatch;
    try {
      remote = await api.retrieve(batch.remoteId);
    } catch (error) {
      if (!RETRYABLE_KINDS.has(llmErrorKind(error))) throw error;
      this.schedule(poll, now);
      return;
    }
    await this.tracker.updateBatch(o.runId, remote, now);
    this.emit({ type: 'polled', batchId: remote.id, status: remote.status, counts: remote.counts });
    if (o.signal?.aborted) return;
    const limits = await this.tracker.limits(o.runId, batch.remoteId);
    if (remote.ended) return this.collect(batch, remote, batch.cancelReason, false);
    if (batch.cancelReason === null) {
      const reason = limits.deadlineAt !== null && now >= limits.deadlineAt ? 'timeout' : now >= limits.expiryAt ? 'expired' : null;
      if (reason) {
        await this.tracker.markCancelling(o.runId, batch.remoteId, reason, now);
        this.emit({ type: 'cancelling', batchId: batch.remoteId, reason });
        try {
          await api.cancel(batch.remoteId);
        } catch (error) {
          if (!RETRYABLE_KINDS.has(llmErrorKind(error))) throw error;
        }
        this.polls.set(batch.remoteId, { at: now + o.pollMs, interval: o.pollMs });
        return;
      }
    } else if (limits.cancelAt !== null && now >= limits.cancelAt + o.cancelGraceMs) {
      // Cancelled long ago and still not ended: give up on its results.
      return this.collect(batch, remote, batch.cancelReason, true);
    }
    this.schedule(poll, now);
  }

  private schedule(poll: { at: number; interval: number }, now: number): void {
    poll.at = now + poll.interval;
    poll.interval = Math.min(Math.round(poll.interval * 1.5), this.o.maxPollMs);
  }

  private async collect(batch: TrackedBatch, remote: RemoteBatch, cancelReason: TrackedBatch['cancelReason'], skipResults: boolean): Promise<void> {
    const { o } = this;
    const rows = await this.tracker.submittedIn(o.runId, batch.remoteId);
    const byCustomId = new Map(rows.map((row) => [customIdOf(row.seq), row]));
    const updates: ItemUpdate[] = [];
    const seen = new Set<string>();
    if (!skipResults) {
      const requestOf = (customId: string): (ChatRequest & { model: string }) | undefined => {
        const row = byCustomId.get(customId);
        return row && !seen.has(customId) ? this.requestOf(row) : undefined;
      };
      for await (const outcome of o.api!.results(remote, requestOf)) {
        const row = byCustomId.get(outcome.customId);
        if (!row || seen.has(outcome.customId)) continue;
        seen.add(outcome.customId);
        if (outcome.ok) updates.push({ itemId: row.item_id, next: 'done', response: outcome.response });
        else updates.push(this.failed(row, outcome.kind, outcome.error, cancelReason));
      }
    }
    const missingKind: LlmErrorKind = remote.status === 'expired' ? 'expired' : remote.status === 'cancelled' || remote.status === 'canceling' || remote.status === 'cancelling' ? 'cancelled' : 'server';
    const missingWhy = skipResults
      ? `batch ${remote.id} did not end after it was cancelled`
      : remote.error
        ? `batch ${remote.id} ${remote.status}: ${remote.error}`
        : `no result line for this request in batch ${remote.id} (${remote.status})`;
    for (const [customId, row] of byCustomId) if (!seen.has(customId)) updates.push(this.failed(row, missingKind, missingWhy, cancelReason));
    await this.tracker.collect(o.runId, batch.remoteId, updates, o.now());
    this.polls.delete(batch.remoteId);
    const ok = updates.filter((u) => u.next === 'done').length;
    this.emit({ type: 'collected', batchId: remote.id, status: remote.status, succeeded: ok, failed: updates.length - ok });
    for (const u of updates) this.emit(u.next === 'done' ? { type: 'item', id: u.itemId, ok: true, path: 'batch' } : { type: 'item', id: u.itemId, ok: false, path: 'batch', kind: u.kind, retry: u.next === 'pending' });
  }

  /** Where a failed batch item goes: back to pending (retry, or concurrent after a timeout) or failed for good. */
  private failed(row: ItemRow, kind: LlmErrorKind, error: string, cancelReason: TrackedBatch['cancelReason']): ItemUpdate {
    const message = this.scrub(row, error);
    if (cancelReason === 'timeout' && (kind === 'cancelled' || kind === 'expired')) return { itemId: row.item_id, next: 'pending', kind, error: message, route: 'direct', refund: true };
    const effective: LlmErrorKind = cancelReason === 'expired' && kind === 'cancelled' ? 'expired' : kind;
    const retry = RETRYABLE_KINDS.has(effective) && row.attempts <= this.o.maxRetries;
    return { itemId: row.item_id, next: retry ? 'pending' : 'failed', kind: effective, error: message };
  }

  private scrub(row: ItemRow, message: string): string {
    const request = JSON.parse(row.request) as ChatRequest;
    return boundMessage(scrubMessage(message, request.messages.map((m) => m.content)));
  }

  /** One concurrent call through the provider, recorded in the tracker. */
  private async call(row: ItemRow): Promise<void> {
    const { o } = this;
    if (o.signal?.aborted) return;
    const request = JSON.parse(row.request) as ChatRequest;
    let update: ItemUpdate;
    try {
      const response = await o.provider.chat(request, o.signal ? { signal: o.signal } : {});
      update = { itemId: row.item_id, next: 'done', response: withJson(response, request) };
    } catch (error) {
      if (o.signal?.aborted) return;
      const kind = llmErrorKind(error);
      const retry = RETRYABLE_KINDS.has(kind) && row.attempts + 1 <= o.maxRetries;
      update = { itemId: row.item_id, next: retry ? 'pending' : 'failed', kind, error: this.scrub(row, errorMessage(error)) };
    }
    await this.tracker.recordDirect(o.runId, update, o.now());
    this.emit(update.next === 'done' ? { type: 'item', id: row.item_id, ok: true, path: 'concurrent' } : { type: 'item', id: row.item_id, ok: false, path: 'concurrent', kind: update.kind, retry: update.next === 'pending' });
  }
}
