import type { GuardAction, GuardFinding } from './types.js';

/**
 * How strongly an action protects the span, for overlaps: when spans of several findings
 * overlap, they join and the most protective action renders the joined span, so a secret
 * inside a URL is never shown defanged but unmasked. `annotate` and `allow` keep the text and
 * take no part in rendering.
 */
const STRENGTH: Record<GuardAction, number> = { block: 6, redact: 5, hash: 4, mask: 3, delink: 2, annotate: 0, allow: 0 };

interface Span {
  start: number;
  end: number;
  finding: GuardFinding;
}

/**
 * Applies findings' span actions to `text` (offsets relative to `text`): overlapping spans are
 * joined first, then replacements run right to left so every offset stays valid. `block` is a
 * decision about the whole response (the caller swaps in the block message); here a block span
 * is redacted, so a caller that renders anyway never shows it.
 *
 * @example
 * renderActions('key AKIAIOSFODNN7EXAMPLE', [{ ...finding, span: [4, 24], action: 'mask' }]);
 * // 'key AK****************LE'
 */
export function renderActions(text: string, findings: readonly GuardFinding[]): string {
  const spans: Span[] = findings
    .filter((f) => STRENGTH[f.action] > 0 && f.span[1] > f.span[0])
    .map((f) => ({ start: Math.max(0, f.span[0]), end: Math.min(text.length, f.span[1]), finding: f }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const joined: Span[] = [];
  for (const span of spans) {
    const last = joined[joined.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (STRENGTH[span.finding.action] > STRENGTH[last.finding.action]) last.finding = span.finding;
      continue;
    }
    joined.push({ ...span });
  }
  const parts: string[] = [];
  let cursor = text.length;
  for (let i = joined.length - 1; i >= 0; i--) {
    const { start, end, finding } = joined[i]!;
    parts.push(text.slice(end, cursor), renderSpan(text.slice(start, end), finding));
    cursor = start;
  }
  parts.push(text.slice(0, cursor));
  return parts.reverse().join('');
}

/** The replacement for one (joined) span. */
export function renderSpan(value: string, finding: Pick<GuardFinding, 'action' | 'category' | 'hash'>): string {
  switch (finding.action) {
    case 'mask':
      return mask(value);
    case 'block':
    case 'redact':
      return `[REDACTED:${finding.category}]`;
    case 'hash':
      // The finding's salted hash: the same value renders the same token, and audit rows join on it.
      return `[HASH:${finding.hash.slice(0, 16)}]`;
    case 'delink':
      return defang(value);
    case 'annotate':
    case 'allow':
      return value;
  }
}

/**
 * Keeps 2 leading and 2 trailing characters (1 + 1 under 8 characters, none under 4), the
 * rest as `*`, counting code points so a surrogate pair is never split. Line breaks stay.
 *
 * @example
 * mask('ghp_abcdefghijklmnop'); // 'gh****************op'
 */
export function mask(value: string): string {
  const chars = [...value];
  const keep = chars.length >= 8 ? 2 : chars.length >= 4 ? 1 : 0;
  return chars.map((c, i) => (i < keep || i >= chars.length - keep || c === '\n' ? c : '*')).join('');
}

const SCHEME = /^([a-z][a-z0-9+.-]{0,15}):(\/\/)?/i;

/**
 * Defangs a URL or host so it is neither clickable nor auto-linked: `http` → `hxxp`, `://` →
 * `[://]`, dots of the host → `[.]`; a value without a scheme (host, IP, e-mail) gets every dot
 * and `@` bracketed.
 *
 * @example
 * defang('https://evil.example.com/x.sh'); // 'hxxps[://]evil[.]example[.]com/x.sh'
 */
export function defang(value: string): string {
  const scheme = SCHEME.exec(value);
  if (!scheme || !scheme[2]) return value.replaceAll('.', '[.]').replaceAll('@', '[@]');
  const rest = value.slice(scheme[0].length);
  const hostEnd = rest.search(/[/?#]/);
  const host = hostEnd === -1 ? rest : rest.slice(0, hostEnd);
  const tail = hostEnd === -1 ? '' : rest.slice(hostEnd);
  const name = scheme[1]!.replace(/^http/i, (h) => `${h[0]}xx${h[3]}`).replace(/^ftp/i, (f) => `${f[0]}x${f[2]}`);
  return `${name}[://]${host.replaceAll('.', '[.]').replaceAll('@', '[@]')}${tail}`;
}
