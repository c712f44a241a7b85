import type { DetectorName, Severity } from '../../detect/finding.js';
import type { SegmentKind } from '../../text/segment.js';

/**
 * The contract between the guard's parts: the policy engine decides, the HTTP API and the
 * proxies render and return, the audit store records. Field names are snake_case because they
 * are the wire format of `POST /v1/guard`.
 */

/** What a policy does with a finding's span. `block` withholds the whole response. */
export type GuardAction = 'block' | 'mask' | 'redact' | 'hash' | 'delink' | 'annotate' | 'allow';
export const GUARD_ACTIONS: readonly GuardAction[] = ['block', 'mask', 'redact', 'hash', 'delink', 'annotate', 'allow'];

/** One finding as the API returns it. Never carries the matched value: `preview` is masked, `hash` salted. */
export interface GuardFinding {
  rule_id: string;
  detector: DetectorName;
  category: string;
  action: GuardAction;
  severity: Severity;
  score: number;
  /** [start, end) in the ORIGINAL response text. */
  span: [number, number];
  preview: string;
  hash: string;
  segment: SegmentKind;
  /** True when a command finding in an educational segment was annotated instead of blocked. */
  explain_only: boolean;
  attack?: string;
  /** The pre-classifier's reading, for command findings when a model is loaded. */
  intent?: { label: string; educational: number; threshold: number };
  /** Why the finding was allowed, when an allowlist entry matched (its id or index). */
  allowlisted?: string;
}

export interface GuardDecision {
  /** The original text with the policy's actions applied, or the policy's safe message when blocked. */
  response: string;
  blocked: boolean;
  findings: GuardFinding[];
  /** 0-100. */
  risk_score: number;
  policy_id: string;
  latency_ms: number;
  version: string;
  /** Shadow mode: the response is passed through unchanged; `would_block` says what enforcement would do. */
  shadow?: boolean;
  would_block?: boolean;
  /** Parts not scanned (size or time budget), so a caller knows the verdict is partial. */
  not_scanned?: { what: string; reason: string }[];
}

/** Who is asking and under which policy. */
export interface GuardContext {
  policyId?: string;
  tenant?: string;
  /** Per-request wall-clock budget for scanning. */
  timeBudgetMs?: number;
  /**
   * The text is run by an agent, not read by a person (tool-call arguments): explain-only does
   * not apply, since there is no reader for whom a command would be an explanation.
   */
  executable?: boolean;
}

/** Timings for metrics (not part of the wire format). */
export interface GuardStats {
  scan_ms: number;
  preclassifier_ms: number;
  /** Wall time per detector, summed over views. */
  detector_ms: Partial<Record<DetectorName, number>>;
}

export interface GuardResult {
  decision: GuardDecision;
  stats: GuardStats;
}
