/**
 * A view is a derived text (normalised, de-confused, decoded) with an exact map back to the
 * original: char i of the view came from original chars [starts[i], ends[i]). Detectors run on
 * views; every finding is reported in ORIGINAL offsets.
 */
export interface View {
  /** What produced it, e.g. 'original', 'normalized', 'base64'. */
  name: string;
  text: string;
  /** null means identity (the view is the original text). */
  starts: Int32Array | null;
  ends: Int32Array | null;
  /** Transformations that changed something, in order (e.g. ['invisible', 'confusables']). */
  transforms: string[];
  /** Per view char: bit flags of the transformations that touched it (see TRANSFORM_BITS). */
  touched: Uint8Array | null;
  /** Decoding chain from the original, e.g. ['base64', 'gzip']; empty for non-decoded views. */
  decoded: string[];
  /** Decoding depth (0 for the original and its normalisations). */
  depth: number;
}

export const TRANSFORM_BITS = {
  nfkc: 1,
  invisible: 2,
  confusables: 4,
  casefold: 8,
  whitespace: 16,
} as const;
export type Transform = keyof typeof TRANSFORM_BITS;

export function originalView(text: string): View {
  return { name: 'original', text, starts: null, ends: null, transforms: [], touched: null, decoded: [], depth: 0 };
}

/** Maps a view span [start, end) to the original text. */
export function toOriginal(view: View, start: number, end: number): [number, number] {
  if (!view.starts || !view.ends) return [start, end];
  if (view.text.length === 0) return [0, 0];
  const s = view.starts[Math.min(start, view.text.length - 1)]!;
  const e = end > start ? view.ends[Math.min(end, view.text.length) - 1]! : s;
  return [s, Math.max(s, e)];
}

/** Names of the transformations that touched any char of the view span. */
export function transformsIn(view: View, start: number, end: number): Transform[] {
  if (!view.touched) return [];
  let bits = 0;
  for (let i = start; i < end && i < view.touched.length; i++) bits |= view.touched[i]!;
  return (Object.keys(TRANSFORM_BITS) as Transform[]).filter((name) => bits & TRANSFORM_BITS[name]);
}

/**
 * Builds a view char by char. `push` appends view text that came from original [start, end)
 * (already in original offsets, so derived views compose by construction).
 */
export class ViewBuilder {
  private parts: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  private flags: number[] = [];
  private length = 0;

  push(text: string, start: number, end: number, flags = 0): void {
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
      this.flags.push(flags);
    }
    this.length += text.length;
  }

  build(name: string, transforms: string[], decoded: string[] = [], depth = 0): View {
    return {
      name,
      text: this.parts.join(''),
      starts: Int32Array.from(this.starts),
      ends: Int32Array.from(this.ends),
      transforms,
      touched: Uint8Array.from(this.flags),
      decoded,
      depth,
    };
  }
}
