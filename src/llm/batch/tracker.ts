import { WardenError } from '../../core/errors.js';
import { migrate, type Migration, type Queryable, type Store } from '../../store/index.js';
import type { ChatResponse, LlmErrorKind, ProviderKind } from '../types.js';
import type { RemoteBatch, TrackedBatch } from './types.js';

/**
 * The persistent batch tracker: which items a run has, which remote batch each went into, and
 * what came back. Every change is one transaction, so a crash between two steps leaves a state
 * the next runner can pick up: submitted items are polled again, answered items are never sent
 * again. Times are epoch ms.
 */

export const TRACKER_COMPONENT = 'llm.batch';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'create batch tracker',
    up:
      'CREATE TABLE llm_batch_runs (run_id TEXT PRIMARY KEY, provider TEXT, created_at BIGINT NOT NULL);' +
      'CREATE TABLE llm_batches (run_id TEXT NOT NULL, remote_id TEXT NOT NULL, provider TEXT NOT NULL, status TEXT NOT NULL, ' +
      'created_at BIGINT NOT NULL, expires_at BIGINT, deadline_at BIGINT, expiry_at BIGINT NOT NULL, finished_at BIGINT, ' +
      'total INTEGER NOT NULL, succeeded INTEGER NOT NULL, failed INTEGER NOT NULL, cancel_reason TEXT, cancel_at BIGINT, ' +
      'collected INTEGER NOT NULL, PRIMARY KEY (run_id, remote_id));' +
      'CREATE TABLE llm_batch_items (run_id TEXT NOT NULL, item_id TEXT NOT NULL, seq INTEGER NOT NULL, request_hash TEXT NOT NULL, ' +
      'request TEXT NOT NULL, status TEXT NOT NULL, route TEXT NOT NULL, remote_id TEXT, attempts INTEGER NOT NULL, path TEXT, ' +
      'response TEXT, error_kind TEXT, error TEXT, updated_at BIGINT NOT NULL, PRIMARY KEY (run_id, item_id));' +
      'CREATE TABLE llm_batch_intents (run_id TEXT NOT NULL, token TEXT NOT NULL, created_at BIGINT NOT NULL, item_ids TEXT NOT NULL, PRIMARY KEY (run_id, token));' +
      'CREATE INDEX llm_batch_items_status ON llm_batch_items (run_id, status, seq);' +
      'CREATE INDEX llm_batch_items_remote ON llm_batch_items (run_id, remote_id)',
  },
];

/** pending: to send; submitted: in a remote batch; done: answered; failed: given up (kind and message kept). */
export type ItemStatus = 'pending' | 'submitted' | 'done' | 'failed';
/** auto: batch or concurrent by job size; direct: concurrent only (after a batch timed out). */
export type ItemRoute = 'auto' | 'direct';

export interface ItemRow {
  item_id: string;
  seq: number;
  request_hash: string;
  request: string;
  status: ItemStatus;
  route: ItemRoute;
  remote_id: string | null;
  attempts: number;
  path: 'batch' | 'concurrent' | null;
  response: string | null;
  error_kind: LlmErrorKind | null;
  error: string | null;
}

/** What happened to one item; `next` says where it goes. */
export type ItemUpdate =
  | { itemId: string; next: 'done'; response: ChatResponse }
  | { itemId: string; next: 'pending' | 'failed'; kind: LlmErrorKind; error: string; route?: ItemRoute; refund?: boolean };

/** The custom id of an item inside a remote batch (`^[a-zA-Z0-9_-]{1,64}$` for Anthropic). */
export const customIdOf = (seq: number): string => `w${seq}`;

const CHUNK = 400;

export class BatchTracker {
  private constructor(private readonly store: Store) {}

  /** Opens the tracker, creating or upgrading its tables. */
  static async open(store: Store): Promise<BatchTracker> {
    await migrate(store, TRACKER_COMPONENT, MIGRATIONS);
    return new BatchTracker(store);
  }

