import type { RawFinding } from '../finding.js';
import { standsAlone } from './bounds.js';
import { luhnValid } from './checksums.js';
import { applyContext, contextRules, ID_WORDS } from './context.js';
import { DOCUMENTED_PATTERNS, documentedNumber, isTestCard } from './documented.js';
import { matchRuns } from './runs.js';
import { report, Score } from './score.js';
import type { PiiRule, Recognizer } from './types.js';

export const PAYMENT_CARD: PiiRule = {
  id: 'pii.payment-card',
  description: 'payment card number',
  category: 'payment-card',
  severity: 'high',
  score: 0.3,
  examples: {
    tp: ['Charge card 4539 1488 0343 6467 exp 09/27', 'Amex: 3714-496353-98431 on file', 'paid with 5425233430109903 yesterday', 'MC 2223 0031 2200 3222'],
    fp: ['Reference 4539 1488 0343 6468 (fails Luhn)', 'Order 1234567890123456 shipped', 'tracking 9400 1000 0000 0000 0000 00', 'UUID 4111-1111-1111-1111-aaaa'],
  },
};

/** Digit runs with optional space or dash separators, 13..24 characters. */
const CANDIDATE = /\d[\d -]{11,22}\d/g;

interface Brand {
  name: string;
  lengths: readonly number[];
  test: (d: string) => boolean;
}

const p = (d: string, n: number): number => Number(d.slice(0, n));
const BRANDS: readonly Brand[] = [
  { name: 'Amex', lengths: [15], test: (d) => d.startsWith('34') || d.startsWith('37') },
  { name: 'Visa', lengths: [13, 16, 19], test: (d) => d.startsWith('4') },
  { name: 'Mastercard', lengths: [16], test: (d) => (p(d, 2) >= 51 && p(d, 2) <= 55) || (p(d, 4) >= 2221 && p(d, 4) <= 2720) },
  {
    name: 'Discover',
    lengths: [16, 17, 18, 19],
    test: (d) => d.startsWith('6011') || (p(d, 3) >= 644 && p(d, 3) <= 649) || d.startsWith('65') || (p(d, 6) >= 622126 && p(d, 6) <= 622925),
  },
  { name: 'JCB', lengths: [16, 17, 18, 19], test: (d) => p(d, 4) >= 3528 && p(d, 4) <= 3589 },
  { name: 'Diners Club', lengths: [14, 15, 16, 17, 18, 19], test: (d) => (p(d, 3) >= 300 && p(d, 3) <= 305) || d.startsWith('36') || d.startsWith('38') || d.startsWith('39') },
  { name: 'UnionPay', lengths: [16, 17, 18, 19], test: (d) => d.startsWith('62') },
  {
    name: 'Maestro',
    lengths: [13, 14, 15, 16, 17, 18, 19],
    test: (d) => ['5018', '5020', '5038', '5893', '6304', '6759', '6761', '6762', '6763'].includes(d.slice(0, 4)),
  },
];

/** The brand whose prefix and length fit, or undefined. */
export function cardBrand(digits: string): string | undefined {
  return BRANDS.find((b) => b.lengths.includes(digits.length) && b.test(digits))?.name;
}

/** Groupings cards are printed in: 4-4-4-4, 4-4-4-4-3, 4-6-5 (Amex), 4-6-4 (Diners), 4-4-4-1..4, one run. */
function cardGrouping(groups: readonly number[]): boolean {
  if (groups.length === 1) return groups[0]! >= 13 && groups[0]! <= 19;
  if (groups.length === 3) return groups[0] === 4 && groups[1] === 6 && (groups[2] === 4 || groups[2] === 5);
  if (groups.length === 4) return groups[0] === 4 && groups[1] === 4 && groups[2] === 4 && groups[3]! >= 1 && groups[3]! <= 7;
  if (groups.length === 5) return groups.slice(0, 4).every((g) => g === 4) && groups[4]! >= 1 && groups[4]! <= 3;
  return false;
}

