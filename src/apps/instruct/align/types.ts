import type { InstructionPair } from '../assemble/types.js';

/** The five security-alignment categories of the issue. */
export const ALIGN_CATEGORIES = ['phishing', 'malware', 'social-engineering', 'data-handling', 'prompt-injection'] as const;
export type AlignCategory = (typeof ALIGN_CATEGORIES)[number];

/**
 * `refusal`: a harmful request, declined briefly with the reason and a safe, useful alternative
 * (for prompt injection: the injected part declined, the legitimate task done).
 * `defensive-guidance`: a benign request answered with practical defensive advice.
 */
export type AlignType = 'refusal' | 'defensive-guidance';

/** Risk flags a pair is tagged with: what the request would have risked had it been answered. */
export type RiskFlag =
  | 'credential-theft'
  | 'impersonation'
  | 'malware-development'
  | 'data-exfiltration'
  | 'pii'
  | 'regulatory'
  | 'prompt-injection'
  | 'social-engineering'
  | 'fraud'
  | 'evasion';

/** Draws from the seeded generator; every template renders only through it, so output is a function of the seed. */
export interface Draw {
  /** One element. */
  pick<T>(items: readonly T[]): T;
  /** `n` distinct elements in random order. */
  some<T>(items: readonly T[], n: number): T[];
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
}

export interface Rendered {
  instruction: string;
  response: string;
  /** Flags raised by the slots chosen (e.g. `pii` when the data type is personal data), added to the template's own. */
  flags?: RiskFlag[];
}

/** One alignment template: a family of request phrasings and composed answers. */
export interface AlignTemplate {
  /** `<category>.<name>`, stable: written into every pair's metadata. */
  id: string;
  category: AlignCategory;
  type: AlignType;
  riskFlags: readonly RiskFlag[];
  render(draw: Draw): Rendered;
}

/** Metadata of a generated pair (contracts.md, align stage). */
export interface AlignMetadata {
  source: 'align';
  kind: 'alignment';
  source_ids: string[];
  category: AlignCategory;
  type: AlignType;
  risk_flags: RiskFlag[];
  /** The classify stage's domain, for the categories that have one (phishing, malware). */
  domains?: string[];
  aligned: true;
  template: string;
  seed: number;
  [key: string]: unknown;
}

export interface AlignedPair extends InstructionPair {
  metadata: AlignMetadata;
}
