import type { Severity } from '../finding.js';
import type { PatternRule } from '../rule.js';

/**
 * A secrets rule: a shared `PatternRule` plus two optional steps the shared engine has no
 * field for. Both run in the secrets detector after `runPatternRules`.
 */
export interface SecretRule extends PatternRule {
  /**
   * A soft checksum/structure check: a pass raises the score to `pass`; a failure does NOT
   * drop the finding but lowers it to `fail` (and `failSeverity`), for formats where a value
   * that fails the check is still worth reporting (e.g. a GitHub token with a bad CRC32).
   */
  check?: { test: (value: string) => boolean; pass: number; fail: number; failSeverity?: Severity; reason: string };
  /** Words, any of which must occur within `window` chars of the value, or the finding is dropped. */
  requires?: { words: string[]; window: number };
  /** Skip the shared placeholder/low-diversity filter (structured values that check themselves). */
  rawValue?: boolean;
}

/** The common ATT&CK technique: unsecured credentials in files. */
export const IN_FILES = 'T1552.001';
/** Unsecured credentials, in general (tokens in URLs, headers, chat). */
export const UNSECURED = 'T1552';
