import { readFile } from 'node:fs/promises';
import { WardenError } from '../../core/errors.js';
import { AhoCorasick } from '../../text/aho-corasick.js';
import type { Detector } from '../detector.js';
import type { RawFinding } from '../finding.js';

export interface BlocklistOptions {
  /** Whole words only. */
  wordBoundaries?: boolean;
  /** Distinct terms a text must contain to be flagged (default 2, as in Deep Ignorance). */
  threshold?: number;
}

/**
 * Flags a text that contains at least `threshold` DISTINCT blocklist terms (case-insensitive,
 * optional word boundaries), with one finding per distinct term at its first occurrence. One
 * Aho-Corasick pass, whatever the number of terms.
 *
 * @example
 * const d = createBlocklistDetector(['anthrax', 'sarin']);
 * d.detect('anthrax and sarin', ctx).length; // 2
 */
export function createBlocklistDetector(terms: readonly string[], options: BlocklistOptions = {}): Detector & { readonly matcher: AhoCorasick } {
  const clean = [...new Set(terms.map((t) => t.trim()).filter(Boolean))];
  const matcher = new AhoCorasick(clean, { unit: 'char', wordBoundaries: options.wordBoundaries ?? false });
  const threshold = options.threshold ?? 2;
  return {
    name: 'blocklist',
    keywords: [],
    matcher,
    detect(text: string): RawFinding[] {
      const first = new Map<number, [number, number]>();
      matcher.scanText(text, (term, start, end) => {
        if (!first.has(term)) first.set(term, [start, end]);
      });
      if (first.size < threshold) return [];
      const count = first.size;
      return [...first.values()].map(([start, end]) => ({
        rule: 'blocklist.term',
        category: 'blocklist',
        start,
        end,
        severity: 'medium' as const,
        score: Math.min(1, 0.5 + 0.1 * count),
        message: `blocklisted term (${count} distinct terms in this text; threshold ${threshold})`,
      }));
    },
  };
}

/** Reads a term list: one term per line, '#' comments and blank lines ignored. */
export async function loadBlocklist(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', `cannot read blocklist: ${(cause as Error).message}`, { where: path, cause });
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}
