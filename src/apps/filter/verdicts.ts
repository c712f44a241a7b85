import type { FilterName } from './judgment.js';
import type { JudgmentRow } from './judgments-file.js';

/** The verdicts of one judgments row, re-derived (with a new classifier threshold for rethreshold). */
export interface RowVerdicts {
  /** Per stage in cascade order: true escalated, false not, undefined not judged. */
  verdicts: (boolean | undefined)[];
  /** Stages that the record newly reaches under the new threshold but that never judged it. */
  unjudged: boolean[];
  removed: boolean;
  decidedBy: FilterName;
}

/**
 * A row's verdicts. Without `threshold`, exactly as logged. With one, the classifier verdict is
 * `classifier_max >= threshold` from the logged score (no rescoring); a later stage that now
 * receives a record it never judged counts as escalating it (a hazard filter errs towards
 * removal), and is flagged `unjudged` so the report can say how many.
 *
 * @example
 * rowVerdicts({ blocklist_escalate: true, classifier_escalate: false, classifier_max: 0.4 }, ['blocklist', 'classifier'], 0.3).removed; // true
 */
export function rowVerdicts(row: JudgmentRow, filters: readonly FilterName[], threshold?: number): RowVerdicts {
  const verdicts: (boolean | undefined)[] = [];
  const unjudged: boolean[] = [];
  let reached = true;
  let decidedBy = filters[0]!;
  for (const [i, stage] of filters.entries()) {
    unjudged.push(false);
    if (!reached) {
      verdicts.push(undefined);
      continue;
    }
    let v = asBool(row[ESCALATE_COLUMN[stage]]);
    if (stage === 'classifier' && threshold !== undefined) {
      const max = row.classifier_max;
      v = typeof max === 'number' ? max >= threshold : undefined;
    }
    if (v === undefined && threshold !== undefined && i > 0) {
      unjudged[i] = true;
      v = true;
    }
    verdicts.push(v);
    if (v === undefined) {
      reached = false;
      continue;
    }
    decidedBy = stage;
    if (!v) reached = false;
  }
  const removed = threshold === undefined ? row.removed === true : verdicts.length > 0 && verdicts.every((v) => v === true);
  return { verdicts, unjudged, removed, decidedBy: threshold === undefined && typeof row.decided_by === 'string' ? (row.decided_by as FilterName) : decidedBy };
}

const ESCALATE_COLUMN: Record<FilterName, string> = { blocklist: 'blocklist_escalate', classifier: 'classifier_escalate', llm: 'llm_escalate' };

function asBool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

