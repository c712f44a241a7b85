export type SegmentKind = 'code' | 'inline_code' | 'link' | 'prose';

export interface Segment {
  kind: SegmentKind;
  start: number;
  end: number;
  /** Info string of a fenced block (```bash → 'bash'), lower-cased. */
  lang?: string;
}

/** A fence line: up to 3 spaces, 3+ backticks or tildes, then an info string (its first word is the language). */
function parseFence(line: string): { marker: string; lang: string } | undefined {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  const ch = line[i];
  if (ch !== '`' && ch !== '~') return undefined;
  let j = i;
  while (line[j] === ch) j++;
  if (j - i < 3) return undefined;
  const info = line.slice(j).trim();
  if (ch === '`' && info.includes('`')) return undefined;
  const space = info.search(/\s/);
  return { marker: line.slice(i, j), lang: space < 0 ? info : info.slice(0, space) };
}

/**
 * Splits markdown into fenced code blocks (with language), inline code spans, links and prose,
 * covering the text without gaps, in order. An unclosed fence runs to the end (as CommonMark
 * renders it). Linear time.
 *
 * @example
 * segmentMarkdown('Run:\n```sh\nls\n```\n').map((s) => s.kind); // ['prose', 'code', 'prose']
 */
export function segmentMarkdown(text: string): Segment[] {
  // Plain prose (no fence, code or link markers) is one segment: skip the line walk.
  if (!/[`~[]/.test(text)) return text.length ? [{ kind: 'prose', start: 0, end: text.length }] : [];
  const blocks: Segment[] = [];
  let offset = 0;
  let open: { start: number; marker: string; lang: string } | undefined;
  let proseStart = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(offset, lineEnd);
    const fence = line.length < 200 ? parseFence(line) : undefined;
    if (!open && fence) {
      if (offset > proseStart) blocks.push(...inlineSegments(text, proseStart, offset));
      open = { start: offset, marker: fence.marker, lang: fence.lang.toLowerCase() };
    } else if (open && fence && fence.marker[0] === open.marker[0] && fence.marker.length >= open.marker.length && !fence.lang) {
      const end = newline < 0 ? text.length : newline + 1;
      blocks.push({ kind: 'code', start: open.start, end, ...(open.lang ? { lang: open.lang } : {}) });
      open = undefined;
      proseStart = end;
    }
    if (newline < 0) break;
    offset = newline + 1;
  }
  if (open) blocks.push({ kind: 'code', start: open.start, end: text.length, ...(open.lang ? { lang: open.lang } : {}) });
  else if (proseStart < text.length) blocks.push(...inlineSegments(text, proseStart, text.length));
  return blocks;
}

/** Inline code (`...`) and links ([text](url), <url>) within a prose region. */
function inlineSegments(text: string, start: number, end: number): Segment[] {
  const out: Segment[] = [];
  let prose = start;
  let i = start;
  const flush = (to: number) => {
    if (to > prose) out.push({ kind: 'prose', start: prose, end: to });
  };
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 96) {
      let ticks = 1;
      while (text.charCodeAt(i + ticks) === 96) ticks++;
      const marker = '`'.repeat(ticks);
      const close = text.indexOf(marker, i + ticks);
      if (close > 0 && close < end && !text.slice(i + ticks, close).includes('\n\n')) {
        flush(i);
        out.push({ kind: 'inline_code', start: i, end: close + ticks });
        i = prose = close + ticks;
        continue;
      }
      i += ticks;
      continue;
    }
    if (c === 91) {
      const close = text.indexOf('](', i + 1);
      const paren = close > 0 ? text.indexOf(')', close + 2) : -1;
      if (close > 0 && paren > 0 && paren < end && close - i < 500 && paren - close < 2000 && !text.slice(i, paren).includes('\n\n')) {
        flush(i);
        out.push({ kind: 'link', start: i, end: paren + 1 });
        i = prose = paren + 1;
        continue;
      }
    }
    i++;
  }
  flush(end);
  return out;
}

/** The segment containing offset `at` (segments cover the text in order). */
export function segmentAt(segments: readonly Segment[], at: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (at < s.start) hi = mid - 1;
    else if (at >= s.end) lo = mid + 1;
    else return s;
  }
  return segments[segments.length - 1];
}
