import type { DetectorName, RawFinding } from './finding.js';

/** What a detector may know besides the text: nothing from I/O, only scanner-computed facts. */
export interface DetectContext {
  /** Lower-case keywords (from `keywords`) that occur in this text. */
  present: ReadonlySet<string>;
  /** Name of the view being scanned ('original', 'normalized', 'base64', ...). */
  view: string;
}

/**
 * A detector is a pure function from a text to findings in that text's offsets. The scanner
 * owns everything else: views, decoding, keyword pre-filter, offset mapping, budgets, merging.
 */
export interface Detector {
  readonly name: DetectorName;
  /** Lower-case keywords for the Aho-Corasick pre-filter; [] means always run. */
  readonly keywords: readonly string[];
  detect(text: string, ctx: DetectContext): RawFinding[];
}
