/**
 * The review stage's records: one review item per instruction pair (keyed by pair id), its
 * decision state, and the append-only decision log that undo and audits read.
 */
import type { InstructionPair } from '../assemble/types.js';

export type { InstructionPair };

/** `skipped` is undecided, like `pending`, but marks a pair the reviewer chose to come back to. */
export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'skipped';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['pending', 'approved', 'rejected', 'skipped'];

export type RatingField = 'relevance' | 'accuracy' | 'completeness';
export const RATING_FIELDS: readonly RatingField[] = ['relevance', 'accuracy', 'completeness'];
/** 1 (poor) to 5 (excellent), per field; a field not rated yet is absent. */
export type Ratings = Partial<Record<RatingField, number>>;

/** What a reviewer changed; the original pair stays stored untouched beside it. */
export interface PairEdits {
  instruction?: string;
  response?: string;
  domains?: string[];
}

/** The mutable part of an item: what every log entry snapshots before and after. */
export interface ItemState {
  status: ReviewStatus;
  edits: PairEdits | null;
  ratings: Ratings;
  notes: string | null;
  /** Who made the last decision (approve, reject, skip); `auto` for --auto-approve-above. */
  reviewer: string | null;
  /** Content hash of the pair when it was decided: a later load with other content flags it. */
  decidedHash: string | null;
  decidedAt: number | null;
}

export interface ReviewItem extends ItemState {
  id: string;
  /** Load order: the position the pair first had in its input; the UI walks items by it. */
  seq: number;
  pair: InstructionPair;
  hash: string;
  source: string;
  /** Effective domains (edited ones when the reviewer changed them). */
  domains: string[];
  score: number | null;
  /** The pair's content changed after its decision (re-review it). */
  changed: boolean;
}

/** The light per-item fields the UI keeps in memory to filter and navigate. */
export interface ItemIndexEntry {
  id: string;
  seq: number;
  source: string;
  domains: string[];
  status: ReviewStatus;
  changed: boolean;
}

export type LogAction = 'approve' | 'reject' | 'skip' | 'edit' | 'rate' | 'note' | 'undo';

export interface LogEntry {
  seq: number;
  itemId: string;
  reviewer: string;
  action: LogAction;
  /** Action detail (rating field and value, note text, undone entry seq). */
  detail: unknown;
  before: ItemState | null;
  after: ItemState | null;
  /** For an `undo` entry: the entry it reverted. */
  undoes: number | null;
  at: number;
}

export interface LoadReport {
  /** Pairs read from the input. */
  read: number;
  added: number;
  /** Known pairs whose content changed (decided ones among them are flagged `changed`). */
  updated: number;
  unchanged: number;
  /** Decided pairs whose content changed since their decision. */
  flagged: number;
}

export interface ReviewBatchOptions {
  input: string;
  out: string;
  /** Store URL: `sqlite:PATH` or `postgres://...`. */
  db: string;
  reviewer: string;
  /** Pending or skipped pairs with metadata.score strictly above this are approved by `auto`. */
  autoApproveAbove?: number;
}

/** Counts over every item in the store after the run. `pending` includes `skipped`. */
export interface ReviewSummary {
  total: number;
  approved: number;
  rejected: number;
  pending: number;
  skipped: number;
  autoApproved: number;
  edited: number;
  /** Decided pairs whose content changed since: left out of the output until re-decided. */
  changed: number;
  /** Approved pairs written to `out`. */
  written: number;
  load?: LoadReport;
  out?: string;
}
