/**
 * Reviewer actions. Each one updates the item and appends a log entry with the state before
 * and after, in one transaction, so every key press is saved the moment it is made and undo
 * can restore exactly what was there.
 */
import { WardenError } from '../../../core/errors.js';
import { stableStringify } from '../../../core/hash.js';
import type { Queryable, Store } from '../../../store/index.js';
import { effectiveDomains, itemOf, stateOf, type ItemRow } from './store.js';
import type { ItemState, LogAction, LogEntry, PairEdits, RatingField, ReviewItem, ReviewStatus } from './types.js';

/** Longest note kept, in characters (a note is a line of text, not a document). */
export const MAX_NOTE = 2000;
/** The reviewer id `--auto-approve-above` decides under. */
export const AUTO_REVIEWER = 'auto';

async function readRow(tx: Queryable, id: string): Promise<ItemRow> {
  const row = await tx.get<ItemRow>('SELECT * FROM instruct_review_items WHERE id = ?', [id]);
  if (!row) throw new WardenError('W_USAGE', `no review item with id "${id}"`);
  return row;
}

async function writeState(tx: Queryable, row: ItemRow, state: ItemState, now: number): Promise<void> {
  const pair = JSON.parse(row.pair) as ReviewItem['pair'];
  await tx.run(
    'UPDATE instruct_review_items SET status = ?, edits = ?, ratings = ?, notes = ?, reviewer = ?, decided_hash = ?, decided_at = ?, domains = ?, updated_at = ? WHERE id = ?',
    [
      state.status,
      state.edits ? JSON.stringify(state.edits) : null,
      JSON.stringify(state.ratings),
      state.notes,
      state.reviewer,
      state.decidedHash,
      state.decidedAt,
      JSON.stringify(effectiveDomains(pair, state.edits)),
      now,
      row.id,
    ],
  );
}

async function appendLog(tx: Queryable, entry: Omit<LogEntry, 'seq'>): Promise<void> {
  await tx.run('INSERT INTO instruct_review_log (item_id, reviewer, action, detail, before, after, undoes, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    entry.itemId,
    entry.reviewer,
    entry.action,
    entry.detail === undefined ? null : JSON.stringify(entry.detail),
    entry.before ? JSON.stringify(entry.before) : null,
    entry.after ? JSON.stringify(entry.after) : null,
    entry.undoes,
    entry.at,
  ]);
}

type Mutate = (state: ItemState, row: ItemRow) => ItemState;

async function changeIn(tx: Queryable, id: string, reviewer: string, action: LogAction, detail: unknown, mutate: Mutate, now: number): Promise<ReviewItem> {
  const row = await readRow(tx, id);
  const before = stateOf(row);
  const after = mutate(before, row);
  await writeState(tx, row, after, now);
  await appendLog(tx, { itemId: id, reviewer, action, detail, before, after, undoes: null, at: now });
  return itemOf(await readRow(tx, id));
}

async function change(store: Store, id: string, reviewer: string, action: LogAction, detail: unknown, mutate: Mutate, now: number): Promise<ReviewItem> {
  return store.transaction(function applyChange(tx) {
    return changeIn(tx, id, reviewer, action, detail, mutate, now);
  });
}

const ACTION_OF: Record<Exclude<ReviewStatus, 'pending'>, LogAction> = { approved: 'approve', rejected: 'reject', skipped: 'skip' };

/**
 * Approves, rejects or skips an item as `reviewer`; records the content hash it was decided on.
 *
 * @example
 * await decide(store, 'nvd:CVE-2024-0001#vulnerability.explain', 'alice', 'approved');
 */
export async function decide(store: Store, id: string, reviewer: string, status: Exclude<ReviewStatus, 'pending'>, now = Date.now()): Promise<ReviewItem> {
  return change(store, id, reviewer, ACTION_OF[status], undefined, decision(status, reviewer, now), now);
}

function decision(status: Exclude<ReviewStatus, 'pending'>, reviewer: string, now: number): Mutate {
  return (s, row) => ({ ...s, status, reviewer, decidedHash: row.hash, decidedAt: now });
}

/**
 * Saves a reviewer's edits (replacing earlier ones); the stored original pair is kept.
 *
 * @example
 * await editItem(store, id, 'alice', { response: 'Fixed text.', domains: ['web-security'] });
 */
export async function editItem(store: Store, id: string, reviewer: string, edits: PairEdits, now = Date.now()): Promise<ReviewItem> {
  return change(store, id, reviewer, 'edit', { fields: Object.keys(edits).sort() }, (s) => ({ ...s, edits }), now);
}

/**
 * Rates one field 1 to 5.
 *
 * @example
 * await rateItem(store, id, 'alice', 'accuracy', 4);
 */
export async function rateItem(store: Store, id: string, reviewer: string, field: RatingField, value: number, now = Date.now()): Promise<ReviewItem> {
  if (!Number.isInteger(value) || value < 1 || value > 5) throw new WardenError('W_USAGE', `a ${field} rating must be an integer from 1 to 5 (got ${value})`);
  return change(store, id, reviewer, 'rate', { field, value }, (s) => ({ ...s, ratings: { ...s.ratings, [field]: value } }), now);
}

