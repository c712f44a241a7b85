import type { SourceName, SourceRecord } from '../types.js';

/** One record as collected: the normalised record and the raw source object it came from. */
export interface Collected {
  record: SourceRecord;
  raw: unknown;
}

/** A record that could not be read; the run goes on and counts it as a failure. */
export interface ParseFailure {
  /** File and position: `nvdcve-2003.json: vulnerabilities[12].cve.id`, `capec.xml:120`. */
  where: string;
  message: string;
}

export interface ParseResult {
  source: SourceName;
  items: Collected[];
  /** Objects left out on purpose, by reason (revoked, deprecated, rejected...). */
  skipped: Record<string, number>;
  failures: ParseFailure[];
}

/** A parser reads one whole snapshot file (already size-checked) into records. */
export type SourceParser = (text: string, file: string) => ParseResult;

/**
 * Helper for parsers: counts a skip reason.
 *
 * @example
 * skip(result, 'revoked'); // result.skipped.revoked === 1
 */
export function skip(result: ParseResult, reason: string): void {
  result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
}

/**
 * Helper for parsers: an empty result.
 *
 * @example
 * emptyResult('nvd'); // { source: 'nvd', items: [], skipped: {}, failures: [] }
 */
export function emptyResult(source: SourceName): ParseResult {
  return { source, items: [], skipped: {}, failures: [] };
}

/**
 * Removes duplicates and empty strings, keeping the first occurrence's order.
 *
 * @example
 * uniq(['a', '', 'b', 'a', undefined]); // ['a', 'b']
 */
export function uniq(values: Iterable<string | undefined>): string[] {
  const out = new Set<string>();
  for (const v of values) if (v && v.trim()) out.add(v.trim());
  return [...out];
}

/**
 * One page fetched by an online collector: its records, where it came from, and the cursor a
 * re-run resumes from once this page is stored (null after the last page).
 */
export interface OnlinePage extends ParseResult {
  /** The page's URL (no credentials), for reports. */
  where: string;
  next: unknown;
}
