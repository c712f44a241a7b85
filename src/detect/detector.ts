import type { DetectorName, RawFinding } from './finding.js';

/** What a detector may know besides the text: nothing from I/O, only scanner-computed facts. */
export interface DetectContext {
  /** Lower-case keywords (from `keywords`) that occur in this text. */
  present: ReadonlySet<string>;
  /**
   * True when `present` comes from the scanner's keyword pass, so that an empty set means no
   * keyword or hint occurs (rather than that nobody looked).
   */
  keywordPass?: boolean;
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
  /**
   * Lower-case words (2+ chars) the scanner's keyword pass also looks for without gating the
   * detector: a detector that always runs finds them in `present` and skips the checks that
   * need them (spelled-out addresses need `[at]` or ` dot `). When no detector gates on
   * keywords there is no pass (`keywordPass` unset): the detector must look for itself.
   */
  readonly hints?: readonly string[];
  detect(text: string, ctx: DetectContext): RawFinding[];
}
