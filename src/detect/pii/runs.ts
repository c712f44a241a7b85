/**
 * One cheap pass finds the runs of digits and number punctuation in a text; the digit-driven
 * recognizers then run their regexes over small windows around those runs instead of over the
 * whole text (prose and code are mostly letters: a 1 MB answer has a few kilobytes of runs).
 */

export interface Span {
  start: number;
  end: number;
}

/** Two or more digits joined by digits, spaces and number punctuation. */
export const RUN = /\d[\d ()./\-\u00a0]*\d/g;

/** The digit runs of `text`, in order. */
export function digitRuns(text: string): Span[] {
  const out: Span[] = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** A slice of text around one or more nearby runs, where the digit-driven regexes look. */
export interface Window {
  from: number;
  text: string;
  /** Length of the longest run inside, for cheap skipping. */
  longest: number;
}

/** Characters of context kept on each side of a run: room for '+(' before and '2A ' after. */
const MARGIN = 3;

/** Windows around the runs; runs whose margins touch share one window. */
export function runWindows(text: string, runs: readonly Span[]): Window[] {
  const out: Window[] = [];
  let i = 0;
  while (i < runs.length) {
    const first = runs[i]!;
    let end = first.end;
    let longest = first.end - first.start;
    i++;
    while (i < runs.length && runs[i]!.start - MARGIN <= end + MARGIN) {
      end = Math.max(end, runs[i]!.end);
      longest = Math.max(longest, runs[i]!.end - runs[i]!.start);
      i++;
    }
    const from = Math.max(0, first.start - MARGIN);
    out.push({ from, text: text.slice(from, Math.min(text.length, end + MARGIN)), longest });
  }
  return out;
}

/** A regex match in whole-text offsets. */
export interface Hit {
  start: number;
  end: number;
  value: string;
  match: RegExpExecArray;
}

/**
 * Matches of the global regex `re` in the windows whose longest run has at least `minLength`
 * characters, in whole-text offsets. Windows cut '\\b' and lookbehind short: callers check
 * boundaries against the whole text.
 */
export function matchRuns(windows: readonly Window[], re: RegExp, minLength: number): Hit[] {
  const hits: Hit[] = [];
  for (const w of windows) {
    if (w.longest < minLength) continue;
    re.lastIndex = 0;
    for (let m = re.exec(w.text); m; m = re.exec(w.text)) {
      hits.push({ start: w.from + m.index, end: w.from + m.index + m[0].length, value: m[0], match: m });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return hits;
}
