import type { CurvePoints } from '../../ml/curves.js';
import type { FilterSpec } from './config.js';
import type { FilterName } from './judgment.js';

/** True/false positives and negatives with the rates derived from them (null when undefined). */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface StageReport {
  name: FilterName;
  /** Records this stage judged (the first stage: all; later ones: what the previous escalated). */
  judged: number;
  escalated: number;
  /** escalated / judged. */
  escalation_rate: number | null;
  /** escalated / all records: what is still in the cascade after this stage. */
  input_rate: number | null;
  /** Rethreshold only: records newly escalated to this stage, which it never judged (counted as escalated). */
  unjudged: number;
  /** Characters of the judged texts. */
  chars: number;
  /** Time inside the stage summed over workers (from the run's stats), and rates per core. */
  ms: number | null;
  judged_per_s: number | null;
  /** Million text characters judged per second per core. */
  mchars_per_s: number | null;
}

export interface SplitReport {
  split: string | null;
  records: number;
  removed: number;
  removed_rate: number | null;
  stages: { name: FilterName; judged: number; escalated: number }[];
  /** Final decision against ground truth, when labelled. */
  confusion?: Confusion;
}

export interface LabelReport {
  field: string;
  labelled: number;
  unlabelled: number;
  positives: number;
  /**
   * Per stage: `cascade` = the cascade stopped after this stage (predicted hazardous = escalated
   * by every stage up to here); `own` = this stage's verdict on the records it judged.
   */
  stages: { name: FilterName; cascade: Confusion; own: Confusion }[];
  final: Confusion;
  /** The classifier's max chunk score on the labelled records it judged: average precision and PR curve. */
  classifier?: { scored: number; average_precision: number | null; pr: CurvePoints; truncated: boolean };
}

export interface FilterReport {
  kind: 'warden-filter-report';
  version: 1;
  run_dir: string;
  generated_at: string;
  spec: FilterSpec;
  /** Set by rethreshold: the classifier threshold these decisions use instead of the run's. */
  threshold?: number;
  totals: { records: number; kept: number; removed: number; removed_rate: number | null; rejects: number };
  stages: StageReport[];
  splits: SplitReport[];
  labels?: LabelReport;
  /** Blocklist terms by the number of records they were found in (top 25). */
  top_terms?: { term: string; records: number }[];
  /** Histogram of the classifier's max chunk score, 20 bins over [0, 1]. */
  classifier_scores?: number[];
  llm?: { judged: number; flagged: number; passed: number; cached: number; errors: { flag: number; pass: number; fail: number } };
  throughput?: { wall_s: number; records_per_s: number; mb_per_s: number; executor: string; workers: number; shards: number };
}

/** Confusion counts of one stage or split (hazardous = positive). */
export interface Cell {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export const emptyCell = (): Cell => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

export function addToCell(cell: Cell, truth: 0 | 1, predicted: boolean): void {
  if (truth === 1) {
    if (predicted) cell.tp++;
    else cell.fn++;
  } else if (predicted) cell.fp++;
  else cell.tn++;
}

/**
 * Precision, recall and F1 from confusion counts; null where a denominator is zero.
 *
 * @example
 * confusionOf({ tp: 3, fp: 1, fn: 1, tn: 5 }).precision; // 0.75
 */
export function confusionOf(cell: Cell): Confusion {
  const precision = cell.tp + cell.fp > 0 ? cell.tp / (cell.tp + cell.fp) : null;
  const recall = cell.tp + cell.fn > 0 ? cell.tp / (cell.tp + cell.fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  return { ...cell, precision, recall, f1 };
}

