import type { RawFinding } from '../finding.js';
import type { RuleInfo } from '../rule.js';
import type { Span, Window } from './runs.js';

export type PiiCategory = 'email' | 'phone' | 'payment-card' | 'ssn' | 'iban' | 'ip' | 'national-id' | 'dob';

/**
 * What one PII rule is: id, category, severity, base score and the examples it must (tp) and
 * must not (fp) fire on. The matching itself is code (checksums, parsers), not a single regex.
 */
export interface PiiRule extends RuleInfo {
  category: PiiCategory;
}

/** What a recognizer may know besides the text. */
export interface PiiEnv {
  /** True where a stronger finding already holds [start, end). */
  claimed(start: number, end: number): boolean;
  /** Runs of digits and number punctuation (see runs.ts), computed once per text. */
  runs: readonly Span[];
  /** Windows around the runs that the digit-driven regexes scan. */
  windows: readonly Window[];
  /** Whether the text holds a hint word (lower-case; found by the scanner's keyword pass). */
  hint(word: string): boolean;
}

/**
 * One entity's recognizer: the rules it reports, the regexes it ships (ReDoS-checked by the
 * tests) and a pure function from text to findings in that text's offsets.
 */
export interface Recognizer {
  readonly name: string;
  readonly rules: readonly PiiRule[];
  readonly patterns: readonly RegExp[];
  find(text: string, env: PiiEnv): RawFinding[];
}
