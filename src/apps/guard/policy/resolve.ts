import type { DetectorName, Finding, Severity } from '../../../detect/finding.js';
import type { GuardAction } from '../types.js';
import { inNameSet, type CompiledAllow, type ResolvedPolicy, type Resolution } from './compile.js';
import { testBounded } from './safe-regex.js';
import type { RuleEntry } from './schema.js';

/**
 * What a finding gets when no policy entry says otherwise. Low-severity findings (a private IP
 * in a code sample) are annotated: reported and counted in the risk score, text kept, because
 * rewriting them would mostly damage code discussion. Otherwise secrets and PII are masked (the
 * reader sees that something was there, not what); dangerous commands at high or critical
 * severity block the response, medium ones are annotated and left to the risk score; risky
 * URLs are defanged; exfiltration payloads and blocklist hits are redacted.
 */
export function defaultAction(detector: DetectorName, severity: Severity): GuardAction {
  if (severity === 'low') return 'annotate';
  switch (detector) {
    case 'secrets':
    case 'pii':
      return 'mask';
    case 'commands':
      return severity === 'high' || severity === 'critical' ? 'block' : 'annotate';
    case 'urls':
      return 'delink';
    case 'exfil':
    case 'blocklist':
      return 'redact';
  }
}

type Key = 'action' | 'severity' | 'weight';
const CACHE_LIMIT = 4096;

/**
 * Action, severity and weight of a finding under a policy. Each field is taken from the most
 * specific entry that sets it: exact rule id > rule glob (longest prefix) > category >
 * detector > the policy's `defaults` > the built-in defaults. Among entries of the same
 * specificity, the LAST one in the file wins (an override appended at the end takes effect).
 *
 * @example
 * resolveFinding(policy, { detector: 'urls', rule: 'urls.ip-literal', category: 'ip-literal', severity: 'medium' });
 * // { action: 'delink', severity: undefined, weight: 0.5 }
 */
export function resolveFinding(policy: ResolvedPolicy, finding: Pick<Finding, 'detector' | 'rule' | 'category' | 'severity'>): Resolution {
  const key = `${finding.detector}\u0000${finding.rule}\u0000${finding.category}\u0000${finding.severity}`;
  const cached = policy.cache.get(key);
  if (cached) return cached;
  const { rules } = policy;
  const levels: (readonly RuleEntry[] | undefined)[] = [
    rules.exact.get(finding.rule),
    ...rules.globs.filter((g) => finding.rule.startsWith(g.prefix)).map((g) => [g.entry]),
    rules.categories.get(finding.category),
    rules.detectors.get(finding.detector),
  ];
  const pick = <K extends Key>(field: K): RuleEntry[K] | undefined => {
    for (const level of levels) {
      if (!level) continue;
      for (let i = level.length - 1; i >= 0; i--) if (level[i]![field] !== undefined) return level[i]![field];
    }
    return undefined;
  };
  const severity = pick('severity');
  const action = pick('action') ?? policy.config.defaults.action ?? defaultAction(finding.detector, severity ?? finding.severity);
  const resolution: Resolution = { action, severity, weight: pick('weight') ?? policy.config.defaults.weight ?? 1 };
  if (policy.cache.size >= CACHE_LIMIT) policy.cache.clear();
  policy.cache.set(key, resolution);
  return resolution;
}

/**
 * The first allowlist entry that covers a finding's matched value for this tenant, if any.
 * Scopes (rules, categories, detectors, tenants) must all match when given; an entry scoped to
 * tenants never matches a request without a tenant.
 */
export function matchAllowlist(policy: ResolvedPolicy, finding: Pick<Finding, 'detector' | 'rule' | 'category'>, value: string, tenant: string | undefined): CompiledAllow | undefined {
  for (const entry of policy.allowlist) {
    if (entry.rules && !inNameSet(entry.rules, finding.rule)) continue;
    if (entry.categories && !inNameSet(entry.categories, finding.category)) continue;
    if (entry.detectors && !entry.detectors.has(finding.detector)) continue;
    if (entry.tenants && (tenant === undefined || !entry.tenants.has(tenant))) continue;
    if (entry.value !== undefined ? entry.value === value : testBounded(entry.regex!, value)) return entry;
  }
  return undefined;
}

/** Whether the policy's own `non_bypassable` list names this finding (rule id or glob, category or detector). */
export function policyNonBypassable(policy: ResolvedPolicy, finding: Pick<Finding, 'detector' | 'rule' | 'category'>): boolean {
  const set = policy.nonBypassable;
  return inNameSet(set, finding.rule) || set.exact.has(finding.category) || set.exact.has(finding.detector);
}