/**
 * Sets the item's note (an empty note clears it); control characters become spaces.
 *
 * @example
 * await noteItem(store, id, 'alice', 'CVSS in the response is the v2 score');
 */
export async function noteItem(store: Store, id: string, reviewer: string, text: string, now = Date.now()): Promise<ReviewItem> {
  // eslint-disable-next-line no-control-regex -- notes are one line shown in a terminal: strip control characters
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim().slice(0, MAX_NOTE);
  return change(store, id, reviewer, 'note', { length: clean.length }, (s) => ({ ...s, notes: clean === '' ? null : clean }), now);
}

export type UndoResult = { undone: LogEntry; item: ReviewItem } | { refused: string; entry: LogEntry } | undefined;

function entryOf(row: Record<string, unknown>): LogEntry {
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : null);
  return {
    seq: Number(row.seq),
    itemId: String(row.item_id),
    reviewer: String(row.reviewer),
    action: row.action as LogAction,
    detail: json(row.detail),
    before: json(row.before) as ItemState | null,
    after: json(row.after) as ItemState | null,
    undoes: row.undoes === null ? null : Number(row.undoes),
    at: Number(row.at),
  };
}

/**
 * Reverts `reviewer`'s latest action that is not undone yet, restoring the item's state from
 * before it; repeated calls walk further back. Refuses (and changes nothing) when someone else
 * changed the item since, so one reviewer's undo never erases another's work.
 *
 * @example
 * const result = await undoLast(store, 'alice'); // { undone, item } | { refused, entry } | undefined
 */
export async function undoLast(store: Store, reviewer: string, now = Date.now()): Promise<UndoResult> {
  return store.transaction(async function undo(tx) {
    const row = await tx.get<Record<string, unknown>>(
      "SELECT * FROM instruct_review_log WHERE reviewer = ? AND action <> 'undo' AND seq NOT IN (SELECT undoes FROM instruct_review_log WHERE action = 'undo' AND undoes IS NOT NULL) ORDER BY seq DESC LIMIT 1",
      [reviewer],
    );
    if (!row) return undefined;
    const entry = entryOf(row);
    const itemRow = await readRow(tx, entry.itemId);
    const current = stateOf(itemRow);
    if (stableStringify(current) !== stableStringify(entry.after)) {
      return { refused: `"${entry.itemId}" was changed after your ${entry.action} (last by ${current.reviewer ?? 'another reviewer'}); undo it there first`, entry };
    }
    await writeState(tx, itemRow, entry.before!, now);
    await appendLog(tx, { itemId: entry.itemId, reviewer, action: 'undo', detail: { action: entry.action }, before: current, after: entry.before, undoes: entry.seq, at: now });
    return { undone: entry, item: itemOf(await readRow(tx, entry.itemId)) };
  });
}

/**
 * Approves, as reviewer `auto`, every undecided (pending or skipped) item whose score is
 * strictly above `threshold`. Returns how many it approved.
 *
 * @example
 * await autoApprove(store, 0.8); // 412
 */
export async function autoApprove(store: Store, threshold: number, now = Date.now()): Promise<number> {
  const rows = await store.all<{ id: string }>("SELECT id FROM instruct_review_items WHERE status IN ('pending', 'skipped') AND score IS NOT NULL AND score > ? ORDER BY seq", [threshold]);
  // One transaction per batch, not per pair: 100,000 separate commits would take minutes on SQLite.
  let approved = 0;
  for (let start = 0; start < rows.length; start += AUTO_BATCH) {
    await store.transaction(async function approveBatch(tx) {
      for (const { id } of rows.slice(start, start + AUTO_BATCH)) {
        // A reviewer sharing the store may have decided the pair since the list was read: theirs stands.
        const current = await tx.get<{ status: string }>('SELECT status FROM instruct_review_items WHERE id = ?', [id]);
        if (current?.status !== 'pending' && current?.status !== 'skipped') continue;
        await changeIn(tx, id, AUTO_REVIEWER, 'approve', undefined, decision('approved', AUTO_REVIEWER, now), now);
        approved++;
      }
    });
  }
  return approved;
}

const AUTO_BATCH = 500;

/**
 * The log in order, read in pages (for export and audit).
 *
 * @example
 * for await (const entry of readLog(store)) console.log(entry.reviewer, entry.action, entry.itemId);
 */
export async function* readLog(store: Queryable, pageSize = 1000): AsyncGenerator<LogEntry> {
  let after = 0;
  for (;;) {
    const rows = await store.all<Record<string, unknown>>('SELECT * FROM instruct_review_log WHERE seq > ? ORDER BY seq LIMIT ?', [after, pageSize]);
    for (const row of rows) yield entryOf(row);
    if (rows.length < pageSize) return;
    after = Number(rows.at(-1)!.seq);
  }
}
