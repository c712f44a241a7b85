import type { SpanType } from './types.js';

/** A span while a record is being assembled: flags the final record turns into index lists. */
export interface WorkSpan {
  type: SpanType;
  start: number;
  end: number;
  /** Obfuscated after placement (meta.obfuscated). */
  obfuscated?: boolean;
  /** Pieces of one value split across messages share a group number (meta.splitGroups). */
  group?: number;
}

/**
 * One replacement in a body: `[start, end)` becomes `text` (start === end inserts). `replaces`
 * is the span the edit rewrites (it is dropped); `spans` are the spans the new text holds, in
 * offsets relative to `text`.
 */
export interface Edit {
  start: number;
  end: number;
  text: string;
  replaces?: WorkSpan;
  spans?: WorkSpan[];
}

/**
 * Applies non-overlapping edits to a body and remaps every offset: spans outside the edits move
 * by the length change of the edits before them; the spans an edit replaces are dropped and the
 * spans it carries are placed at the edit's new position. `points` (thread message bounds) are
 * remapped in place the same way. An offset equal to an edit's end (or an insertion point)
 * moves with the text after it.
 *
 * @example
 * const span = { type: 'EMAIL', start: 4, end: 9 } as WorkSpan;
 * const out = applyEdits('see a@b.c now', [span], [{ start: 4, end: 9, text: 'YUBiLmM=', replaces: span, spans: [{ ...span, start: 0, end: 8 }] }], []);
 * out.body; // 'see YUBiLmM= now'
 * out.spans[0]; // { type: 'EMAIL', start: 4, end: 12 }
 */
export function applyEdits(body: string, spans: readonly WorkSpan[], edits: readonly Edit[], points: number[]): { body: string; spans: WorkSpan[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) throw new Error('internal: overlapping edits');
  }
  const starts = sorted.map((e) => e.start);
  const ends = sorted.map((e) => e.end);
  const deltas: number[] = [];
  let acc = 0;
  for (const edit of sorted) {
    acc += edit.text.length - (edit.end - edit.start);
    deltas.push(acc);
  }
  /** Offset after all edits ending at or before x. */
  const map = (x: number): number => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return x + (lo > 0 ? deltas[lo - 1]! : 0);
  };
  let out = '';
  let at = 0;
  const placed: WorkSpan[] = [];
  sorted.forEach(function placeEdit(edit, i) {
    out += body.slice(at, edit.start);
    const newStart = starts[i]! + (i > 0 ? deltas[i - 1]! : 0);
    out += edit.text;
    at = edit.end;
    for (const s of edit.spans ?? []) placed.push({ ...s, start: newStart + s.start, end: newStart + s.end });
  });
  out += body.slice(at);
  const replaced = new Set(sorted.map((e) => e.replaces).filter((s) => s !== undefined));
  const kept = spans.filter((s) => !replaced.has(s)).map((s) => ({ ...s, start: map(s.start), end: map(s.end) }));
  for (let i = 0; i < points.length; i++) points[i] = map(points[i]!);
  return { body: out, spans: [...kept, ...placed].sort((a, b) => a.start - b.start || a.end - b.end) };
}
