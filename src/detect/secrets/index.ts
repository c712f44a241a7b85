import type { DetectContext, Detector } from '../detector.js';
import type { RawFinding, ScoreStep } from '../finding.js';
import { checkRulePack, runPatternRules } from '../rule.js';
import { AI_RULES } from './ai.js';
import { AZURE_RULES } from './azure.js';
import { CLOUD_RULES } from './cloud.js';
import { CODE_HOST_RULES } from './code-hosts.js';
import { COMMS_RULES } from './comms.js';
import { DEVOPS_RULES } from './devops.js';
import { detectGeneric } from './generic.js';
import { GENERIC_KEYWORDS, GENERIC_RULES } from './generic-rules.js';
import { isPlaceholderValue } from './heuristics.js';
import { anchorKeywords, joinedFindings } from './joined.js';
import { KEY_RULES } from './keys.js';
import { MESSAGING_RULES } from './messaging.js';
import { PAYMENT_RULES } from './payments.js';
import { REGISTRY_RULES } from './registries.js';
import { SAAS_RULES } from './saas.js';
import type { SecretRule } from './types.js';
import { URI_RULES } from './uris.js';

export type { SecretRule } from './types.js';
export { GENERIC_RULES } from './generic-rules.js';

/** Every pattern rule of the secrets detector, checked at load (unique ids, g flags, examples). */
export const SECRET_RULES: SecretRule[] = [
  ...CLOUD_RULES,
  ...AZURE_RULES,
  ...DEVOPS_RULES,
  ...CODE_HOST_RULES,
  ...SAAS_RULES,
  ...AI_RULES,
  ...PAYMENT_RULES,
  ...MESSAGING_RULES,
  ...COMMS_RULES,
  ...REGISTRY_RULES,
  ...URI_RULES,
  ...KEY_RULES,
];
checkRulePack(SECRET_RULES);

const RULES_BY_ID = new Map(SECRET_RULES.map((rule) => [rule.id, rule]));
for (const code of Object.values(GENERIC_RULES)) {
  if (RULES_BY_ID.has(code.id)) throw new Error(`duplicate rule id "${code.id}"`);
}

/** Every rule id the detector can report (pattern rules, then the generic code rules). */
export const SECRET_RULE_IDS: readonly string[] = [...SECRET_RULES.map((r) => r.id), ...Object.values(GENERIC_RULES).map((r) => r.id)];

const KEYWORDS = [...new Set([...SECRET_RULES.flatMap((r) => r.keywords), ...GENERIC_KEYWORDS])];
/** Provider prefixes followed into values split over joined string literals or wrapped lines. */
const ANCHORS = anchorKeywords([...new Set(SECRET_RULES.flatMap((r) => r.keywords))]);
const ANCHOR_SET: ReadonlySet<string> = new Set(ANCHORS);

/**
 * Applies the secrets-specific steps the shared engine has no field for: the placeholder and
 * documented-example filter, `requires` (context that must be present), and soft `check`s
 * (a pass raises the score, a failure lowers it instead of dropping the finding).
 */
function refine(text: string, finding: RawFinding): RawFinding | undefined {
  const rule = RULES_BY_ID.get(finding.rule);
  if (!rule) return finding;
  const value = text.slice(finding.start, finding.end);
  if (!rule.rawValue && isPlaceholderValue(value)) return undefined;
  if (rule.requires) {
    const { words, window } = rule.requires;
    const around = text.slice(Math.max(0, finding.start - window), Math.min(text.length, finding.end + window)).toLowerCase();
    if (!words.some((w) => around.includes(w))) return undefined;
  }
  if (!rule.check) return finding;
  const passed = rule.check.test(value);
  const steps = finding.explanation ?? [];
  const before = steps.filter((s) => s.step !== 'context');
  let previous = before.at(-1)?.score ?? rule.score;
  let score = passed ? rule.check.pass : rule.check.fail;
  const rebuilt: ScoreStep[] = [
    ...before,
    { step: 'validator', score, reason: `${rule.check.reason}: ${passed ? 'valid' : 'INVALID (reported lower)'}` },
  ];
  for (const step of steps.filter((s) => s.step === 'context')) {
    const delta = step.score - previous;
    previous = step.score;
    score = Math.max(0, Math.min(1, score + delta));
    rebuilt.push({ ...step, score });
  }
  return {
    ...finding,
    score: Math.round(score * 1000) / 1000,
    severity: !passed && rule.check.failSeverity ? rule.check.failSeverity : finding.severity,
    explanation: rebuilt,
  };
}

/**
 * Finds credentials: provider-specific formats (with checksums and structure checks where the
 * format has them), private keys, JWTs, passwords in connection URIs, and generic
 * `name = secret` assignments judged by entropy and placeholder heuristics.
 *
 * @example
 * const findings = detectSecrets('export GITHUB_TOKEN=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');
 * findings[0]?.rule; // 'secrets.github-pat'
 */
export function detectSecrets(text: string, ctx?: DetectContext): RawFinding[] {
  const present = ctx && ctx.present.size > 0 ? ctx.present : undefined;
  const specific: RawFinding[] = [];
  for (const finding of runPatternRules(SECRET_RULES, text, present)) {
    const refined = refine(text, finding);
    if (refined) specific.push(refined);
  }
  const lower = present ? undefined : text.toLowerCase();
  const anchors = present ? [...present].filter((k) => ANCHOR_SET.has(k)) : ANCHORS.filter((k) => lower!.includes(k));
  if (anchors.length > 0) {
    for (const joined of joinedFindings(text, anchors, judgeJoined)) {
      if (!specific.some((s) => s.rule === joined.rule && s.start <= joined.start && joined.end <= s.end)) specific.push(joined);
    }
  }
  const genericWanted = GENERIC_KEYWORDS.some((k) => (present ? present.has(k) : lower!.includes(k)));
  if (!genericWanted) return specific;
  const generic = detectGeneric(text, present ? (w) => present.has(w) : (w) => lower!.includes(w)).filter((g) => !specific.some((s) => s.start < g.end && g.start < s.end));
  return [...specific, ...generic];
}

/** Provider rules on a value joined from pieces (see joined.ts), refined like any match. */
function judgeJoined(joined: string): RawFinding[] {
  const out: RawFinding[] = [];
  for (const finding of runPatternRules(SECRET_RULES, joined)) {
    const refined = refine(joined, finding);
    if (refined) out.push(refined);
  }
  return out;
}

/** The secrets detector (credentials, keys, tokens, passwords). */
export const secretsDetector: Detector = {
  name: 'secrets',
  keywords: KEYWORDS,
  detect: detectSecrets,
};
