import type { RawFinding, ScoreStep } from '../finding.js';
import { RULES } from './families/index.js';
import type { ReportOptions } from './model.js';

/** Findings kept per rule and in all for one text (a hostile text cannot flood the output). */
const MAX_FINDINGS_PER_RULE = 200;
const MAX_FINDINGS = 1000;
/** Words before a command that say the text warns against it. */
const WARNING = /\b(?:never|don'?t|do not|avoid|dangerous|warning|caution|destructive|careful|malicious|attackers?)\b/i;

/** Where a finding was seen, for the structure and context score steps. */
export interface FindingPlace {
  /** Inside a substitution, -c string, here-document or decoded argument. */
  nested: boolean;
  /** Scanner view name ('original', 'normalized', 'base64', ...). */
  view: string;
}

/**
 * The findings of one text: scores moved in fixed steps (structure → rule-specific context →
 * nesting → decoded view → warning words), one finding per rule and span (the stronger
 * kept), and caps per rule and in total.
 */
export class FindingSet {
  readonly list: RawFinding[] = [];
  private readonly seen = new Map<string, RawFinding>();
  private readonly perRule = new Map<string, number>();

  constructor(private readonly text: string) {}

  add(ruleId: string, start: number, end: number, detail: string, options: ReportOptions, place: FindingPlace): void {
    const rule = RULES.get(ruleId);
    if (!rule) throw new Error(`commands: unknown rule ${ruleId}`);
    const count = this.perRule.get(ruleId) ?? 0;
    if (count >= MAX_FINDINGS_PER_RULE || this.list.length >= MAX_FINDINGS || end <= start) return;
    let score = options.score ?? rule.score;
    const steps: ScoreStep[] = [{ step: 'structure', score, reason: rule.description }];
    for (const s of options.steps ?? []) {
      score = clamp(score + s.delta);
      steps.push({ step: s.step, score, reason: s.reason });
    }
    if (place.nested) steps.push({ step: 'structure', score, reason: 'found inside a nested command (substitution, -c string, here-document or encoded argument)' });
    if (place.view !== 'original' && place.view !== 'normalized') {
      score = clamp(score + 0.05);
      steps.push({ step: 'context', score, reason: `seen in a decoded payload (${place.view}) (+0.05)` });
    }
    if (this.warnedBefore(start)) {
      score = clamp(score - 0.15);
      steps.push({ step: 'context', score, reason: 'warning words before the command (-0.15)' });
    }
    const finding: RawFinding = {
      rule: rule.id,
      category: rule.family,
      start,
      end,
      severity: options.severity ?? rule.severity,
      score: Math.round(score * 1000) / 1000,
      message: `${rule.description}: ${detail}`,
      attack: options.attack ?? rule.attack,
      explanation: steps,
    };
    const key = `${rule.id}:${start}:${end}`;
    const prev = this.seen.get(key);
    if (prev) {
      if (prev.score < finding.score) Object.assign(prev, finding);
      return;
    }
    this.seen.set(key, finding);
    this.list.push(finding);
    this.perRule.set(ruleId, count + 1);
  }

  /** Warning words in the 100 chars before `start` on its line ("never run ..."). */
  private warnedBefore(start: number): boolean {
    let lineStart = start;
    while (lineStart > 0 && start - lineStart < 100 && this.text.charCodeAt(lineStart - 1) !== 10) lineStart--;
    return WARNING.test(this.text.slice(lineStart, start));
  }
}

function clamp(x: number): number {
  return Math.max(0.05, Math.min(1, x));
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const FINDINGS_PATTERNS: readonly RegExp[] = [WARNING];
