import type { SourceRecord } from '../types.js';

/** Longest description excerpt a response copies, in characters (cut at a sentence boundary). */
export const EXCERPT_CHARS = 600;

/**
 * The leading whole sentences of `text` that fit in `maxChars` (at least the first sentence,
 * whatever its length, so a response never ends mid-sentence). Whitespace is collapsed.
 *
 * @example
 * trimSentences('One. Two. Three.', 9); // 'One. Two.'
 */
export function trimSentences(text: string, maxChars = EXCERPT_CHARS, maxSentences = Infinity): string {
  const clean = closeSentence(text.replace(CITATION, '').replace(/\s+/g, ' ').trim());
  if (clean.length <= maxChars && maxSentences === Infinity) return clean;
  const sentences = splitSentences(clean);
  let out = sentences[0] ?? '';
  for (let i = 1; i < sentences.length && i < maxSentences; i++) {
    const next = `${out} ${sentences[i]}`;
    if (next.length > maxChars) break;
    out = next;
  }
  return out;
}

/** ATT&CK's inline citation markers, `(Citation: Name 2016)`: not content. */
const CITATION = /\s?\(Citation: [^()]{0,300}\)/g;

/** Ends a text with a full stop when it has no closing punctuation, so appended sentences read well. */
function closeSentence(text: string): string {
  return text.length === 0 || /[.!?:)"']$/.test(text) ? text : `${text}.`;
}

/** Splits on `.`, `!` or `?` followed by a space and an upper-case letter, digit or quote. */
function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length - 2; i++) {
    const c = text[i];
    if ((c === '.' || c === '!' || c === '?') && text[i + 1] === ' ' && /[A-Z0-9"'(]/.test(text[i + 2]!)) {
      if (c === '.' && isAbbreviation(text, i)) continue;
      out.push(text.slice(start, i + 1));
      start = i + 2;
    }
  }
  out.push(text.slice(start));
  return out.filter((s) => s.length > 0);
}

const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'Inc', 'Ltd', 'Corp', 'Co', 'Mr', 'Dr', 'No', 'al']);

function isAbbreviation(text: string, dot: number): boolean {
  let start = dot;
  while (start > 0 && text[start - 1] !== ' ') start--;
  return ABBREVIATIONS.has(text.slice(start, dot));
}

/**
 * `a`, `a and b`, `a, b and c`; past `max` items, `... and N more`.
 *
 * @example
 * joinList(['x', 'y', 'z']); // 'x, y and z'
 */
export function joinList(items: readonly string[], max = 8): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** CWE ids proper (`CWE-79`), without NVD's placeholders (`NVD-CWE-Other`, `NVD-CWE-noinfo`). */
export function realCwes(record: SourceRecord): string[] {
  return (record.facts.cwes ?? []).filter((c) => /^CWE-\d{1,6}$/.test(c));
}

/** A CVSS score as sources print it: one decimal (9.8, 10.0). */
export function formatScore(score: number): string {
  return score.toFixed(1);
}

/** One line per CVSS entry, newest version first: `CVSS v3.1 base score 9.8 (CRITICAL), vector ...`. */
export function cvssLines(record: SourceRecord): string[] {
  const entries = [...(record.facts.cvss ?? [])].sort(function byVersionDesc(a, b) {
    return Number(b.version) - Number(a.version) || b.score - a.score;
  });
  return entries.map(function cvssLine(c) {
    const severity = c.severity ? ` (${c.severity})` : '';
    const vector = c.vector ? `, vector ${c.vector}` : '';
    return `CVSS v${c.version} base score ${formatScore(c.score)}${severity}${vector}`;
  });
}

/** The date part of an ISO 8601 timestamp, as given (no time-zone conversion). */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** `T0800 (Activate Firmware Update Mode)` style label for a record. */
export function label(record: SourceRecord): string {
  return record.title && record.title !== record.sourceId ? `${record.sourceId} (${record.title})` : record.sourceId;
}
