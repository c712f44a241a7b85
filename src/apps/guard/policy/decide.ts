import type { Finding } from '../../../detect/finding.js';
import type { GuardFinding } from '../types.js';
import type { ResolvedPolicy } from './compile.js';
import { builtInNonBypassable } from './non-bypassable.js';
import { matchAllowlist, policyNonBypassable, resolveFinding } from './resolve.js';
import { ACTION_RISK, findingRisk, riskScore } from './risk.js';

export interface PolicyDecision {
  findings: GuardFinding[];
  /** 0-100. */
  risk: number;
  /** What enforcement does: some finding's action is block, or the risk reaches the threshold. */
  blocked: boolean;
}

/**
 * Applies a policy to a scan's findings: allowlists first (an allowlisted finding is reported
 * with action `allow` and adds no risk), then the resolved action, severity and weight, then
 * explain-only (a command finding the pre-classifier reads as educational with probability >=
 * the threshold is annotated and adds no risk, unless it is non-bypassable; `explainOnly` false
 * turns this off for text an agent executes), then the risk score
 * (see ACTION_RISK: neutralised spans count a quarter).
 *
 * @example
 * const { blocked, risk } = decidePolicy(policy, text, scan(text, opts).findings, 'acme');
 */
export function decidePolicy(policy: ResolvedPolicy, text: string, findings: readonly Finding[], tenant?: string, explainOnly = true): PolicyDecision {
  const out: GuardFinding[] = [];
  const risks: number[] = [];
  let blocked = false;
  for (const finding of findings) {
    const resolution = resolveFinding(policy, finding);
    const severity = resolution.severity ?? finding.severity;
    const guard: GuardFinding = {
      rule_id: finding.rule,
      detector: finding.detector,
      category: finding.category,
      action: resolution.action,
      severity,
      score: finding.score,
      span: [finding.start, finding.end],
      preview: finding.preview,
      hash: finding.hash,
      segment: finding.segment.kind,
      explain_only: false,
      ...(finding.attack ? { attack: finding.attack } : {}),
    };
    const educational = finding.intent ? (finding.intent.probs['educational'] ?? 0) : undefined;
    if (finding.intent && educational !== undefined) {
      guard.intent = { label: finding.intent.label, educational, threshold: policy.explainOnly.threshold };
    }
    const allow = policy.allowlist.length > 0 ? matchAllowlist(policy, finding, text.slice(finding.start, finding.end), tenant) : undefined;
    if (allow) {
      guard.action = 'allow';
      guard.allowlisted = allow.id;
    } else if (
      guard.action !== 'allow' &&
      educational !== undefined &&
      explainOnly &&
      policy.explainOnly.enabled &&
      educational >= policy.explainOnly.threshold &&
      !policyNonBypassable(policy, finding) &&
      !builtInNonBypassable(finding, text, findings)
    ) {
      guard.action = 'annotate';
      guard.explain_only = true;
    }
    if (!guard.explain_only) risks.push(findingRisk(severity, finding.score, resolution.weight) * ACTION_RISK[guard.action]);
    if (guard.action === 'block') blocked = true;
    out.push(guard);
  }
  const risk = riskScore(risks);
  return { findings: out, risk, blocked: blocked || risk >= policy.blockThreshold };
}
