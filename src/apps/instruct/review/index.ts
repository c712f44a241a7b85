/**
 * Review, stage 5 of the instruction-dataset pipeline: reviewers approve, reject, edit, rate
 * and annotate pairs in a terminal UI (`warden instruct review`), or the batch mode loads the
 * pairs, auto-approves high scores and writes what is approved. State lives in the store
 * (SQLite by default, PostgreSQL at scale), so sessions resume and several reviewers share it.
 */
import { resolve } from 'node:path';
import { WardenError } from '../../../core/errors.js';
import { openStore, parseStoreUrl, type Store } from '../../../store/index.js';
import { autoApprove } from './actions.js';
import { writeApproved } from './export.js';
import { readReviewPairs } from './read.js';
import { loadPairs, migrateReviewStore } from './store.js';
import type { LoadReport, ReviewBatchOptions, ReviewSummary } from './types.js';

export { AUTO_REVIEWER, autoApprove, decide, editItem, noteItem, rateItem, readLog, undoLast, type UndoResult } from './actions.js';
export { DECISION_FORMATS, exportDecisions, reviewedPair, writeApproved, type DecisionFormat, type ReviewMetadata } from './export.js';
export { editText, parseEditText } from './edit.js';
export { readReviewPairs } from './read.js';
export { COMPONENT, getItem, iterateItems, loadPairs, migrateReviewStore, readIndex } from './store.js';
export { parseFilter, ReviewSession } from './session.js';
export { runReviewUi, type ReviewUiOptions, type ReviewUiResult } from './tui.js';
export type * from './types.js';

/**
 * Opens the review store and brings its schema up to date.
 *
 * @example
 * const store = await openReviewStore('sqlite:out/instruct.db');
 */
export async function openReviewStore(db: string): Promise<Store> {
  const store = await openStore(db);
  try {
    await migrateReviewStore(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * Loads a pair file into the store (idempotent: new pairs added, decided ones kept, changed
 * ones flagged) and, when `autoApproveAbove` is given, approves undecided pairs scoring above it.
 *
 * @example
 * const load = await prepareReview(store, 'classified.jsonl', 0.8);
 */
export async function prepareReview(store: Store, input: string | undefined, autoApproveAbove?: number): Promise<{ load?: LoadReport; autoApproved: number }> {
  const load = input === undefined ? undefined : await loadPairs(store, readReviewPairs(input));
  const autoApproved = autoApproveAbove === undefined ? 0 : await autoApprove(store, autoApproveAbove);
  return { ...(load ? { load } : {}), autoApproved };
}

/**
 * Counts over every item in the store (`changed`: decided pairs whose content changed since).
 *
 * @example
 * const { approved, pending } = await summarize(store, 0, 0);
 */
export async function summarize(store: Store, autoApproved: number, written: number): Promise<ReviewSummary> {
  const rows = await store.all<{ status: string; n: number; edited: number; changed: number }>(
    'SELECT status, COUNT(*) AS n, SUM(CASE WHEN edits IS NULL THEN 0 ELSE 1 END) AS edited, ' +
      'SUM(CASE WHEN decided_hash IS NOT NULL AND decided_hash <> hash THEN 1 ELSE 0 END) AS changed FROM instruct_review_items GROUP BY status',
  );
  const summary: ReviewSummary = { total: 0, approved: 0, rejected: 0, pending: 0, skipped: 0, autoApproved, edited: 0, changed: 0, written };
  for (const row of rows) {
    const n = Number(row.n);
    summary.total += n;
    summary.edited += Number(row.edited);
    summary.changed += Number(row.changed);
    if (row.status === 'approved') summary.approved += n;
    else if (row.status === 'rejected') summary.rejected += n;
    else {
      summary.pending += n;
      if (row.status === 'skipped') summary.skipped += n;
    }
  }
  return summary;
}

/**
 * Refuses an output that would replace the input or the review store itself (`-o x.jsonl -i
 * x.jsonl`, `-o run/instruct.db`): outputs are written by rename, and inputs are never modified.
 *
 * @example
 * checkReviewPaths('out/reviewed.jsonl', 'sqlite:out/instruct.db', 'out/classified.jsonl');
 */
export function checkReviewPaths(out: string, db: string, input?: string): void {
  const target = resolve(out);
  if (input !== undefined && resolve(input) === target) throw new WardenError('W_USAGE', '--out must differ from --input (inputs are never modified)', { where: out });
  const store = parseStoreUrl(db);
  if (store.dialect === 'sqlite' && store.target !== ':memory:' && resolve(store.target) === target) throw new WardenError('W_USAGE', '--out must not be the review store (--db)', { where: out });
}

/**
 * Non-interactive review: loads `input` into the store at `db` (idempotent, keyed by pair id),
 * approves undecided pairs with metadata.score > autoApproveAbove as reviewer `auto`, and
 * writes every approved pair (edits applied, metadata.review added) atomically to `out`.
 *
 * @example
 * const summary = await reviewBatch({ input: 'classified.jsonl', out: 'reviewed.jsonl', db: 'sqlite:out/instruct.db', reviewer: 'ci', autoApproveAbove: 0.8 });
 */
export async function reviewBatch(options: ReviewBatchOptions): Promise<ReviewSummary> {
  checkReviewPaths(options.out, options.db, options.input);
  const store = await openReviewStore(options.db);
  try {
    const { load, autoApproved } = await prepareReview(store, options.input, options.autoApproveAbove);
    const written = await writeApproved(store, options.out);
    return { ...(await summarize(store, autoApproved, written)), ...(load ? { load } : {}), out: options.out };
  } finally {
    await store.close();
  }
}
