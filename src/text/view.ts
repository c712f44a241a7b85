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
 * Builds a view piece by piece. `push` appends view text that came from original [start, end)
 * (already in original offsets, so derived views compose by construction); `pushRun` appends a
 * run copied one-to-one. Typed arrays grow by doubling: no per-char allocation.
 */
export class ViewBuilder {
  private parts: string[] = [];
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private flags = new Uint8Array(256);
  private length = 0;

  private reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.starts.length) return;
    let size = this.starts.length * 2;
    while (size < need) size *= 2;
    const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old.subarray(0, this.length));
      return next;
    };
    this.starts = grow(this.starts, (n) => new Int32Array(n));
    this.ends = grow(this.ends, (n) => new Int32Array(n));
    this.flags = grow(this.flags, (n) => new Uint8Array(n));
  }

  push(text: string, start: number, end: number, flags = 0): void {
    this.reserve(text.length);
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) {
      this.starts[this.length] = start;
      this.ends[this.length] = end;
      this.flags[this.length] = flags;
      this.length++;
    }
  }

  /** Appends `text`, whose char i came from original [starts[i], ends[i]) given as maps + offset. */
  pushRun(text: string, from: number, to: number, starts: Int32Array | null, ends: Int32Array | null, flags = 0): void {
    const n = to - from;
    this.reserve(n);
    this.parts.push(from === 0 && to === text.length ? text : text.slice(from, to));
    for (let i = 0; i < n; i++) {
      const at = from + i;
      this.starts[this.length] = starts ? starts[at]! : at;
      this.ends[this.length] = ends ? ends[at]! : at + 1;
      this.flags[this.length] = flags;
      this.length++;
    }
  }

  build(name: string, transforms: string[], decoded: string[] = [], depth = 0): View {
    return {
      name,
      text: this.parts.join(''),
      starts: this.starts.slice(0, this.length),
      ends: this.ends.slice(0, this.length),
      transforms,
      touched: this.flags.slice(0, this.length),
      decoded,
      depth,
    };
  }
}
