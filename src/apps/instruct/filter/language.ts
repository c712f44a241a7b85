/**
 * A small "is this English?" check for record descriptions, enough to keep the dataset English
 * without a language-id model: text mostly in non-Latin scripts is not English; Latin-script
 * text is judged by function words (English ones against German, French, Spanish, Italian,
 * Portuguese and Dutch ones). Product names and identifiers carry no function words, so they
 * do not tip the balance.
 */

const ENGLISH = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'with', 'by', 'an', 'be', 'or', 'on', 'as', 'this', 'via', 'allows', 'from', 'which', 'when', 'may', 'are', 'could', 'can', 'before', 'through', 'not', 'it']);

const OTHER = new Set([
  // German
  'der', 'die', 'das', 'und', 'ist', 'von', 'zu', 'mit', 'den', 'ein', 'eine', 'nicht', 'auf', 'es', 'wenn', 'erlaubt', 'bei', 'durch', 'wird', 'werden',
  // French
  'le', 'la', 'les', 'des', 'et', 'est', 'une', 'dans', 'pour', 'qui', 'sur', 'avec', 'par', 'permet', 'du', 'au', 'aux', 'sont',
  // Spanish / Portuguese / Italian
  'el', 'los', 'las', 'que', 'en', 'de', 'del', 'una', 'por', 'con', 'para', 'permite', 'um', 'uma', 'os', 'não', 'il', 'di', 'che', 'della', 'gli', 'sono',
  // Dutch
  'het', 'een', 'niet', 'van', 'voor', 'maakt', 'kan',
]);

/** Share of letters outside the Latin script above which a text is taken as not English. */
const NON_LATIN_SHARE = 0.3;

/**
 * True when the text is clearly not English. Short or ambiguous text counts as English (the
 * classifier still sees it).
 *
 * @example
 * isNonEnglish('Una vulnerabilidad en el formulario permite a los atacantes ejecutar código.'); // true
 * isNonEnglish('A flaw in the parser allows remote attackers to run code.'); // false
 */
export function isNonEnglish(text: string): boolean {
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  let letters = 0;
  let latin = 0;
  for (const ch of sample) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    if (/\p{Script=Latin}/u.test(ch)) latin++;
  }
  if (letters >= 10 && (letters - latin) / letters > NON_LATIN_SHARE) return true;
  let english = 0;
  let other = 0;
  for (const word of sample.toLowerCase().split(/[^\p{L}]+/u)) {
    if (ENGLISH.has(word)) english++;
    else if (OTHER.has(word)) other++;
  }
  return other >= 3 && other > 2 * english;
}
