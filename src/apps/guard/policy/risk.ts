import type { Severity } from '../../../detect/finding.js';
import type { GuardAction } from '../types.js';

/** How much one finding at full score and weight contributes, by severity. */
export const SEVERITY_RISK: Record<Severity, number> = { low: 0.25, medium: 0.5, high: 0.8, critical: 1 };

/**
 * The risk score measures what the reader would still get. A span that is masked, redacted or
 * hashed is neutralised, so it counts a quarter: one masked key is delivered masked rather than
 * withholding the whole answer, while a dump of many keys still adds up. Text that stays
 * readable (annotate, delink) or blocks counts fully; allowlisted, allowed and explain-only
 * findings count nothing.
 */
export const ACTION_RISK: Record<GuardAction, number> = { block: 1, annotate: 1, delink: 1, mask: 0.25, redact: 0.25, hash: 0.25, allow: 0 };

/**
 * One finding's risk in [0, 1]: severity base × detector score × policy weight. Weights above
 * 1 let a policy make a weak signal count more; the product is capped at 1.
 */
export function findingRisk(severity: Severity, score: number, weight: number): number {
  return Math.min(1, Math.max(0, SEVERITY_RISK[severity] * score * weight));
}

/**
 * The response's risk score 0-100: findings combine like independent pieces of evidence
 * (noisy-OR, 1 - Π(1 - r)), so one critical finding scores near 100 on its own, and several
 * weak ones add up without any count of them ever exceeding 100.
 *
 * @example
 * riskScore([findingRisk('critical', 0.95, 1)]); // 95
 * riskScore([0.4, 0.4]);                          // 64
 */
export function riskScore(risks: readonly number[]): number {
  let safe = 1;
  for (const r of risks) safe *= 1 - r;
  return Math.round((1 - safe) * 100);
}
