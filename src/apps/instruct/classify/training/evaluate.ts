/**
 * Multi-label evaluation of the domain classifier: rows with the same text are one example
 * whose true labels are all their rows' labels; the predicted set is every domain whose
 * evidence `classifierEvidence` gives. Reports per-domain and micro/macro precision, recall, F1.
 */
import type { TextClassifier } from '../../../../ml/classifier.js';
import { classifierEvidence } from '../model.js';

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface MultiLabelEval {
  examples: number;
  micro: LabelScores;
  macroF1: number;
  /** Share of examples whose predicted set equals the true set. */
  exactMatch: number;
  perLabel: Record<string, LabelScores>;
}

function scores(tp: number, fp: number, fn: number): LabelScores {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return { precision: r(precision), recall: r(recall), f1: r(f1), support: tp + fn };
}

/**
 * Scores a classifier on labelled rows (grouped by text).
 *
 * @example
 * evaluateMultiLabel(clf, rows.filter((r) => r.split === 'test')).macroF1;
 */
export function evaluateMultiLabel(clf: TextClassifier, rows: readonly { text: string; label: string }[]): MultiLabelEval {
  const truth = new Map<string, Set<string>>();
  for (const row of rows) {
    let set = truth.get(row.text);
    if (!set) truth.set(row.text, (set = new Set()));
    set.add(row.label);
  }
  const counts = new Map(clf.labels.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  let exact = 0;
  for (const [text, labels] of truth) {
    const predicted = new Set(classifierEvidence(clf, text).map((e) => e.domain as string));
    let same = predicted.size === labels.size;
    for (const label of clf.labels) {
      const c = counts.get(label)!;
      const p = predicted.has(label);
      const t = labels.has(label);
      if (p && t) c.tp++;
      else if (p) c.fp++;
      else if (t) c.fn++;
      if (p !== t) same = false;
    }
    if (same) exact++;
  }
  const perLabel: Record<string, LabelScores> = {};
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [label, c] of counts) {
    perLabel[label] = scores(c.tp, c.fp, c.fn);
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  const present = Object.values(perLabel).filter((s) => s.support > 0);
  const macroF1 = present.length ? present.reduce((sum, s) => sum + s.f1, 0) / present.length : 0;
  return { examples: truth.size, micro: scores(tp, fp, fn), macroF1: Math.round(macroF1 * 10_000) / 10_000, exactMatch: Math.round((exact / Math.max(1, truth.size)) * 10_000) / 10_000, perLabel };
}
