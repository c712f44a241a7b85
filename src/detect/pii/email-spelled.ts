/**
 * Email addresses spelled out against scrapers: `olivia dot bennett (at) gmail dot com`,
 * `aweber[at]t-online[.]de`, `jmartin arroba hotmail punto es`. Runs only when the scanner's
 * keyword pass saw a marker (`[at]`, `(at)`, ` arroba `, ` dot ` ...); each marker is read
 * outwards by hand, a few labels each way.
 */
import type { RawFinding } from '../finding.js';
import { applyContext, contextRules } from './context.js';
import { report, Score } from './score.js';
import type { PiiEnv, PiiRule } from './types.js';

/** Markers in brackets (unambiguous), the Spanish/French words for '@', and spelled dots. */
const BRACKET_AT = ['[at]', '(at)', '{at}', '<at>', '[@]', '(@)', '{@}', '[ at ]', '( at )'];
const WORD_AT = [' arroba ', ' arobase '];
const SPELLED_DOT = [' dot ', '[dot]', '(dot)', '{dot}', '[.]', '(.)', ' punto ', ' punkt ', ' nokta '];

/** Hints for the scanner's keyword pass (see Detector.hints). */
export const SPELLED_HINTS: readonly string[] = [...BRACKET_AT, ...WORD_AT, ...SPELLED_DOT];
/** Any of the hints, in one pass (for a scan without a keyword pass). */
export const SPELLED_MARKER = /[[({<] ?(?:at|@|dot|\.) ?[\])}>]|\s(?:arroba|arobase|dot|punto|punkt|nokta)\s/i;

/** `[at]`, `( at )`, `{@}`, ` arroba `, and — only when spelled dots are present — ` at `. */
const AT_ANY = /\s?(?:\[\s?(?:at|@)\s?\]|\(\s?(?:at|@)\s?\)|\{\s?(?:at|@)\s?\}|<\s?(?:at|@)\s?>)\s?|\s(?:at|arroba|arobase)\s/gi;
const AT_MARKED = /\s?(?:\[\s?(?:at|@)\s?\]|\(\s?(?:at|@)\s?\)|\{\s?(?:at|@)\s?\}|<\s?(?:at|@)\s?>)\s?|\s(?:arroba|arobase)\s/gi;
/** A dot: spelled, bracketed, or a plain '.' between label characters. Sticky: read at a position. */
const DOT = /\s?[[({]\s?(?:dot|\.|punto|punkt|point|nokta)\s?[\])}]\s?|\s(?:dot|punto|punkt|point|nokta)\s|\.(?=[A-Za-z0-9])/iy;
/** The same, ending at the end of a short slice (read backwards from a label). */
const DOT_END = /(?:\s?[[({]\s?(?:dot|\.|punto|punkt|point|nokta)\s?[\])}]\s?|\s(?:dot|punto|punkt|point|nokta)\s)$/i;
const TLD = /^[a-z]{2,24}$/i;

export const SPELLED_PATTERNS: readonly RegExp[] = [SPELLED_MARKER, AT_ANY, AT_MARKED, DOT, DOT_END, TLD];

/** Mailbox providers: `name at gmail dot com` needs no more context than that. */
const PROVIDERS = new Set([
  'gmail', 'googlemail', 'yahoo', 'hotmail', 'outlook', 'live', 'msn', 'icloud', 'me', 'aol', 'gmx', 'web', 't-online', 'freenet', 'posteo',
  'mailbox', 'proton', 'protonmail', 'pm', 'yandex', 'mail', 'orange', 'free', 'laposte', 'wanadoo', 'libero', 'zoho', 'fastmail', 'tutanota',
]);

const CONTEXT = contextRules([
  { words: ['email', 'e-mail', 'mail', 'address', 'contact', 'write', 'reach', 'courriel', 'correo', 'escríbele', 'escribe', 'adresse', 'kontakt', 'e-posta', 'spelled'], delta: 0.1, before: 64, after: 48 },
]);

