/**
 * Draws the review screen as plain lines for a given terminal size: a pure function, so layout
 * at 80x24, wrapping, scrolling and resizes are unit-tested without a terminal. Pair text is
 * untrusted: control characters are replaced before anything reaches the terminal.
 */
import { HELP_LINES, promptTitle, type UiState } from './keys.js';
import type { Counts } from './session.js';
import type { ReviewItem } from './types.js';

export interface ScreenModel {
  item: ReviewItem | undefined;
  /** 1-based position in the view; 0 when the view is empty. */
  position: number;
  viewSize: number;
  counts: Counts;
  reviewer: string;
  state: UiState;
}

export interface Screen {
  /** Exactly `height` lines, none longer than `width`. */
  lines: string[];
  /** The body scroll actually used (clamped to the body). */
  scroll: number;
  /** Index of the lines drawn in reverse video (title and key bar). */
  inverse: number[];
}

/** Smallest terminal the layout fits. */
export const MIN_WIDTH = 40;
export const MIN_HEIGHT = 12;

/**
 * Replaces control characters (ANSI escapes included) so pair text cannot drive the terminal,
 * and bidi controls and line/paragraph separators so it cannot show something else than what
 * is stored (a reviewer approves what is exported).
 */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to match control characters
  return text.replace(/\t/g, '    ').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '\u00b7');
}

/**
 * Word-wraps text to `width` columns; words longer than a line are cut.
 *
 * @example
 * wrap('one two three', 7); // ['one two', 'three']
 */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of sanitize(text).split('\n')) {
    let line = '';
    for (let word of paragraph.split(' ')) {
      while (word.length > width) {
        if (line !== '') out.push(line);
        out.push(word.slice(0, width));
        word = word.slice(width);
        line = '';
      }
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= width) line += ' ' + word;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out;
}

function fit(text: string, width: number): string {
  const clean = sanitize(text).replace(/\n/g, ' ');
  return clean.length <= width ? clean : clean.slice(0, Math.max(0, width - 1)) + '\u2026';
}

function progressBar(c: Counts, width: number): string {
  const decided = c.approved + c.rejected;
  const label = ` ${decided}/${c.total} decided  approved ${c.approved} rejected ${c.rejected} skipped ${c.skipped} pending ${c.pending}${c.changed ? ` changed ${c.changed}` : ''}`;
  const barWidth = Math.max(10, Math.min(30, width - label.length - 2));
  const filled = c.total === 0 ? 0 : Math.round((decided / c.total) * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${label}`;
}

function header(model: ScreenModel): string[] {
  const { item, state } = model;
  const filter = state.filter ? `  filter: ${state.filter}` : '';
  const title = `warden review  [${model.position}/${model.viewSize}]  reviewer: ${model.reviewer}${filter}`;
  if (!item) return [title, 'no items in this view: press f to change the filter, q to quit', '', ''];
  const edited = item.edits ? '  EDITED' : '';
  const changed = item.changed ? '  CHANGED SINCE DECISION' : '';
  const by = item.reviewer && item.status !== 'pending' ? ` by ${item.reviewer}` : '';
  const score = item.score === null ? '-' : item.score.toFixed(2);
  const scores = (item.pair.metadata.domain_scores ?? {}) as Record<string, number>;
  const domains = item.domains.length ? item.domains.map((d) => (typeof scores[d] === 'number' ? `${d} ${scores[d].toFixed(2)}` : d)).join(', ') : '(none)';
  const r = item.ratings;
  const rating = `relevance ${r.relevance ?? '-'} accuracy ${r.accuracy ?? '-'} completeness ${r.completeness ?? '-'}`;
  return [
    `${title}  id: ${item.id}`,
    `status: ${item.status.toUpperCase()}${by}${edited}${changed}  source: ${item.source}  kind: ${String(item.pair.metadata.kind)}  score: ${score}`,
    `domains: ${domains}`,
    `ratings: ${rating}${item.notes ? `  note: ${item.notes}` : ''}`,
  ];
}

function body(model: ScreenModel, width: number): string[] {
  if (model.state.mode === 'help') return [...HELP_LINES];
  const item = model.item;
  if (!item) return [];
  const instruction = item.edits?.instruction ?? item.pair.instruction;
  const response = item.edits?.response ?? item.pair.response;
  return ['INSTRUCTION', ...wrap(instruction, width), '', 'RESPONSE', ...wrap(response, width)];
}

function statusLine(state: UiState): string {
  if (state.mode === 'prompt' && state.prompt) return `${promptTitle(state.prompt.kind)}: ${state.prompt.text}_`;
  return state.message;
}

const KEYS = 'a approve r reject e edit R rate n note s skip u undo g go f filter ? help q quit';

/**
 * The screen for a terminal of `width` x `height`.
 *
 * @example
 * const { lines } = render(model, 80, 24); // 24 lines, each at most 80 columns
 */
export function render(model: ScreenModel, width: number, height: number): Screen {
  if (width < MIN_WIDTH || height < MIN_HEIGHT) {
    const lines = [fit(`terminal too small (${width}x${height}): need ${MIN_WIDTH}x${MIN_HEIGHT}; q quits`, width), ...Array<string>(Math.max(0, height - 1)).fill('')];
    return { lines: lines.slice(0, height), scroll: model.state.scroll, inverse: [] };
  }
  const head = header(model).map((l) => fit(l, width));
  const rule = '\u2500'.repeat(width);
  const foot = [rule, fit(progressBar(model.counts, width), width), fit(statusLine(model.state), width), fit(KEYS, width)];
  const room = height - head.length - 1 - foot.length;
  const all = body(model, width);
  // When the body overflows, the last row becomes a "more"/"end" marker and content gets room - 1 rows.
  const overflow = all.length > room && room > 1;
  const rows = overflow ? room - 1 : room;
  const maxScroll = Math.max(0, all.length - rows);
  const scroll = Math.min(model.state.scroll, maxScroll);
  const shown = all.slice(scroll, scroll + rows).map((l) => fit(l, width));
  if (overflow) shown.push(fit(scroll < maxScroll ? `-- more (${all.length - scroll - rows} lines): Space scrolls --` : '-- end (b scrolls up) --', width));
  while (shown.length < room) shown.push('');
  const lines = [...head, rule, ...shown, ...foot];
  return { lines, scroll, inverse: [0, lines.length - 1] };
}
