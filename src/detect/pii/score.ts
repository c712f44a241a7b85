import type { RawFinding, ScoreStep } from '../finding.js';
import type { PiiRule } from './types.js';

/** Findings whose final score is below this are not reported. */
export const REPORT_MIN = 0.4;

const round = (n: number): number => Math.round(Math.min(1, Math.max(0, n)) * 1000) / 1000;

/**
 * A score that moves in fixed steps (pattern → validator → invalidation → context), each step
 * recorded with the score after it, as Presidio explains its results.
 *
 * @example
 * const s = new Score(0.3, 'sixteen digits in card grouping');
 * s.validated(0.8, 'Luhn checksum valid');
 * s.value; // 0.8
 */
export class Score {
  readonly steps: ScoreStep[] = [];
  value: number;
  /** Set when an invalidation zeroed the score: nothing later brings it back. */
  dead = false;

  constructor(base: number, reason: string) {
    this.value = round(base);
    this.steps.push({ step: 'pattern', score: this.value, reason });
  }

  /** A checksum or structure check passed: the score becomes `score`. */
  validated(score: number, reason: string): this {
    return this.push('validator', score, reason);
  }

  /** A structural reason to doubt the match: the score drops by `by`. */
  invalidated(by: number, reason: string): this {
    this.push('invalidation', this.value - by, reason);
    if (this.value === 0) this.dead = true;
    return this;
  }

  /** Context words nearby: the score moves by `delta` (positive or negative). */
  context(delta: number, reason: string): this {
    return this.push('context', this.value + delta, reason);
  }

  private push(step: ScoreStep['step'], score: number, reason: string): this {
    this.value = round(score);
    this.steps.push({ step, score: this.value, reason });
    return this;
  }
}

/** A finding for `rule` on [start, end) with the score's steps, or undefined below REPORT_MIN. */
export function report(rule: PiiRule, start: number, end: number, score: Score, detail?: string): RawFinding | undefined {
  if (score.dead || score.value < REPORT_MIN) return undefined;
  return {
    rule: rule.id,
    category: rule.category,
    start,
    end,
    severity: rule.severity,
    score: score.value,
    message: detail ? `${rule.description} (${detail})` : rule.description,
    ...(rule.attack ? { attack: rule.attack } : {}),
    explanation: score.steps,
  };
}
