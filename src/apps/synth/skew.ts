/**
 * Keyword leakage check: a word that appears almost only in rows of one label lets a
 * classifier learn the word instead of the concept ("warning" only ever in educational rows,
 * generated from one prompt template). Flagged words are worth rephrasing or balancing.
 */

export interface SkewOptions {
  /** A word must appear in at least this many rows to be judged. */
  minCount: number;
  /** Share of a word's rows that must carry one label for it to be flagged (0–1). */
  threshold: number;
}

export interface SkewedWord {
  word: string;
  /** Rows containing the word. */
  rows: number;
  label: string;
  /** Share of those rows that carry `label`. */
  share: number;
  /** Share of all rows that carry `label`, for comparison. */
  baseShare: number;
}

export interface SkewReport {
  words: SkewedWord[];
  /** Labels so common that any frequent word "predicts" them; not judged. */
  skippedLabels: string[];
  /** Why nothing was judged, when nothing could be (fewer than two labels). */
  note?: string;
}

const WORD = /[\p{L}\p{N}]+(?:['’_-][\p{L}\p{N}]+)*/gu;

/**
 * Words (lower-cased, counted once per row) found in at least `minCount` rows of which at
 * least `threshold` carry one label. A label whose overall share already reaches the threshold
 * is skipped: every common word would be flagged for it and the list would say nothing.
 * Sorted by row count, then word.
 *
 * @example
 * const rows = Array.from({ length: 30 }, (_, i) => ({ text: i < 15 ? `warning ${i}` : `hello ${i}`, label: i < 15 ? 'educational' : 'text' }));
 * labelSkew(rows, { minCount: 10, threshold: 0.9 }).words.map((w) => w.word); // ['hello', 'warning']
 */
export function labelSkew(rows: readonly { text: string; label: string }[], options: SkewOptions): SkewReport {
  const labelTotals = new Map<string, number>();
  for (const row of rows) labelTotals.set(row.label, (labelTotals.get(row.label) ?? 0) + 1);
  if (labelTotals.size < 2) return { words: [], skippedLabels: [], note: 'needs rows of at least two labels' };
  const skippedLabels = [...labelTotals].filter(([, n]) => n / rows.length >= options.threshold).map(([label]) => label).sort();

  const counts = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const seen = new Set(row.text.toLowerCase().match(WORD) ?? []);
    for (const word of seen) {
      let perLabel = counts.get(word);
      if (!perLabel) counts.set(word, (perLabel = new Map()));
      perLabel.set(row.label, (perLabel.get(row.label) ?? 0) + 1);
    }
  }
  const words: SkewedWord[] = [];
  for (const [word, perLabel] of counts) {
    let total = 0;
    let top = '';
    let topCount = 0;
    for (const [label, n] of perLabel) {
      total += n;
      if (n > topCount || (n === topCount && label < top)) [top, topCount] = [label, n];
    }
    if (total < options.minCount || topCount / total < options.threshold || skippedLabels.includes(top)) continue;
    words.push({ word, rows: total, label: top, share: topCount / total, baseShare: labelTotals.get(top)! / rows.length });
  }
  words.sort((a, b) => b.rows - a.rows || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return { words, skippedLabels };
}