  /** Records the run, or checks that it was started with the same provider kind. */
  async ensureRun(runId: string, provider: ProviderKind | null, now: number): Promise<void> {
    await this.store.run('INSERT INTO llm_batch_runs (run_id, provider, created_at) VALUES (?, ?, ?) ON CONFLICT (run_id) DO NOTHING', [runId, provider, now]);
    const row = await this.store.get<{ provider: string | null }>('SELECT provider FROM llm_batch_runs WHERE run_id = ?', [runId]);
    const hasRemote = await this.store.get('SELECT 1 AS x FROM llm_batches WHERE run_id = ? AND collected = 0', [runId]);
    if (hasRemote && row?.provider && provider !== row.provider) {
      throw new WardenError('W_LLM_BATCH', `run "${runId}" has batches in flight at ${row.provider}; resume it with that provider's batch API (got ${provider ?? 'none'})`);
    }
    if (provider && row?.provider !== provider) await this.store.run('UPDATE llm_batch_runs SET provider = ? WHERE run_id = ?', [provider, runId]);
  }

  async hasRun(runId: string): Promise<boolean> {
    return (await this.store.get('SELECT 1 AS x FROM llm_batch_runs WHERE run_id = ?', [runId])) !== undefined;
  }

  /**
   * Adds the items the run does not have yet. An item id already in the run with another
   * request is an error (resuming with changed prompts would mix two jobs).
   */
  async addItems(runId: string, items: readonly { id: string; hash: string; request: string }[], now: number): Promise<number> {
    return this.store.transaction(async (tx) => {
      const known = new Map<string, string>();
      for (const row of await tx.all<{ item_id: string; request_hash: string }>('SELECT item_id, request_hash FROM llm_batch_items WHERE run_id = ?', [runId])) known.set(row.item_id, row.request_hash);
      const max = await tx.get<{ m: number | null }>('SELECT MAX(seq) AS m FROM llm_batch_items WHERE run_id = ?', [runId]);
      let seq = Number(max?.m ?? 0);
      const fresh: { id: string; hash: string; request: string }[] = [];
      for (const item of items) {
        const hash = known.get(item.id);
        if (hash === undefined) fresh.push(item);
        else if (hash !== item.hash) throw new WardenError('W_LLM_BATCH', `item "${item.id}" is already in run "${runId}" with a different request; use a new run id for a changed job`);
      }
      for (let i = 0; i < fresh.length; i += CHUNK) {
        const part = fresh.slice(i, i + CHUNK);
        const values = part.map(() => "(?, ?, ?, ?, ?, 'pending', 'auto', 0, ?)").join(', ');
        const params = part.flatMap((item) => [runId, item.id, ++seq, item.hash, item.request, now]);
        await tx.run(`INSERT INTO llm_batch_items (run_id, item_id, seq, request_hash, request, status, route, attempts, updated_at) VALUES ${values}`, params);
      }
      return fresh.length;
    });
  }

  async items(runId: string, status?: ItemStatus): Promise<ItemRow[]> {
    const rows = status
      ? await this.store.all<ItemRow>('SELECT * FROM llm_batch_items WHERE run_id = ? AND status = ? ORDER BY seq', [runId, status])
      : await this.store.all<ItemRow>('SELECT * FROM llm_batch_items WHERE run_id = ? ORDER BY seq', [runId]);
    return rows.map(normalizeItem);
  }

  /** Items of one remote batch that still wait for its results. */
  async submittedIn(runId: string, remoteId: string): Promise<ItemRow[]> {
    const rows = await this.store.all<ItemRow>("SELECT * FROM llm_batch_items WHERE run_id = ? AND remote_id = ? AND status = 'submitted' ORDER BY seq", [runId, remoteId]);
    return rows.map(normalizeItem);
  }

  /** Notes a submission before it is sent, so a batch created by a process that died before recording it can be found again. */
  async addIntent(runId: string, token: string, itemIds: readonly string[], now: number): Promise<void> {
    await this.store.run('INSERT INTO llm_batch_intents (run_id, token, created_at, item_ids) VALUES (?, ?, ?, ?)', [runId, token, now, JSON.stringify(itemIds)]);
  }

  async dropIntent(runId: string, token: string): Promise<void> {
    await this.store.run('DELETE FROM llm_batch_intents WHERE run_id = ? AND token = ?', [runId, token]);
  }

  /** Submissions that were sent but never recorded (the process died in between). */
  async intents(runId: string): Promise<{ token: string; createdAt: number; itemIds: string[] }[]> {
    const rows = await this.store.all<{ token: string; created_at: number; item_ids: string }>('SELECT token, created_at, item_ids FROM llm_batch_intents WHERE run_id = ? ORDER BY created_at', [runId]);
    return rows.map((row) => ({ token: row.token, createdAt: Number(row.created_at), itemIds: JSON.parse(row.item_ids) as string[] }));
  }

