/**
 * Quality filters: length bounds, a language check and refusal leakage. Each answers
 * `keep(pair) → true | {drop, detail}` and never sees more than the pair.
 *
 * Language: src/text has no language identifier, so the check is a documented heuristic
 * for English: at least 80% of the letters are Latin script and, for texts of 12 words or
 * more, at least 8% of the words are common English function words. Security prose full of
 * identifiers (CVE ids, paths, versions) passes; Cyrillic, CJK or lorem-ipsum text does not.
 */
import type { InstructionPair, QualityOptions, RemovalReason } from './types.js';

export type { QualityOptions } from './types.js';


export const DEFAULT_QUALITY: QualityOptions = {
  minInstructionChars: 10,
  maxInstructionChars: 4000,
  minResponseChars: 20,
  maxResponseChars: 20000,
  language: 'en',
  refusalExemptKinds: ['alignment', 'refusal', 'aligned'],
};

export type Verdict = true | { drop: RemovalReason; detail: string };

const STOPWORDS = new Set(
  'the a an of to in and or is are was were be been by for on with as at from that this it its which can may could an not no if when how what why who does do should use used using via into than then there their these those has have had will would all any'.split(' '),
);
/** Model boilerplate: leakage whatever the pair is. */
const BOILERPLATE = ['as an ai language model', 'as a large language model', 'as an ai assistant', "i'm just an ai", 'i am just an ai', 'my knowledge cutoff', 'my training data'];
/** Refusals: leakage unless the pair is a deliberate (aligned) refusal. */
const REFUSALS = ['i cannot help', "i can't help", 'i cannot assist', "i can't assist", "i'm sorry, but i can", 'i am sorry, but i can', "i'm unable to", 'i am unable to', 'i cannot provide', "i can't provide", 'i will not provide', "i won't provide"];

/**
 * Length bounds on the normalised instruction and response.
 *
 * @example
 * checkLength({ id: '1', instruction: 'hi', response: 'x'.repeat(30), metadata: { source: 'nvd', kind: 'vulnerability', source_ids: [] } }, DEFAULT_QUALITY);
 * // { drop: 'too-short', detail: 'instruction has 2 characters (min 10)' }
 */
export function checkLength(pair: InstructionPair, options: QualityOptions): Verdict {
  const bounds: [string, number, number, number][] = [
    ['instruction', pair.instruction.length, options.minInstructionChars, options.maxInstructionChars],
    ['response', pair.response.length, options.minResponseChars, options.maxResponseChars],
  ];
  for (const [field, length, min, max] of bounds) {
    if (length < min) return { drop: 'too-short', detail: `${field} has ${length} characters (min ${min})` };
    if (length > max) return { drop: 'too-long', detail: `${field} has ${length} characters (max ${max})` };
  }
  return true;
}

/**
 * The English heuristic described in the module comment, on instruction + response.
 *
 * @example
 * checkLanguage({ id: '1', instruction: 'Что такое CVE?', response: 'Это уязвимость в программе.', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: [] } }, DEFAULT_QUALITY).drop; // 'language'
 */
export function checkLanguage(pair: InstructionPair, options: QualityOptions): Verdict {
  if (options.language === 'any') return true;
  const text = `${pair.instruction}\n${pair.response}`;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (letters > 0 && latin / letters < 0.8) return { drop: 'language', detail: `${Math.round((100 * latin) / letters)}% of letters are Latin script (min 80%)` };
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length >= 12) {
    let common = 0;
    for (const word of words) if (STOPWORDS.has(word)) common++;
    if (common / words.length < 0.08) return { drop: 'language', detail: `${Math.round((100 * common) / words.length)}% common English words (min 8%)` };
  }
  return true;
}

/**
 * Refusal leakage in the response: model boilerplate always, refusals unless the pair's
 * kind is exempt (Align's deliberate refusals).
 *
 * @example
 * checkRefusal({ id: '1', instruction: 'Explain CVE-2003-0001.', response: 'As an AI language model, I cannot browse.', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: [] } }, DEFAULT_QUALITY);
 * // { drop: 'refusal-leakage', detail: 'response contains "as an ai language model"' }
 */
export function checkRefusal(pair: InstructionPair, options: QualityOptions): Verdict {
  const response = pair.response.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  for (const phrase of BOILERPLATE) if (response.includes(phrase)) return { drop: 'refusal-leakage', detail: `response contains "${phrase}"` };
  const kind = String(pair.metadata.kind);
  if (options.refusalExemptKinds.includes(kind) || pair.metadata.aligned === true) return true;
  for (const phrase of REFUSALS) if (response.includes(phrase)) return { drop: 'refusal-leakage', detail: `response contains "${phrase}"` };
  return true;
}

/**
 * All quality filters in order; the first that drops the pair decides.
 *
 * @example
 * checkQuality(pair, DEFAULT_QUALITY); // true or { drop, detail }
 */
export function checkQuality(pair: InstructionPair, options: QualityOptions): Verdict {
  for (const check of [checkLength, checkLanguage, checkRefusal]) {
    const verdict = check(pair, options);
    if (verdict !== true) return verdict;
  }
  return true;
}
