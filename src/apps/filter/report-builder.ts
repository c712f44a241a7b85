import { averagePrecision, downsample, prCurve, thresholdCounts } from '../../ml/curves.js';
import type { FilterSpec } from './config.js';
import type { FilterName } from './judgment.js';
import type { JudgmentRow } from './judgments-file.js';
import { addToCell as add, confusionOf, emptyCell, type Cell, type FilterReport, type LabelReport, type SplitReport, type StageReport } from './report.js';
import { rowVerdicts, type RowVerdicts } from './verdicts.js';

/** Most labelled classifier scores kept for the PR curve; beyond it the curve is left out. */
const MAX_CURVE_POINTS = 2_000_000;

/**
 * Folds judgments rows into a report, one row group at a time (memory: counters, the term
 * tally and at most 2 M labelled classifier scores).
 *
 * @example
 * const builder = new ReportBuilder(['blocklist', 'classifier'], { labelled: true });
 * for await (const rows of readJudgments(file)) builder.add(rows);
 * const report = builder.finish({ runDir, spec, rejects: 0, stageMs: new Map() });
 */
export class ReportBuilder {
  private readonly filters: readonly FilterName[];
  private readonly threshold: number | undefined;
  private readonly labelled: boolean;
  private records = 0;
  private removed = 0;
  private readonly judged: number[];
  private readonly escalated: number[];
  private readonly unjudged: number[];
  private readonly chars: number[];
  private readonly splits = new Map<string, { split: string | null; records: number; removed: number; judged: number[]; escalated: number[]; final: Cell }>();
  private readonly cascade: Cell[];
  private readonly own: Cell[];
  private readonly final = emptyCell();
  private labelledCount = 0;
  private positives = 0;
  private readonly terms = new Map<string, number>();
  private readonly histogram = new Array<number>(20).fill(0);
  private scores: number[] = [];
  private truths: number[] = [];
  private curveTruncated = false;
  private readonly llm = { judged: 0, flagged: 0, passed: 0, cached: 0, errors: { flag: 0, pass: 0, fail: 0 } };

  constructor(filters: readonly FilterName[], options: { threshold?: number | undefined; labelled: boolean }) {
    this.filters = filters;
    this.threshold = options.threshold;
    this.labelled = options.labelled;
    const zeros = () => filters.map(() => 0);
    this.judged = zeros();
    this.escalated = zeros();
    this.unjudged = zeros();
    this.chars = zeros();
    this.cascade = filters.map(emptyCell);
    this.own = filters.map(emptyCell);
  }

  /** Adds rows; returns each row's verdicts (rethreshold writes id lists from them). */
  add(rows: readonly JudgmentRow[], onRow?: (row: JudgmentRow, v: RowVerdicts) => void): void {
    for (const row of rows) {
      const v = rowVerdicts(row, this.filters, this.threshold);
      this.records++;
      if (v.removed) this.removed++;
      const key = typeof row.split === 'string' ? row.split : '';
      let split = this.splits.get(key);
      if (!split) {
        split = { split: key || null, records: 0, removed: 0, judged: this.filters.map(() => 0), escalated: this.filters.map(() => 0), final: emptyCell() };
        this.splits.set(key, split);
      }
      split.records++;
      if (v.removed) split.removed++;
      const truth = row.label === 1 || row.label === 0 ? row.label : null;
      if (truth !== null) {
        this.labelledCount++;
        if (truth === 1) this.positives++;
        add(this.final, truth, v.removed);
        add(split.final, truth, v.removed);
      }
      let stillIn = true;
      v.verdicts.forEach((verdict, i) => {
        if (verdict === undefined) stillIn = false;
        else {
          this.judged[i]!++;
          split.judged[i]!++;
          if (v.unjudged[i]) this.unjudged[i]!++;
          else this.chars[i]! += typeof row.chars === 'number' ? row.chars : 0;
          if (verdict) {
            this.escalated[i]!++;
            split.escalated[i]!++;
          } else stillIn = false;
          if (truth !== null) add(this.own[i]!, truth, verdict);
        }
        if (truth !== null) add(this.cascade[i]!, truth, stillIn && verdict === true);
      });
      this.tally(row, truth);
      onRow?.(row, v);
    }
  }