  /**
   * Records a created remote batch, moves its items (those still pending) to `submitted` and
   * drops the submission's intent, in one transaction.
   */
  async markSubmitted(runId: string, batch: RemoteBatch, provider: ProviderKind, limits: { deadlineAt: number | null; expiryAt: number }, itemIds: readonly string[], now: number, token?: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (token !== undefined) await tx.run('DELETE FROM llm_batch_intents WHERE run_id = ? AND token = ?', [runId, token]);
      await tx.run(
        'INSERT INTO llm_batches (run_id, remote_id, provider, status, created_at, expires_at, deadline_at, expiry_at, finished_at, total, succeeded, failed, cancel_reason, cancel_at, collected) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 0, 0, NULL, NULL, 0)',
        [runId, batch.id, provider, batch.status, now, batch.expiresAt, limits.deadlineAt, limits.expiryAt, itemIds.length],
      );
      for (let i = 0; i < itemIds.length; i += CHUNK) {
        const part = itemIds.slice(i, i + CHUNK);
        await tx.run(
          `UPDATE llm_batch_items SET status = 'submitted', remote_id = ?, attempts = attempts + 1, updated_at = ? WHERE run_id = ? AND status = 'pending' AND item_id IN (${part.map(() => '?').join(', ')})`,
          [batch.id, now, runId, ...part],
        );
      }
    });
  }

  /** Sends pending items down another route (after a failed submission: concurrent calls). */
  async reroute(runId: string, itemIds: readonly string[], route: ItemRoute, now: number): Promise<void> {
    for (let i = 0; i < itemIds.length; i += CHUNK) {
      const part = itemIds.slice(i, i + CHUNK);
      await this.store.run(`UPDATE llm_batch_items SET route = ?, updated_at = ? WHERE run_id = ? AND status = 'pending' AND item_id IN (${part.map(() => '?').join(', ')})`, [route, now, runId, ...part]);
    }
  }

  /** Remote batches whose results were not collected yet. */
  async inFlight(runId: string): Promise<TrackedBatch[]> {
    return (await this.store.all<BatchRow>('SELECT * FROM llm_batches WHERE run_id = ? AND collected = 0 ORDER BY created_at, remote_id', [runId])).map(toTracked);
  }

  async batches(runId: string): Promise<TrackedBatch[]> {
    return (await this.store.all<BatchRow>('SELECT * FROM llm_batches WHERE run_id = ? ORDER BY created_at, remote_id', [runId])).map(toTracked);
  }

  /** The runner's own limits of a batch (deadline of the concurrent fallback, expiry). */
  async limits(runId: string, remoteId: string): Promise<{ deadlineAt: number | null; expiryAt: number; cancelAt: number | null }> {
    const row = await this.store.get<{ deadline_at: number | null; expiry_at: number; cancel_at: number | null }>('SELECT deadline_at, expiry_at, cancel_at FROM llm_batches WHERE run_id = ? AND remote_id = ?', [runId, remoteId]);
    return { deadlineAt: row?.deadline_at == null ? null : Number(row.deadline_at), expiryAt: Number(row?.expiry_at ?? 0), cancelAt: row?.cancel_at == null ? null : Number(row.cancel_at) };
  }

  async updateBatch(runId: string, remote: RemoteBatch, now: number): Promise<void> {
    await this.store.run('UPDATE llm_batches SET status = ?, succeeded = ?, failed = ?, expires_at = COALESCE(?, expires_at), finished_at = ? WHERE run_id = ? AND remote_id = ?', [
      remote.status,
      remote.counts.succeeded,
      remote.counts.failed,
      remote.expiresAt,
      remote.ended ? now : null,
      runId,
      remote.id,
    ]);
  }

  async markCancelling(runId: string, remoteId: string, reason: 'timeout' | 'expired', now: number): Promise<void> {
    await this.store.run('UPDATE llm_batches SET cancel_reason = ?, cancel_at = ? WHERE run_id = ? AND remote_id = ? AND cancel_reason IS NULL', [reason, now, runId, remoteId]);
  }

  /** Applies a batch's outcomes and marks it collected, in one transaction (re-applying is a no-op). */
  async collect(runId: string, remoteId: string, updates: readonly ItemUpdate[], now: number): Promise<void> {
    await this.store.transaction(async (tx) => {
      await applyBatchUpdates(tx, runId, remoteId, updates, now);
      await tx.run('UPDATE llm_batches SET collected = 1, finished_at = COALESCE(finished_at, ?) WHERE run_id = ? AND remote_id = ?', [now, runId, remoteId]);
    });
  }

  /** Records the outcome of a concurrent call (attempts count up by one). */
  async recordDirect(runId: string, update: ItemUpdate, now: number): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.run("UPDATE llm_batch_items SET attempts = attempts + 1 WHERE run_id = ? AND item_id = ? AND status = 'pending'", [runId, update.itemId]);
      await applyUpdate(tx, runId, update, now);
    });
  }
}

