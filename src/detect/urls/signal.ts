import type { ScoreStep, Severity } from '../finding.js';
import { URL_RULES, type UrlRuleKey } from './rules.js';

/** One thing found wrong with one URL, before combination with the URL's other signals. */
export interface Signal {
  key: UrlRuleKey;
  /** Span in the text the detector was given. */
  start: number;
  end: number;
  score: number;
  steps: ScoreStep[];
  /** Short noun used when another signal on the same URL cites this one. */
  label: string;
  severity?: Severity;
  message?: string;
  attack?: string;
  /** Weak alone: only reported when another signal sits on the same URL. */
  needsCompanion?: boolean;
  /** Too common to count as evidence for the URL's other signals (raw GitHub content). */
  weakEvidence?: boolean;
}

/** Starts a signal at the rule's base score with the 'pattern' step. */
export function signal(key: UrlRuleKey, start: number, end: number, label: string, reason?: string, score?: number): Signal {
  const rule = URL_RULES[key];
  const base = score ?? rule.score;
  return { key, start, end, score: base, label, steps: [{ step: 'pattern', score: base, reason: reason ?? rule.description }] };
}

/** Moves a signal's score by `delta` (clamped to 0..0.99) and records the step. */
export function adjust(s: Signal, step: ScoreStep['step'], delta: number, reason: string): void {
  s.score = Math.max(0, Math.min(0.99, Math.round((s.score + delta) * 1000) / 1000));
  s.steps.push({ step, score: s.score, reason: `${reason} (${delta >= 0 ? '+' : ''}${delta})` });
}
