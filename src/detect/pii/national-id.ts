import type { RawFinding } from '../finding.js';
import { evenlySeparated, separatorsOf, standsAlone, trivialDigits, digitsOf } from './bounds.js';
import { iso7064Mod1110CheckDigit, tcKimlikValid, verhoeffValid } from './checksums.js';
import { applyContext, contextRules, ID_WORDS, type ContextRule } from './context.js';
import { matchRuns } from './runs.js';
import { report, Score } from './score.js';
import type { PiiRule, Recognizer } from './types.js';

/*
 * National ids whose checksum alone passes one random number in 10 or 100: they are reported
 * only with their context words nearby (score 0.3 after the checksum, +0.5 with context).
 */

export const TR_TCKN: PiiRule = {
  id: 'pii.tr-tckn',
  description: 'Turkish national identity number (TC Kimlik No)',
  category: 'national-id',
  severity: 'high',
  score: 0.1,
  attack: 'T1589',
  examples: {
    tp: ['TC Kimlik No: 10000000146', 'T.C. kimlik numarası 31735698798 olarak kayıtlı', 'TCKN 52907331022'],
    fp: ['TC Kimlik No: 10000000147', 'order 10000000146 shipped', 'TC kimlik 01234567890'],
  },
};

export const DE_STEUER_ID: PiiRule = {
  id: 'pii.de-steuer-id',
  description: 'German tax identification number (Steuer-IdNr)',
  category: 'national-id',
  severity: 'high',
  score: 0.1,
  attack: 'T1589',
  examples: {
    tp: ['Steuer-ID: 86095742719', 'Steuerliche Identifikationsnummer 65 929 970 489', 'Ihre IdNr. lautet 26954371827'],
    fp: ['Steuer-ID: 86095742718', 'Rechnung 86095742719 bezahlt', 'Steuer-ID 11111111111'],
  },
};

export const IN_AADHAAR: PiiRule = {
  id: 'pii.in-aadhaar',
  description: 'Indian Aadhaar number',
  category: 'national-id',
  severity: 'high',
  score: 0.1,
  attack: 'T1589',
  examples: {
    tp: ['Aadhaar: 2345 6789 0124', 'my aadhar number is 499118665246', 'UIDAI no. 6457-2154-2331'],
    fp: ['Aadhaar: 2345 6789 0123', 'Aadhaar 1234 5678 9012', 'invoice 2345 6789 0124 paid'],
  },
};

const ELEVEN = /[1-9]\d(?: ?\d{3}){3}/g;
const TWELVE = /[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}/g;

const TCKN_CONTEXT = contextRules([
  { words: ['tc', 't.c.', 'tckn', 'tc no', 'kimlik', 'kimlik no', 'kimlik numarası', 'tc kimlik', 'nüfus', 'vatandaşlık', 'turkish id', 'identity number', 'national id'], delta: 0.5, before: 48, after: 24 },
  { words: ID_WORDS, delta: -0.3, before: 24, after: 8 },
]);
const STEUER_CONTEXT = contextRules([
  {
    words: ['steuer-id', 'steuerid', 'steuer-idnr', 'steueridentifikationsnummer', 'steuer-identifikationsnummer', 'steuerliche identifikationsnummer', 'identifikationsnummer', 'idnr', 'idnr.', 'tin', 'tax id', 'tax identification', 'steuernummer'],
    delta: 0.5,
    before: 48,
    after: 24,
  },
  { words: ID_WORDS, delta: -0.3, before: 24, after: 8 },
]);
const AADHAAR_CONTEXT = contextRules([
  { words: ['aadhaar', 'aadhar', 'adhaar', 'aadhaar no', 'uidai', 'uid', 'आधार', 'enrolment', 'e-kyc', 'ekyc'], delta: 0.5, before: 48, after: 24 },
  { words: ID_WORDS, delta: -0.3, before: 24, after: 8 },
]);

/** German tax id: 11 digits, first not 0; in the first ten one digit occurs two or three times (three not adjacent), the rest once at most; ISO 7064 MOD 11,10 check digit. */
export function steuerIdValid(digits: string): boolean {
  if (digits.length !== 11 || digits[0] === '0') return false;
  const body = digits.slice(0, 10);
  const counts = new Array<number>(10).fill(0);
  for (const ch of body) counts[Number(ch)]!++;
  const repeated = counts.filter((n) => n > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  if (repeated[0] === 3) {
    for (let i = 2; i < 10; i++) if (body[i] === body[i - 1] && body[i] === body[i - 2]) return false;
  }
  return iso7064Mod1110CheckDigit(body) === digits[10];
}

function judge(rule: PiiRule, context: readonly ContextRule[], text: string, start: number, end: number, shape: string, valid: string): RawFinding | undefined {
  const score = new Score(rule.score, shape);
  score.validated(0.3, valid);
  applyContext(score, text, start, end, context);
  return report(rule, start, end, score);
}

/** TC Kimlik No, Steuer-IdNr and Aadhaar numbers, each with its checksum and context. */
export const digitIdRecognizer: Recognizer = {
  name: 'national-id-digits',
  rules: [TR_TCKN, DE_STEUER_ID, IN_AADHAAR],
  patterns: [ELEVEN, TWELVE],
  find(text, env) {
    const out: RawFinding[] = [];
    for (const { start, end, value } of matchRuns(env.windows, ELEVEN, 11)) {
      if (!evenlySeparated(value, 4) || !standsAlone(text, start, end) || env.claimed(start, end)) continue;
      const digits = digitsOf(value);
      if (trivialDigits(digits)) continue;
      const spaced = separatorsOf(value) === ' ';
      if (!spaced && tcKimlikValid(digits)) {
        const found = judge(TR_TCKN, TCKN_CONTEXT, text, start, end, '11 digits, first not 0', 'TC Kimlik checksum digits 10 and 11 valid');
        if (found) {
          out.push(found);
          continue;
        }
      }
      if (steuerIdValid(digits)) {
        const found = judge(DE_STEUER_ID, STEUER_CONTEXT, text, start, end, spaced ? '11 digits as NN NNN NNN NNN' : '11 digits', 'digit pattern and ISO 7064 MOD 11,10 check digit valid');
        if (found) out.push(found);
      }
    }
    for (const { start, end, value } of matchRuns(env.windows, TWELVE, 12)) {
      if (!evenlySeparated(value, 3) || !standsAlone(text, start, end) || env.claimed(start, end)) continue;
      const digits = digitsOf(value);
      if (trivialDigits(digits) || !verhoeffValid(digits)) continue;
      const found = judge(IN_AADHAAR, AADHAAR_CONTEXT, text, start, end, '12 digits, first 2–9', 'Verhoeff check digit valid');
      if (found) out.push(found);
    }
    return out;
  },
};