const CONTEXT = contextRules([
  {
    words: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'american express', 'discover', 'jcb', 'diners', 'unionpay', 'maestro', 'cc', 'ccn', 'pan', 'cvv', 'cvc', 'exp', 'expiry', 'payment', 'pay', 'karte', 'kreditkarte', 'carte', 'kart', 'kredi kartı', 'tarjeta'],
    delta: 0.15,
  },
  { words: ID_WORDS, delta: -0.3, before: 32, after: 12 },
]);

interface Piece {
  start: number;
  end: number;
  groups: number[];
}

/** Splits a candidate into digit groups with their offsets; undefined when separators are mixed or doubled. */
function pieces(text: string, start: number, end: number): Piece[] | undefined {
  const out: Piece[] = [];
  let sep = '';
  let i = start;
  while (i < end) {
    const s = i;
    while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    out.push({ start: s, end: i, groups: [i - s] });
    if (i >= end) break;
    const ch = text[i]!;
    if (sep && ch !== sep) return undefined;
    sep = ch;
    i++;
    if (i < end && !(text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)) return undefined;
  }
  return out;
}

function judge(text: string, start: number, end: number, groups: readonly number[], digits: string): RawFinding | undefined {
  if (!cardGrouping(groups) || !standsAlone(text, start, end)) return undefined;
  const brand = cardBrand(digits);
  if (!brand || !luhnValid(digits)) return undefined;
  const score = new Score(PAYMENT_CARD.score, `${digits.length} digits in card grouping`);
  score.validated(0.8, `${brand} prefix and length, Luhn checksum valid`);
  applyContext(score, text, start, end, CONTEXT);
  const test = isTestCard(digits);
  if (test) documentedNumber(score, text, start, end, `${brand} test card number`);
  const found = report(PAYMENT_CARD, start, end, score, test ? `${brand}, documented test number` : brand);
  if (found && test) found.severity = 'low';
  return found;
}

/**
 * Payment card numbers: 13–19 digits, one run or in brand grouping with single spaces or
 * dashes, a known brand prefix and length (Visa, Mastercard incl. 2-series, Amex, Discover,
 * JCB, Diners, UnionPay, Maestro) and a valid Luhn digit. Documented test numbers (Stripe's
 * 4242 4242 4242 4242) are still card numbers, reported at low severity and a lower score.
 * A space-separated run with an extra short group (expiry, CVV) is tried without it.
 */
export const cardRecognizer: Recognizer = {
  name: 'card',
  rules: [PAYMENT_CARD],
  patterns: [CANDIDATE, ...DOCUMENTED_PATTERNS],
  find(text, env) {
    const out: RawFinding[] = [];
    for (const { start, end } of matchRuns(env.windows, CANDIDATE, 13)) {
      if (env.claimed(start, end)) continue;
      const parts = pieces(text, start, end);
      if (!parts) continue;
      const found = tryWindows(text, parts);
      if (found) out.push(found);
    }
    return out;
  },
};

/** The whole candidate, then (space-separated only) with up to two groups dropped at either end. */
function tryWindows(text: string, parts: readonly Piece[]): RawFinding | undefined {
  if (parts.reduce((n, piece) => n + piece.groups[0]!, 0) < 13) return undefined;
  const spaced = parts.length > 1 && text[parts[0]!.end] === ' ';
  const maxDrop = spaced ? Math.min(2, parts.length - 1) : 0;
  for (let drop = 0; drop <= maxDrop; drop++) {
    for (let lead = 0; lead <= drop; lead++) {
      const slice = parts.slice(lead, parts.length - (drop - lead));
      if (slice.length === 0) continue;
      // Only groups that break the 4-digit rhythm (an expiry, a CVV) may be dropped.
      const dropped = [...parts.slice(0, lead), ...parts.slice(parts.length - (drop - lead))];
      if (dropped.some((piece) => piece.groups[0] === 4)) continue;
      const start = slice[0]!.start;
      const end = slice[slice.length - 1]!.end;
      const digits = slice.map((piece) => text.slice(piece.start, piece.end)).join('');
      if (digits.length < 13 || digits.length > 19) continue;
      const found = judge(text, start, end, slice.map((piece) => piece.groups[0]!), digits);
      if (found) return found;
    }
  }
  return undefined;
}