const MAX_LABELS = 4;
const MAX_MARKERS = 256;

function isLabel(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
}

function isLocal(c: number): boolean {
  return isLabel(c) || c === 95 || c === 43 || c === 37;
}

/** Labels and dots forward from `from`: the domain's end, its labels, and whether a dot was spelled. */
function readDomain(text: string, from: number): { end: number; labels: string[]; spelled: boolean } | undefined {
  const labels: string[] = [];
  let spelled = false;
  let i = from;
  for (;;) {
    const s = i;
    while (i < text.length && i - s < 63 && isLabel(text.charCodeAt(i))) i++;
    if (i === s) return undefined;
    labels.push(text.slice(s, i));
    if (labels.length > MAX_LABELS) return undefined;
    DOT.lastIndex = i;
    const dot = DOT.exec(text);
    if (!dot || !isLabel(text.charCodeAt(i + dot[0].length))) break;
    if (dot[0] !== '.') spelled = true;
    i += dot[0].length;
  }
  return labels.length >= 2 ? { end: i, labels, spelled } : undefined;
}

/** Labels and dots backwards from `to`: the local part's start and whether it holds a dot. */
function readLocal(text: string, to: number): { start: number; dotted: boolean } | undefined {
  let i = to;
  let dotted = false;
  for (let labels = 0; labels < MAX_LABELS; labels++) {
    const e = i;
    while (i > 0 && e - i < 64 && isLocal(text.charCodeAt(i - 1))) i--;
    if (i === e) return undefined;
    if (text.charCodeAt(i - 1) === 46 && isLocal(text.charCodeAt(i - 2))) {
      dotted = true;
      i--;
      continue;
    }
    const m = DOT_END.exec(text.slice(Math.max(0, i - 10), i));
    if (!m || !isLocal(text.charCodeAt(i - m[0].length - 1))) break;
    dotted = true;
    i -= m[0].length;
  }
  return { start: i, dotted };
}

/**
 * Spelled-out addresses in `text`, skipping spans `env` already holds.
 *
 * @example
 * spelledEmails('mail: ana.ruiz [at] gmail [dot] com', env)[0]?.rule; // 'pii.email'
 */
export function spelledEmails(text: string, env: PiiEnv, rule: PiiRule): RawFinding[] {
  const marked = BRACKET_AT.some((h) => env.hint(h)) || WORD_AT.some((h) => env.hint(h));
  const dots = SPELLED_DOT.some((h) => env.hint(h));
  if (!marked && !dots) return [];
  const out: RawFinding[] = [];
  const at = dots ? AT_ANY : AT_MARKED;
  at.lastIndex = 0;
  let count = 0;
  for (let m = at.exec(text); m && count < MAX_MARKERS; m = at.exec(text), count++) {
    const marker = m[0].trim().toLowerCase();
    const plainAt = marker === 'at';
    const domain = readDomain(text, m.index + m[0].length);
    const local = readLocal(text, m.index);
    if (!domain || !local || m.index - local.start < 2) continue;
    const tld = domain.labels[domain.labels.length - 1]!;
    if (!TLD.test(tld) || /^\d+$/.test(text.slice(local.start, m.index))) continue;
    // `look at google dot com`: a bare "at" needs a spelled dot and a mailbox-like name.
    if (plainAt && !(domain.spelled && (local.dotted || PROVIDERS.has(domain.labels[0]!.toLowerCase())))) continue;
    const end = domain.end;
    if (env.claimed(local.start, end)) continue;
    const score = new Score(rule.score, `address with "${marker}" for @${domain.spelled ? ' and spelled-out dots' : ''}`);
    score.validated(0.75, `mailbox before it, domain with top-level domain .${tld.toLowerCase()} after it`);
    applyContext(score, text, local.start, end, CONTEXT);
    const finding = report(rule, local.start, end, score, 'spelled out');
    if (finding) out.push(finding);
    at.lastIndex = Math.max(at.lastIndex, end);
  }
  return out;
}
