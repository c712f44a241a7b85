import type { RawFinding } from '../finding.js';
import { digitsOf, evenlySeparated, standsAlone, trivialDigits } from './bounds.js';
import { nhsCheckDigit } from './checksums.js';
import { applyContext, contextRules, ID_WORDS } from './context.js';
import { matchRuns } from './runs.js';
import { report, Score } from './score.js';
import type { PiiRule, Recognizer } from './types.js';

export const UK_NINO: PiiRule = {
  id: 'pii.uk-nino',
  description: 'UK National Insurance number',
  category: 'national-id',
  severity: 'high',
  score: 0.45,
  attack: 'T1589',
  examples: {
    tp: ['NI number: AB 12 34 56 C', 'National Insurance JT123456A on the payslip', 'nino=ZR654321D', 'His NINO is PH 47 21 90 B.'],
    fp: ['NI number QQ 12 34 56 C (HMRC sample)', 'ref GB123456A', 'code AB123456E', 'BG 12 34 56 A is never issued', 'AO123456A'],
  },
};

export const UK_NHS: PiiRule = {
  id: 'pii.uk-nhs',
  description: 'UK NHS number',
  category: 'national-id',
  severity: 'high',
  score: 0.1,
  attack: 'T1589',
  examples: {
    tp: ['NHS number: 943 476 5919', 'NHS no 4010232137', 'patient NHS No. 401-023-2137'],
    fp: ['NHS number: 943 476 5918', 'Call 943 476 5919', 'NHS 111 1111 111'],
  },
};

const NINO = /\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;
const NHS = /\d{3}[ -]?\d{3}[ -]?\d{4}/g;

/** Prefixes HMRC never allocates (besides the letters the pattern already excludes). */
const NINO_BAD_PREFIX = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

const NINO_CONTEXT = contextRules([
  { words: ['national insurance', 'ni number', 'ni no', 'ni', 'nino', 'nin', 'insurance number', 'hmrc', 'payslip', 'p60', 'p45'], delta: 0.3 },
  { words: ID_WORDS, delta: -0.3, before: 24, after: 8 },
]);
const NHS_CONTEXT = contextRules([
  { words: ['nhs', 'nhs number', 'nhs no', 'health service', 'patient', 'chi number', 'gp'], delta: 0.5, before: 48, after: 24 },
  { words: [...ID_WORDS, 'call', 'phone', 'tel'], delta: -0.3, before: 24, after: 8 },
]);

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The match is not glued to letters or digits in the whole text (windows cut \\b short). */
function letterBounds(text: string, start: number, end: number): boolean {
  return !(start > 0 && isAlnum(text.charCodeAt(start - 1))) && !(end < text.length && isAlnum(text.charCodeAt(end)));
}

/** NHS number: 10 digits, mod-11 check digit (a remainder giving 10 is never issued). */
export function nhsValid(digits: string): boolean {
  return digits.length === 10 && nhsCheckDigit(digits) === digits[9];
}

/**
 * UK National Insurance numbers (two-letter prefix rules, six digits, suffix A–D, optionally
 * in pairs) and NHS numbers (3-3-4, mod-11; reported with NHS context only).
 */
export const ukIdRecognizer: Recognizer = {
  name: 'uk-id',
  rules: [UK_NINO, UK_NHS],
  patterns: [NINO, NHS],
  find(text, env) {
    const out: RawFinding[] = [];
    for (const { start, end, value } of matchRuns(env.windows, NINO, 6)) {
      const spaces = value.split(' ').length - 1;
      if ((spaces !== 0 && spaces !== 4) || !letterBounds(text, start, end) || env.claimed(start, end)) continue;
      const compact = value.replaceAll(' ', '');
      if (NINO_BAD_PREFIX.has(compact.slice(0, 2))) continue;
      const score = new Score(UK_NINO.score, spaces ? 'AA NN NN NN A' : 'AANNNNNNA');
      score.validated(0.6, 'prefix allocatable, suffix A–D');
      if (trivialDigits(compact.slice(2, 8))) score.invalidated(0.3, 'placeholder digits');
      applyContext(score, text, start, end, NINO_CONTEXT);
      const found = report(UK_NINO, start, end, score);
      if (found) out.push(found);
    }
    for (const { start, end, value } of matchRuns(env.windows, NHS, 10)) {
      if (!evenlySeparated(value, 3) || !standsAlone(text, start, end) || env.claimed(start, end)) continue;
      const digits = digitsOf(value);
      if (trivialDigits(digits) || !nhsValid(digits)) continue;
      const score = new Score(UK_NHS.score, '10 digits (3-3-4)');
      score.validated(0.3, 'mod-11 check digit valid');
      applyContext(score, text, start, end, NHS_CONTEXT);
      const found = report(UK_NHS, start, end, score);
      if (found) out.push(found);
    }
    return out;
  },
};
