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
    fp: ['Released on 12 March 2021', 'The invoice is dated 04.07.1979', 'born in 1985 in Leeds', 'DOB: 31.02.1985', 'Meeting 2024-01-15 09:00', 'Python was born on 20 February 1991 at CWI.', 'The project was born on 3 May 2009 in a garage.'],
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
      const thing = VERB_CUES.has(cue.word) ? nonPersonSubject(text, cue.end - cue.word.length) : undefined;
      if (thing) score.invalidated(0.5, `"${thing}" is not a person (a product, project, organisation or idea)`);
      const found = report(DOB, start, end, score);
      if (found) out.push(found);
    }
    return out;
  },
};

/** Cues that are verbs with a subject ("X was born on ..."), unlike labels ("DOB:"). */
const VERB_CUES: ReadonlySet<string> = new Set(['born', 'geboren', 'né', 'née', 'nacido', 'nacida']);

/**
 * Subjects that are born without being people: software, companies, projects and ideas. A
 * small list of names the answers of an assistant talk about, and the nouns after "the".
 */
const NON_PERSON_NAMES: ReadonlySet<string> = new Set([
  'linux', 'unix', 'python', 'java', 'javascript', 'typescript', 'ruby', 'perl', 'php', 'rust', 'golang', 'git', 'github', 'gitlab', 'google',
  'apple', 'microsoft', 'amazon', 'ibm', 'intel', 'netflix', 'facebook', 'twitter', 'youtube', 'wikipedia', 'bitcoin', 'ethereum', 'windows',
  'android', 'iphone', 'mozilla', 'firefox', 'chrome', 'debian', 'ubuntu', 'docker', 'kubernetes', 'node.js', 'nodejs', 'react', 'html', 'css',
  'arpanet', 'internet', 'web', 'apache', 'nginx', 'mysql', 'postgresql', 'postgres', 'emacs', 'vim', 'openai', 'chatgpt', 'tesla', 'spacex',
  'nintendo', 'sony', 'samsung', 'wordpress', 'minecraft', 'pokémon', 'pokemon', 'mcdonalds', "mcdonald's", 'nasa', 'cern', 'esa',
]);
const NON_PERSON_NOUNS: ReadonlySet<string> = new Set([
  'project', 'company', 'idea', 'language', 'product', 'platform', 'startup', 'movement', 'format', 'protocol', 'standard', 'framework',
  'library', 'website', 'site', 'app', 'game', 'series', 'show', 'magazine', 'newspaper', 'band', 'brand', 'city', 'town', 'country',
  'republic', 'nation', 'state', 'party', 'club', 'team', 'concept', 'genre', 'style', 'kernel', 'browser', 'software', 'tool', 'engine',
  'firm', 'organization', 'organisation', 'foundation', 'network', 'service', 'system', 'church', 'university', 'school', 'museum',
]);
const SUBJECT_VERBS: ReadonlySet<string> = new Set(['was', 'is', 'were', 'got', 'been', 'has', 'had', 'wurde', 'ist', 'est', 'fue']);

const QUOTES = new Set(['"', "'", '(', ')', '“', '”']);

/** Strips quotes and brackets from both ends (a loop, not an end-anchored regex: no backtracking). */
function trimQuotes(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && QUOTES.has(word[start]!)) start++;
  while (end > start && QUOTES.has(word[end - 1]!)) end--;
  return word.slice(start, end);
}

/** The subject of "X was born" when it names a thing rather than a person, else undefined. */
function nonPersonSubject(text: string, cueStart: number): string | undefined {
  const words = text.slice(Math.max(0, cueStart - 60), cueStart).split(/[\s,;:]+/).filter((w) => w.length > 0);
  while (words.length > 0 && SUBJECT_VERBS.has(words.at(-1)!.toLowerCase())) words.pop();
  const subject = trimQuotes(words.at(-1)?.toLowerCase() ?? '');
  if (!subject) return undefined;
  if (NON_PERSON_NAMES.has(subject)) return subject;
  const article = words.at(-2)?.toLowerCase();
  if ((article === 'the' || article === 'this' || article === 'our' || article === 'its') && NON_PERSON_NOUNS.has(subject)) return `${article} ${subject}`;
  return undefined;
}

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