/** One concurrent call's outcome; only a row still `pending` changes. */
async function applyUpdate(tx: Queryable, runId: string, update: ItemUpdate, now: number): Promise<void> {
  if (update.next === 'done') {
    await tx.run("UPDATE llm_batch_items SET status = 'done', path = 'concurrent', response = ?, error_kind = NULL, error = NULL, updated_at = ? WHERE run_id = ? AND item_id = ? AND status = 'pending'", [
      JSON.stringify(update.response),
      now,
      runId,
      update.itemId,
    ]);
    return;
  }
  await tx.run("UPDATE llm_batch_items SET status = ?, route = COALESCE(?, route), attempts = attempts - ?, error_kind = ?, error = ?, updated_at = ? WHERE run_id = ? AND item_id = ? AND status = 'pending'", [
    update.next,
    update.route ?? null,
    update.refund ? 1 : 0,
    update.kind,
    update.error,
    now,
    runId,
    update.itemId,
  ]);
}

const UPDATE_CHUNK = 200;

/**
 * Applies many outcomes of one batch with a few multi-row statements (`UPDATE ... FROM (VALUES
 * ...)`, which SQLite and PostgreSQL both read; VALUES columns are column1..N on both). Only
 * rows still `submitted` in this batch change, so applying twice is a no-op.
 */
async function applyBatchUpdates(tx: Queryable, runId: string, remoteId: string, updates: readonly ItemUpdate[], now: number): Promise<void> {
  const target = "llm_batch_items.run_id = ? AND llm_batch_items.item_id = v.column1 AND llm_batch_items.status = 'submitted' AND llm_batch_items.remote_id = ?";
  const done = updates.filter((u): u is Extract<ItemUpdate, { next: 'done' }> => u.next === 'done');
  for (let i = 0; i < done.length; i += UPDATE_CHUNK) {
    const part = done.slice(i, i + UPDATE_CHUNK);
    await tx.run(
      `UPDATE llm_batch_items SET status = 'done', path = 'batch', response = v.column2, error_kind = NULL, error = NULL, updated_at = ? ` +
        `FROM (VALUES ${part.map(() => '(?, ?)').join(', ')}) AS v WHERE ${target}`,
      [now, ...part.flatMap((u) => [u.itemId, JSON.stringify(u.response)]), runId, remoteId],
    );
  }
  const failed = updates.filter((u): u is Exclude<ItemUpdate, { next: 'done' }> => u.next !== 'done');
  for (let i = 0; i < failed.length; i += UPDATE_CHUNK) {
    const part = failed.slice(i, i + UPDATE_CHUNK);
    await tx.run(
      'UPDATE llm_batch_items SET status = v.column2, route = COALESCE(v.column3, llm_batch_items.route), attempts = llm_batch_items.attempts - CAST(v.column4 AS INTEGER), ' +
        `error_kind = v.column5, error = v.column6, updated_at = ? FROM (VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}) AS v WHERE ${target}`,
      [now, ...part.flatMap((u) => [u.itemId, u.next, u.route ?? null, u.refund ? '1' : '0', u.kind, u.error]), runId, remoteId],
    );
  }
}

interface BatchRow {
  remote_id: string;
  provider: ProviderKind;
  status: string;
  created_at: number;
  expires_at: number | null;
  finished_at: number | null;
  total: number;
  succeeded: number;
  failed: number;
  cancel_reason: 'timeout' | 'expired' | null;
  collected: number;
}

function toTracked(row: BatchRow): TrackedBatch {
  return {
    remoteId: row.remote_id,
    provider: row.provider,
    status: row.status,
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at == null ? null : Number(row.expires_at),
    finishedAt: row.finished_at == null ? null : Number(row.finished_at),
    total: Number(row.total),
    succeeded: Number(row.succeeded),
    failed: Number(row.failed),
    cancelReason: row.cancel_reason,
    collected: Number(row.collected) === 1,
  };
}

function normalizeItem(row: ItemRow): ItemRow {
  return { ...row, seq: Number(row.seq), attempts: Number(row.attempts) };
}