  private tally(row: JudgmentRow, truth: 0 | 1 | null): void {
    if (Array.isArray(row.blocklist_terms)) for (const term of row.blocklist_terms) this.terms.set(term, (this.terms.get(term) ?? 0) + 1);
    const max = row.classifier_max;
    if (typeof max === 'number') {
      this.histogram[Math.min(19, Math.max(0, Math.floor(max * 20)))]!++;
      if (truth !== null && this.labelled) {
        if (this.scores.length < MAX_CURVE_POINTS) {
          this.scores.push(max);
          this.truths.push(truth);
        } else this.curveTruncated = true;
      }
    }
    if (typeof row.llm_outcome === 'string' || typeof row.llm_escalate === 'boolean') {
      this.llm.judged++;
      if (row.llm_cached === true) this.llm.cached++;
      if (row.llm_verdict === 1) this.llm.flagged++;
      else if (row.llm_verdict === 0) this.llm.passed++;
      else if (row.llm_escalate === true) this.llm.errors.flag++;
      else this.llm.errors.pass++;
    }
  }

  /** The report; `stageMs` is time per stage from the run's stats (absent for stages without). */
  finish(meta: {
    runDir: string;
    spec: FilterSpec;
    rejects: number;
    stageMs: Map<string, number>;
    llmFailed?: number;
    throughput?: FilterReport['throughput'];
  }): FilterReport {
    const rate = (a: number, b: number) => (b > 0 ? a / b : null);
    const stages: StageReport[] = this.filters.map((name, i) => {
      const ms = meta.stageMs.get(name);
      const judged = this.judged[i]! - this.unjudged[i]!;
      return {
        name,
        judged: this.judged[i]!,
        escalated: this.escalated[i]!,
        escalation_rate: rate(this.escalated[i]!, this.judged[i]!),
        input_rate: rate(this.escalated[i]!, this.records),
        unjudged: this.unjudged[i]!,
        chars: this.chars[i]!,
        ms: ms ?? null,
        judged_per_s: ms && ms > 0 ? Math.round((judged * 1000) / ms) : null,
        mchars_per_s: ms && ms > 0 ? Math.round((this.chars[i]! / 1e6 / (ms / 1000)) * 10) / 10 : null,
      };
    });
    const splits: SplitReport[] = [...this.splits.values()].map((s) => ({
      split: s.split,
      records: s.records,
      removed: s.removed,
      removed_rate: rate(s.removed, s.records),
      stages: this.filters.map((name, i) => ({ name, judged: s.judged[i]!, escalated: s.escalated[i]! })),
      ...(this.labelled ? { confusion: confusionOf(s.final) } : {}),
    }));
    const report: FilterReport = {
      kind: 'warden-filter-report',
      version: 1,
      run_dir: meta.runDir,
      generated_at: new Date().toISOString(),
      spec: meta.spec,
      ...(this.threshold !== undefined ? { threshold: this.threshold } : {}),
      totals: { records: this.records, kept: this.records - this.removed, removed: this.removed, removed_rate: rate(this.removed, this.records), rejects: meta.rejects },
      stages,
      splits,
    };
    if (this.labelled && meta.spec.labelField) report.labels = this.labelReport(meta.spec.labelField);
    if (this.filters.includes('blocklist')) {
      report.top_terms = [...this.terms]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .slice(0, 25)
        .map(([term, records]) => ({ term, records }));
    }
    if (this.filters.includes('classifier')) report.classifier_scores = [...this.histogram];
    if (this.filters.includes('llm')) report.llm = { ...this.llm, errors: { ...this.llm.errors, fail: meta.llmFailed ?? 0 } };
    if (meta.throughput) report.throughput = meta.throughput;
    return report;
  }

  private labelReport(field: string): LabelReport {
    const out: LabelReport = {
      field,
      labelled: this.labelledCount,
      unlabelled: this.records - this.labelledCount,
      positives: this.positives,
      stages: this.filters.map((name, i) => ({ name, cascade: confusionOf(this.cascade[i]!), own: confusionOf(this.own[i]!) })),
      final: confusionOf(this.final),
    };
    if (this.filters.includes('classifier')) {
      const counts = thresholdCounts(this.scores, this.truths);
      out.classifier = {
        scored: this.scores.length,
        average_precision: this.curveTruncated ? null : averagePrecision(counts),
        pr: this.curveTruncated || counts.positives === 0 ? [] : downsample(prCurve(counts), 101),
        truncated: this.curveTruncated,
      };
    }
    return out;
  }
}
