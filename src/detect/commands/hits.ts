/** How many positions may be added while scanning (saved download names mentioned later). */
const MAX_EXTRA_HITS = 4096;

/** Sorted trigger positions plus positions added while scanning (saved download names). */
export class Hits {
  private extra: number[] = [];

  constructor(private readonly base: readonly number[]) {}

  add(positions: readonly number[]): void {
    if (positions.length === 0 || this.extra.length >= MAX_EXTRA_HITS) return;
    const merged: number[] = [];
    let i = 0;
    let j = 0;
    const a = this.extra;
    while (i < a.length || j < positions.length) {
      if (j >= positions.length || (i < a.length && a[i]! <= positions[j]!)) merged.push(a[i++]!);
      else merged.push(positions[j++]!);
    }
    this.extra = merged;
  }

  /** Whether a hit added while scanning lies in [start, end). */
  anyExtra(start: number, end: number): boolean {
    return firstAtOrAfter(this.extra, start, end);
  }

  /** Whether any hit lies in [start, end). */
  any(start: number, end: number): boolean {
    return firstAtOrAfter(this.base, start, end) || firstAtOrAfter(this.extra, start, end);
  }

  /**
   * Whether a hit in [start, end) is written like a command rather than a capitalised word in a
   * sentence ("Source:", "Docker is ..."): lower case, all capitals, or not a letter.
   */
  anyCommandLike(text: string, start: number, end: number): boolean {
    for (const list of [this.base, this.extra]) {
      for (let i = indexAtOrAfter(list, start); i < list.length && list[i]! < end; i++) {
        const p = list[i]!;
        const c = text.charCodeAt(p);
        if (c < 65 || c > 90) return true;
        const n = text.charCodeAt(p + 1);
        if (n >= 65 && n <= 90) return true;
      }
    }
    return false;
  }

  /** Hits in [start, end) written like a command (see anyCommandLike), in order. */
  commandLikeIn(text: string, start: number, end: number): number[] {
    const out: number[] = [];
    for (const list of this.extra.length > 0 ? [this.base, this.extra] : [this.base]) {
      for (let i = indexAtOrAfter(list, start); i < list.length && list[i]! < end; i++) {
        const p = list[i]!;
        const c = text.charCodeAt(p);
        const n = text.charCodeAt(p + 1);
        if (c < 65 || c > 90 || (n >= 65 && n <= 90)) out.push(p);
      }
    }
    return this.extra.length > 0 ? out.sort((a, b) => a - b) : out;
  }

  /** First hit at or after `pos` (-1 when none). Sequential calls with growing `pos` are O(1) amortised. */
  next(pos: number): number {
    const list = this.base;
    if (this.cursor > 0 && list[this.cursor - 1]! >= pos) this.cursor = 0;
    while (this.cursor < list.length && list[this.cursor]! < pos) this.cursor++;
    const b = this.cursor < list.length ? list[this.cursor]! : -1;
    if (this.extra.length === 0) return b;
    const e = indexAtOrAfter(this.extra, pos);
    const x = e < this.extra.length ? this.extra[e]! : -1;
    return b < 0 ? x : x < 0 ? b : Math.min(b, x);
  }

  private cursor = 0;
}

function indexAtOrAfter(list: readonly number[], start: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function firstAtOrAfter(list: readonly number[], start: number, end: number): boolean {
  const lo = indexAtOrAfter(list, start);
  return lo < list.length && list[lo]! < end;
}
