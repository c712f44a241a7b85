import type { RawFinding } from '../finding.js';
import { ibanValid } from './checksums.js';
import { applyContext, contextRules } from './context.js';
import { documentedNumber, isExampleIban } from './documented.js';
import { report, Score } from './score.js';
import type { PiiRule, Recognizer } from './types.js';

export const IBAN: PiiRule = {
  id: 'pii.iban',
  description: 'IBAN bank account number',
  category: 'iban',
  severity: 'high',
  score: 0.5,
  examples: {
    tp: ['IBAN: DE89 3704 0044 0532 0130 00', 'wire it to GB82WEST12345698765432 today', 'Compte FR14 2004 1010 0505 0001 3M02 606.', 'TR33 0006 1005 1978 6457 8413 26 (Garanti)'],
    fp: ['IBAN DE89 3704 0044 0532 0130 01', 'code XX12 3456 7890 1234 5678 90', 'GB82WEST1234569876543 is one short', 'DE89370400440532013000123 is too long'],
  },
};

/** IBAN lengths by country (SWIFT IBAN registry): all SEPA countries and every other IBAN country. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};


const CONTEXT = contextRules([
  { words: ['iban', 'bank', 'account', 'konto', 'kontonummer', 'compte', 'rib', 'hesap', 'cuenta', 'wire', 'transfer', 'überweisung', 'virement', 'sepa', 'bic', 'swift'], delta: 0.05 },
]);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number): boolean => isDigit(c) || isLetter(c);

/**
 * Reads an IBAN of `length` characters at `start`: one run, or the printed form in groups of
 * four separated by single spaces. Returns the end offset and the compact upper-case value.
 */
function readIban(text: string, start: number, length: number): { end: number; compact: string } | undefined {
  for (const printed of [false, true]) {
    const span = printed ? length + Math.floor((length - 1) / 4) : length;
    const end = start + span;
    if (end > text.length) continue;
    let compact = '';
    let ok = true;
    for (let i = 0; i < span && ok; i++) {
      const c = text.charCodeAt(start + i);
      if (printed && i % 5 === 4) ok = c === 32;
      else if (isAlnum(c)) compact += text[start + i];
      else ok = false;
    }
    if (ok && (end >= text.length || !isAlnum(text.charCodeAt(end)))) return { end, compact: compact.toUpperCase() };
  }
  return undefined;
}

/**
 * IBANs of every IBAN country: the country's registered length, compact or printed in groups
 * of four, and a valid ISO 7064 mod-97 check.
 */
export const ibanRecognizer: Recognizer = {
  name: 'iban',
  rules: [IBAN],
  patterns: [],
  find(text, env) {
    const out: RawFinding[] = [];
    for (const run of env.runs) {
      // Two letters right before a run that starts with the two check digits.
      const at = run.start - 2;
      if (at < 0 || !isLetter(text.charCodeAt(at)) || !isLetter(text.charCodeAt(at + 1)) || !isDigit(text.charCodeAt(run.start + 1))) continue;
      if (at > 0 && isAlnum(text.charCodeAt(at - 1))) continue;
      const letters = text.slice(at, at + 2);
      const country = letters.toUpperCase();
      const length = IBAN_LENGTHS[country];
      // Letters of one case only: 'De89…' is a word, not an IBAN.
      if (length === undefined || (letters !== country && letters !== letters.toLowerCase())) continue;
      const read = readIban(text, at, length);
      if (!read || env.claimed(at, read.end)) continue;
      if (!/^[A-Z0-9]+$/.test(read.compact.slice(4)) || !ibanValid(read.compact)) continue;
      const score = new Score(IBAN.score, `${country} IBAN shape, ${length} characters`);
      score.validated(0.95, 'registered length and mod-97 check digits valid');
      applyContext(score, text, at, read.end, CONTEXT);
      const example = isExampleIban(read.compact);
      if (example) documentedNumber(score, text, at, read.end, 'example IBAN');
      const finding = report(IBAN, at, read.end, score, example ? `${country}, documented example` : country);
      if (finding && example) finding.severity = 'low';
      if (finding) out.push(finding);
    }
    return out;
  },
};
