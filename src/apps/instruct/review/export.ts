/** Writes the review's results: the approved pairs (edits applied) and the decisions. */
import { writeLinesAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import type { Queryable } from '../../../store/index.js';
import { readLog } from './actions.js';
import { iterateItems } from './store.js';
import type { InstructionPair, ReviewItem } from './types.js';

/** What `metadata.review` holds on every approved pair written out. */
export interface ReviewMetadata {
  reviewer: string | null;
  ratings: ReviewItem['ratings'];
  notes: string | null;
  decided_at: string | null;
  edited: boolean;
}

/**
 * The pair as approved: the reviewer's edits applied (instruction, response, domains) and the
 * decision under `metadata.review`.
 *
 * @example
 * const pair = reviewedPair(item); // pair.metadata.review.reviewer === 'alice'
 */
export function reviewedPair(item: ReviewItem): InstructionPair {
  const { pair, edits } = item;
  const review: ReviewMetadata = {
    reviewer: item.reviewer,
    ratings: item.ratings,
    notes: item.notes,
    decided_at: item.decidedAt === null ? null : new Date(item.decidedAt).toISOString(),
    edited: edits !== null,
  };
  return {
    ...pair,
    instruction: edits?.instruction ?? pair.instruction,
    response: edits?.response ?? pair.response,
    metadata: { ...pair.metadata, ...(edits?.domains ? { domains: edits.domains } : {}), review },
  };
}


/**
 * Writes every approved pair, in load order, edits applied, atomically to `out`. Approved pairs
 * whose content changed since approval are left out until a reviewer decides them again.
 * Returns the number written.
 *
 * @example
 * await writeApproved(store, 'out/reviewed.jsonl'); // 830
 */
export async function writeApproved(store: Queryable, out: string): Promise<number> {
  return writeLinesAtomic(out, approvedLines(store));
}

async function* approvedLines(store: Queryable): AsyncGenerator<string> {
  for await (const item of iterateItems(store, 'approved')) if (!item.changed) yield JSON.stringify(reviewedPair(item));
}

export type DecisionFormat = 'jsonl' | 'csv';
export const DECISION_FORMATS: readonly DecisionFormat[] = ['jsonl', 'csv'];

const CSV_COLUMNS = ['id', 'status', 'reviewer', 'decided_at', 'relevance', 'accuracy', 'completeness', 'notes', 'edited', 'changed', 'source', 'domains'] as const;

/** One CSV cell: quoted when needed; a leading = + - @ is neutralised so spreadsheets do not run it. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function decisionOf(item: ReviewItem): Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null | string[]> {
  return {
    id: item.id,
    status: item.status,
    reviewer: item.reviewer,
    decided_at: item.decidedAt === null ? null : new Date(item.decidedAt).toISOString(),
    relevance: item.ratings.relevance ?? null,
    accuracy: item.ratings.accuracy ?? null,
    completeness: item.ratings.completeness ?? null,
    notes: item.notes,
    edited: item.edits !== null,
    changed: item.changed,
    source: item.source,
    domains: item.domains,
  };
}

async function* decisionLines(store: Queryable, format: DecisionFormat): AsyncGenerator<string> {
  if (format === 'csv') yield CSV_COLUMNS.join(',');
  for await (const item of iterateItems(store)) {
    const row = decisionOf(item);
    if (format === 'jsonl') yield JSON.stringify(row);
    else yield CSV_COLUMNS.map((c) => csvCell(Array.isArray(row[c]) ? (row[c] as string[]).join(';') : row[c] === null ? '' : String(row[c]))).join(',');
  }
}

async function* logLines(store: Queryable, format: DecisionFormat): AsyncGenerator<string> {
  if (format === 'csv') yield 'seq,at,reviewer,action,item_id,status_before,status_after,undoes';
  for await (const e of readLog(store)) {
    const row = { seq: e.seq, at: new Date(e.at).toISOString(), reviewer: e.reviewer, action: e.action, item_id: e.itemId, status_before: e.before?.status ?? '', status_after: e.after?.status ?? '', undoes: e.undoes ?? '' };
    yield format === 'jsonl' ? JSON.stringify({ ...row, undoes: e.undoes, detail: e.detail, before: e.before, after: e.after }) : Object.values(row).map((v) => csvCell(String(v))).join(',');
  }
}

/**
 * Exports one decision row per item (id, status, reviewer, decided_at, ratings, notes, edited,
 * changed, source, domains), or with `log` the whole append-only decision log, as JSONL or CSV,
 * atomically. Returns the number of rows (CSV header not counted).
 *
 * @example
 * await exportDecisions(store, 'decisions.csv', 'csv');
 */
export async function exportDecisions(store: Queryable, out: string, format: DecisionFormat, log = false): Promise<number> {
  if (!DECISION_FORMATS.includes(format)) throw new WardenError('W_USAGE', `--format must be one of ${DECISION_FORMATS.join(', ')} (got "${format}")`);
  const n = await writeLinesAtomic(out, log ? logLines(store, format) : decisionLines(store, format));
  return format === 'csv' ? n - 1 : n;
}
