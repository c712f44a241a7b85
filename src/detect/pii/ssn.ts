import type { RawFinding } from '../finding.js';
import { evenlySeparated, separatorsOf, standsAlone, trivialDigits } from './bounds.js';
import { applyContext, contextRules, hasPositiveContext, ID_WORDS } from './context.js';
import { matchRuns } from './runs.js';
import { report, Score } from './score.js';
import type { PiiRule, Recognizer } from './types.js';

export const US_SSN: PiiRule = {
  id: 'pii.us-ssn',
  description: 'US Social Security number',
  category: 'ssn',
  severity: 'high',
  score: 0.45,
  attack: 'T1589',
  examples: {
    tp: ['Her SSN is 512-44-7821.', 'social security number: 401 22 3344', 'SSN#536901234 on the form', 'Applicant 212-67-4409 was approved'],
    fp: ['SSN 666-12-3456 is not issuable', 'Example SSN 078-05-1120 from the wallet insert', 'Part 212-67-4409 in stock', 'social security 900-12-3456', 'number 536901234 in the batch'],
  },
};

const CANDIDATE = /\d{3}[- ]?\d{2}[- ]?\d{4}/g;

/** Numbers published in advertising or documentation, never assigned to a person. */
const KNOWN_FAKE = new Set(['078051120', '219099999', '123456789', '111111111', '457555462']);

const SSN_WORDS = ['ssn', 'ssns', 'ss#', 'ssn#', 'social security', 'social security number', 'social sec', 'ss number', 'ss no', 'taxpayer', 'tin', 'itin'];
const CONTEXT = contextRules([
  { words: SSN_WORDS, delta: 0.35, before: 48, after: 24 },
  { words: [...ID_WORDS, 'phone', 'tel', 'telefon', 'call', 'mobile', 'zip', 'fax'], delta: -0.35, before: 32, after: 12 },
]);

/** Area 001–665, 667–899; group 01–99; serial 0001–9999 (SSA rules since 2011 randomisation). */
export function ssnRangesValid(digits: string): boolean {
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}

/**
 * US SSNs: AAA-GG-SSSS (dashes), with spaces (weaker), or nine bare digits next to SSN
 * context only. Invalid ranges (000, 666, 9xx area; 00 group; 0000 serial) and numbers known
 * from advertising are rejected.
 */
export const ssnRecognizer: Recognizer = {
  name: 'ssn',
  rules: [US_SSN],
  patterns: [CANDIDATE],
  find(text, env) {
    const out: RawFinding[] = [];
    for (const { start, end, value } of matchRuns(env.windows, CANDIDATE, 9)) {
      if (!evenlySeparated(value, 3) || !standsAlone(text, start, end) || env.claimed(start, end)) continue;
      const sep = separatorsOf(value);
      const digits = value.replace(/\D/g, '');
      const bare = sep === '';
      if (bare && !hasPositiveContext(text, start, end, CONTEXT)) continue;
      const score = new Score(sep === '-' ? US_SSN.score : sep === ' ' ? 0.2 : 0.1, sep === '-' ? 'AAA-GG-SSSS' : sep === ' ' ? 'AAA GG SSSS' : 'nine digits');
      if (!ssnRangesValid(digits)) continue;
      score.validated(score.value + 0.15, 'area, group and serial in issued ranges');
      if (KNOWN_FAKE.has(digits) || trivialDigits(digits)) score.invalidated(1, 'advertising or placeholder number');
      applyContext(score, text, start, end, CONTEXT);
      const finding = report(US_SSN, start, end, score);
      if (finding) out.push(finding);
    }
    return out;
  },
};
