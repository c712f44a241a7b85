import { shannonEntropy } from '../text/entropy.js';
import type { RawFinding, ScoreStep, Severity } from './finding.js';

/**
 * What every rule states about itself, whether a regex or code does the matching: identity,
 * classification, base score, ATT&CK technique, and the examples it must (tp) and must not (fp)
 * fire on, which the test suite runs through its detector.
 */
export interface RuleInfo {
  id: string;
  description: string;
  category: string;
  severity: Severity;
  /** Score from the pattern alone, 0..1, before validators and context. */
  score: number;
  attack?: string;
  examples: { tp: string[]; fp: string[] };
}

/**
 * A pattern rule is data, gitleaks-style: what to match, a keyword pre-filter, how to score
 * and validate the match, what to allow, and examples it must (tp) and must not (fp) fire on.
 * Loading a rule pack fails on a duplicate id, and the test suite fails on any misfire.
 */
export interface PatternRule extends RuleInfo {
  /** Global regex; must pass the ReDoS check (test suite). */
  pattern: RegExp;
  /** Capture group holding the sensitive value (default: whole match). */
  group?: number;
  /** Lower-case keywords, any of which must occur in the text for the rule to run. */
  keywords: string[];
  /**
   * A case-sensitive literal that every match contains (the `@` of `user:pass@host`): a text
   * without it is skipped before the regex runs. For rules whose keywords are common words.
   */
  needs?: string;
  /** Minimum Shannon entropy (bits/char) of the value. */
  entropy?: number;
  /** A checksum or structure check: true raises the score to `validatedScore`, false drops it. */
  validator?: (value: string, match: RegExpExecArray) => boolean;
  validatedScore?: number;
  /** Values that are documented examples or placeholders; a match that fits any is dropped. */
  allow?: RegExp[];
  /** Words near the match that raise (+) or lower (-) the score. */
  context?: { words: string[]; boost: number; window?: number }[];
}

/** Checks a pack: unique ids, global regexes, at least 3 examples each way. Throws on a problem. */
export function checkRulePack(rules: readonly PatternRule[]): void {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`duplicate rule id "${rule.id}"`);
    ids.add(rule.id);
    if (!rule.pattern.global) throw new Error(`rule "${rule.id}": pattern must have the g flag`);
    if (rule.examples.tp.length < 3 || rule.examples.fp.length < 3) {
      throw new Error(`rule "${rule.id}": needs at least 3 true-positive and 3 false-positive examples`);
    }
    if (rule.keywords.some((k) => k !== k.toLowerCase())) throw new Error(`rule "${rule.id}": keywords must be lower-case`);
    if (rule.needs !== undefined && (rule.needs.length === 0 || rule.examples.tp.some((tp) => !tp.includes(rule.needs!)))) {
      throw new Error(`rule "${rule.id}": every true-positive example must contain needs "${rule.needs}"`);
    }
  }
}

const PLACEHOLDER = /(?:example|sample|dummy|placeholder|changeme|change_me|your[_-]?(?:api[_-]?)?(?:key|token|secret)|xxxx|\*{4}|<[^<>]{0,64}>|\$\{[^{}]{0,64}\}|\{\{[^{}]{0,64}\}\}|%\([^()]{0,64}\)s|redacted|insert|replace|test123|fake|1234567890)/i;

/** Placeholders users write instead of real values. */
export function looksLikePlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || /^(.)\1+$/.test(value);
}

/**
 * Runs rules over a text. `lower` is the lower-cased text for the keyword pre-filter
 * (`present` = keywords found by the scanner's Aho-Corasick pass); rules whose keywords are
 * absent are skipped.
 */
export function runPatternRules(rules: readonly PatternRule[], text: string, present?: ReadonlySet<string>): RawFinding[] {
  const out: RawFinding[] = [];
  const lower = present ? undefined : text.toLowerCase();
  for (const rule of rules) {
    if (rule.keywords.length > 0) {
      const hit = present ? rule.keywords.some((k) => present.has(k)) : rule.keywords.some((k) => lower!.includes(k));
      if (!hit) continue;
    }
    if (rule.needs !== undefined && !text.includes(rule.needs)) continue;
    rule.pattern.lastIndex = 0;
    for (const match of text.matchAll(rule.pattern)) {
      const finding = judge(rule, text, match);
      if (finding) out.push(finding);
    }
  }
  return out;
}

function judge(rule: PatternRule, text: string, match: RegExpExecArray): RawFinding | undefined {
  const group = rule.group ?? 0;
  const value = match[group];
  if (value === undefined || value.length === 0) return undefined;
  const offset = group === 0 ? 0 : match[0].indexOf(value);
  const start = match.index + Math.max(offset, 0);
  const end = start + value.length;
  const steps: ScoreStep[] = [{ step: 'pattern', score: rule.score, reason: rule.description }];
  let score = rule.score;
  if (rule.allow?.some((re) => re.test(value))) return undefined;
  if (rule.entropy !== undefined) {
    const bits = shannonEntropy(value);
    if (bits < rule.entropy) return undefined;
    steps.push({ step: 'entropy', score, reason: `entropy ${bits.toFixed(2)} ≥ ${rule.entropy}` });
  }
  if (rule.validator) {
    if (!rule.validator(value, match)) return undefined;
    score = rule.validatedScore ?? Math.min(1, score + 0.2);
    steps.push({ step: 'validator', score, reason: 'checksum/structure valid' });
  }
  for (const ctx of rule.context ?? []) {
    const window = ctx.window ?? 60;
    const around = text.slice(Math.max(0, start - window), Math.min(text.length, end + window)).toLowerCase();
    const word = ctx.words.find((w) => around.includes(w));
    if (word) {
      score = Math.max(0, Math.min(1, score + ctx.boost));
      steps.push({ step: 'context', score, reason: `"${word}" nearby (${ctx.boost > 0 ? '+' : ''}${ctx.boost})` });
    }
  }
  if (score <= 0) return undefined;
  return {
    rule: rule.id,
    category: rule.category,
    start,
    end,
    severity: rule.severity,
    score: Math.round(score * 1000) / 1000,
    message: rule.description,
    ...(rule.attack ? { attack: rule.attack } : {}),
    explanation: steps,
  };
}
