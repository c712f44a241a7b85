/**
 * What each stage of the hazard-filter cascade writes on a record while it flows through the
 * pipeline. Everything lives under `record.judgments.<stage>`; a stage only ever writes its own
 * key. The decision stage (the last one) turns the judgments into a kept/removed decision, logs
 * them to the judgments file and strips them again, so kept and removed records leave the
 * filter exactly as they came in.
 */
import type { Rec } from '../../io/record.js';

export const FILTER_NAMES = ['blocklist', 'classifier', 'llm'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** What happens to a record whose LLM call failed for good (after retries). */
export const LLM_ERROR_POLICIES = ['flag', 'pass', 'fail'] as const;
export type LlmErrorPolicy = (typeof LLM_ERROR_POLICIES)[number];

export interface BlocklistJudgment {
  /** Distinct blocklist terms found (as spelled in the term file, in first-match order). */
  terms: string[];
  distinct: number;
  /** `distinct >= --min-distinct-terms`: the record goes on to the next stage. */
  escalate: boolean;
  ms: number;
}

export interface ClassifierJudgment {
  /** Probability of the hazardous label per chunk, summarised. */
  max: number;
  mean: number;
  min: number;
  chunks: number;
  /** `max >= --threshold`. */
  escalate: boolean;
  ms: number;
}

/** Written by the LLM judge stage (src/apps/filter/llm-judge); read here, never written. */
export interface LlmJudgment {
  verdict: 0 | 1 | null;
  raw: string;
  error?: string;
  cached: boolean;
  ms: number;
  /** Set by the judge when present; otherwise derived from verdict, error and the policy. */
  escalate?: boolean;
}

export interface Decision {
  removed: boolean;
  /** The last stage that judged the record: the one whose verdict decided. */
  stage: FilterName;
}

export interface Judgments {
  blocklist?: BlocklistJudgment;
  classifier?: ClassifierJudgment;
  llm?: LlmJudgment;
  decision?: Decision;
}

/** An input record's own `judgments` field, kept aside while the cascade uses the name. */
const ORIGINAL = Symbol('warden.filter.originalJudgments');
/** Marks the judgments object the cascade created, so a record's own field is never mistaken for it. */
const OURS = Symbol('warden.filter.judgments');

type Carrier = Rec & { [ORIGINAL]?: unknown };

/**
 * The record's cascade judgments, created on first use. A field called `judgments` that the
 * input already had is set aside and restored by `restoreRecord`.
 *
 * @example
 * const j = judgmentsOf(record);
 * j.blocklist = { terms: [], distinct: 0, escalate: false, ms: 0.01 };
 */
export function judgmentsOf(record: Rec): Judgments {
  const current = record.judgments as (Judgments & { [OURS]?: true }) | undefined;
  if (current && typeof current === 'object' && current[OURS]) return current;
  if (current !== undefined && !looksLikeCascade(current)) (record as Carrier)[ORIGINAL] = current;
  const fresh = (current && looksLikeCascade(current) ? current : {}) as Judgments & { [OURS]?: true };
  Object.defineProperty(fresh, OURS, { value: true, enumerable: false });
  record.judgments = fresh;
  return fresh;
}

/** A judgments object some cascade stage (ours or the LLM judge) started on this record. */
function looksLikeCascade(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === 'blocklist' || k === 'classifier' || k === 'llm' || k === 'decision');
}

/** Removes the cascade's judgments from a record (restoring an own `judgments` field). */
export function restoreRecord(record: Rec): void {
  const carrier = record as Carrier;
  if (ORIGINAL in carrier) {
    record.judgments = carrier[ORIGINAL];
    delete carrier[ORIGINAL];
  } else {
    delete record.judgments;
  }
}

/**
 * Did `stage` say "hazardous" for this record? `undefined` when the stage did not judge it.
 * The LLM judge's answer counts as hazardous on verdict 1, and on an error under `--on-llm-error
 * flag`; `pass` lets an errored record through.
 *
 * @example
 * escalatedBy({ blocklist: { terms: ['a', 'b'], distinct: 2, escalate: true, ms: 0 } }, 'blocklist', 'flag'); // true
 */
export function escalatedBy(judgments: Judgments | undefined, stage: FilterName, onLlmError: LlmErrorPolicy): boolean | undefined {
  if (!judgments) return undefined;
  switch (stage) {
    case 'blocklist':
      return judgments.blocklist?.escalate;
    case 'classifier':
      return judgments.classifier?.escalate;
    case 'llm': {
      const llm = judgments.llm;
      if (!llm) return undefined;
      if (typeof llm.escalate === 'boolean') return llm.escalate;
      if (llm.verdict === 1) return true;
      if (llm.verdict === 0) return false;
      return llm.error !== undefined && onLlmError === 'flag';
    }
  }
}

/**
 * Should a stage judge this record? The first stage judges everything; every later stage only
 * what the stage before it escalated.
 */
export function reachesStage(record: Rec, previous: FilterName | null, onLlmError: LlmErrorPolicy): boolean {
  if (previous === null) return true;
  return escalatedBy(record.judgments as Judgments | undefined, previous, onLlmError) === true;
}

/**
 * The cascade's decision: walk the stages in order; the record stops at the first stage that
 * did not escalate it (kept), or is removed when the last stage escalated it too.
 *
 * @example
 * decide({ blocklist: { terms: ['a', 'b'], distinct: 2, escalate: true, ms: 0 } }, ['blocklist'], 'flag'); // { removed: true, stage: 'blocklist' }
 */
export function decide(judgments: Judgments | undefined, filters: readonly FilterName[], onLlmError: LlmErrorPolicy): Decision {
  let last: FilterName = filters[0]!;
  for (const stage of filters) {
    const verdict = escalatedBy(judgments, stage, onLlmError);
    if (verdict === undefined) return { removed: false, stage: last };
    last = stage;
    if (!verdict) return { removed: false, stage };
  }
  return { removed: true, stage: last };
}
