import type { RawFinding } from '../finding.js';
import { NAMED_DATE, NUMERIC_DATE, NUMERIC_PARTS, plausibleBirthDate } from './dates.js';
import { report, Score } from './score.js';
import type { PiiRule, Recognizer } from './types.js';

export const DOB: PiiRule = {
  id: 'pii.dob',
  description: 'date of birth',
  category: 'dob',
  severity: 'medium',
  score: 0.3,
  attack: 'T1589',
  examples: {
    tp: ['DOB: 1985-03-12', 'She was born on 12 March 1985 in Leeds.', 'Geburtsdatum: 04.07.1979', 'né le 3 février 1990 à Lyon', 'Doğum tarihi: 15.01.1992', 'date of birth 07/14/1988'],
    fp: ['Released on 12 March 2021', 'The invoice is dated 04.07.1979', 'born in 1985 in Leeds', 'DOB: 31.02.1985', 'Meeting 2024-01-15 09:00'],
  },
};

/** Words that announce a birth date; the date must follow within WINDOW characters. */
const CUE = /\b(?:born|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|geboren|geb\.|geburtsdatum|geburtstag|née?|naissance|doğum|dogum|nacid[oa]|nacimiento)|जन्म/gi;
const WINDOW = 48;
/** A four-digit year 19xx/20xx or a short-year numeric date. */
const YEARISH = /(?:19|20)\d\d|^\d{1,2}[./-]\d{1,2}[./-]\d\d$/;

/** Dates of birth: a real calendar date (several formats and languages) right after a birth cue. */
export const dobRecognizer: Recognizer = {
  name: 'dob',
  rules: [DOB],
  patterns: [CUE, NUMERIC_DATE, NAMED_DATE, YEARISH, NUMERIC_PARTS],
  find(text, env) {
    const out: RawFinding[] = [];
    const seen = new Set<number>();
    for (const run of env.runs) {
      // Only runs holding a year (or a dd.mm.yy date) can end a date; look back for a cue.
      const value = text.slice(run.start, run.end);
      if (!YEARISH.test(value)) continue;
      const cue = lastCue(text, Math.max(0, run.start - WINDOW - 32), run.start);
      if (!cue) continue;
      // Read a little past the window so a date starting inside it is not cut short.
      const window = text.slice(cue.end, Math.min(text.length, cue.end + WINDOW + 24));
      const date = firstBirthDate(window);
      if (!date || date.index > WINDOW) continue;
      const start = cue.end + date.index;
      const end = start + date.length;
      if (seen.has(start) || env.claimed(start, end)) continue;
      seen.add(start);
      const score = new Score(DOB.score, date.named ? 'date with month name' : 'numeric date');
      score.validated(0.5, 'real calendar day, plausible birth year');
      score.context(0.35, `birth cue "${cue.word}" before the date (+0.35)`);
      const found = report(DOB, start, end, score);
      if (found) out.push(found);
    }
    return out;
  },
};

/** The last birth cue in [from, to) that is a whole word. */
function lastCue(text: string, from: number, to: number): { end: number; word: string } | undefined {
  const window = text.slice(from, to);
  let best: { end: number; word: string } | undefined;
  CUE.lastIndex = 0;
  for (let m = CUE.exec(window); m; m = CUE.exec(window)) {
    const end = from + m.index + m[0].length;
    const next = text[end];
    if (next !== undefined && /[\p{L}\d]/u.test(next) && !m[0].endsWith('.')) continue; // 'bornholm', 'doberman'
    best = { end, word: m[0].toLowerCase() };
  }
  return best;
}

/** The earliest plausible birth date in `window`, numeric or named. */
function firstBirthDate(window: string): { index: number; length: number; named: boolean } | undefined {
  let best: { index: number; length: number; named: boolean } | undefined;
  for (const re of [NUMERIC_DATE, NAMED_DATE]) {
    re.lastIndex = 0;
    for (let m = re.exec(window); m; m = re.exec(window)) {
      if (best && m.index >= best.index) break;
      if (!plausibleBirthDate(m[0])) continue;
      best = { index: m.index, length: m[0].length, named: re === NAMED_DATE };
      break;
    }
  }
  return best;
}
