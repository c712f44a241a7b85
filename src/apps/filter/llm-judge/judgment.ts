import { LLM_ERROR_KINDS, type LlmErrorKind } from './retry.js';
import type { Verdict } from './verdict.js';

/**
 * What the judge did with one escalated record:
 * - 'flagged' / 'passed': the model answered 1 / 0;
 * - 'error_flagged' / 'error_passed': no verdict (retries exhausted, unparseable answer, ...)
 *   and on_error 'flag' / 'pass' decided;
 * - 'error_failed': on_error 'fail' sent the record to ctx.fail (it is not in the output, so
 *   this outcome shows only in counts and the rejects file, never in a judgment).
 */
export type LlmOutcome = 'flagged' | 'passed' | 'error_flagged' | 'error_passed' | 'error_failed';

/** `judgments.llm` of a judged record. Records that were not escalated get none. */
export interface LlmJudgment {
  /** The model's parsed answer; null when there was none. */
  verdict: Verdict | null;
  /** The model's answer, at most 256 chars (+ a length note); '' when none came. */
  raw: string;
  /** Why there is no verdict (status, server message; never document text). */
  error?: string;
  error_kind?: LlmErrorKind;
  /** The answer came from the response cache (no request made). */
  cached: boolean;
  /** Wall time for this record, cache lookup and retries included. */
  ms: number;
  /** HTTP requests made for this record (0 when cached). */
  attempts: number;
  /** The text was cut to max_chars before it went into the prompt. */
  truncated: boolean;
  outcome: LlmOutcome;
  /** The effective decision after the policy: true = hazardous (remove). */
  escalate: boolean;
}

/** Totals of the judge, per stage instance (`LlmJudgeStage.counts`) or summed from judgments. */
export interface LlmJudgeCounts {
  /** Records that reached the stage. */
  seen: number;
  /** Not escalated by the previous stage: passed through untouched. */
  skipped: number;
  /** Escalated records the judge decided on (every outcome, error_failed included). */
  judged: number;
  /** The model said 1 / 0. */
  flagged: number;
  passed: number;
  /** Verdicts taken from the cache. */
  cached: number;
  /** HTTP requests made, and how many of them were retries. */
  requests: number;
  retries: number;
  /** Records without a verdict, by the policy that decided them. */
  errors: { flag: number; pass: number; fail: number };
  /** Records without a verdict, by cause. */
  error_kinds: Record<LlmErrorKind, number>;
}

export function emptyLlmCounts(): LlmJudgeCounts {
  return {
    seen: 0,
    skipped: 0,
    judged: 0,
    flagged: 0,
    passed: 0,
    cached: 0,
    requests: 0,
    retries: 0,
    errors: { flag: 0, pass: 0, fail: 0 },
    error_kinds: Object.fromEntries(LLM_ERROR_KINDS.map((k) => [k, 0])) as Record<LlmErrorKind, number>,
  };
}

/**
 * Adds one record's outcome to `counts`. The report sums judgments read back from the run
 * (worker threads keep their own stage instances) with this, plus `errors.fail` from the
 * stage's rejects (stage 'llm').
 *
 * @example
 * const counts = emptyLlmCounts();
 * countLlmJudgment(counts, record.judgments?.llm);
 */
export function countLlmJudgment(counts: LlmJudgeCounts, judgment: unknown): void {
  counts.seen++;
  if (!isLlmJudgment(judgment)) {
    counts.skipped++;
    return;
  }
  addOutcome(counts, judgment.outcome, judgment);
}

/** Counts one decided record. */
export function addOutcome(counts: LlmJudgeCounts, outcome: LlmOutcome, detail: { cached: boolean; attempts: number; error_kind?: LlmErrorKind }): void {
  counts.judged++;
  if (detail.cached) counts.cached++;
  counts.requests += detail.attempts;
  counts.retries += Math.max(0, detail.attempts - 1);
  if (outcome === 'flagged') counts.flagged++;
  else if (outcome === 'passed') counts.passed++;
  else {
    counts.errors[outcome === 'error_flagged' ? 'flag' : outcome === 'error_passed' ? 'pass' : 'fail']++;
    if (detail.error_kind) counts.error_kinds[detail.error_kind]++;
  }
}

/** Sums counts (from shards or workers); independent of order. */
export function mergeLlmCounts(into: LlmJudgeCounts, from: LlmJudgeCounts): LlmJudgeCounts {
  for (const key of ['seen', 'skipped', 'judged', 'flagged', 'passed', 'cached', 'requests', 'retries'] as const) into[key] += from[key];
  for (const key of ['flag', 'pass', 'fail'] as const) into.errors[key] += from.errors[key];
  for (const kind of LLM_ERROR_KINDS) into.error_kinds[kind] += from.error_kinds[kind];
  return into;
}

function isLlmJudgment(value: unknown): value is LlmJudgment {
  return typeof value === 'object' && value !== null && typeof (value as { outcome?: unknown }).outcome === 'string';
}
