/** Calendar dates as people write them: numeric (D/M/Y, M/D/Y, Y-M-D) and with month names. */

const MONTHS: Readonly<Record<string, number>> = {};
const NAMES: readonly (readonly string[])[] = [
  ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'ocak', 'enero', 'ene'],
  ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'fevr', 'şubat', 'subat', 'febrero'],
  ['march', 'mar', 'märz', 'maerz', 'mars', 'mart', 'marzo'],
  ['april', 'apr', 'avril', 'avr', 'nisan', 'abril', 'abr'],
  ['may', 'mai', 'mayıs', 'mayis', 'mayo'],
  ['june', 'jun', 'juni', 'juin', 'haziran', 'junio'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'temmuz', 'julio'],
  ['august', 'aug', 'août', 'aout', 'ağustos', 'agustos', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'eylül', 'eylul', 'septiembre', 'setiembre'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'ekim', 'octubre'],
  ['november', 'nov', 'novembre', 'kasım', 'kasim', 'noviembre'],
  ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'aralık', 'aralik', 'diciembre', 'dic'],
];
NAMES.forEach((names, i) => {
  for (const n of names) (MONTHS as Record<string, number>)[n] = i + 1;
});

/** Month name alternation, longest first so 'march' wins over 'mar'. */
const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** 12/03/1985, 12.03.85, 1985-03-12, 1985/03/12 */
export const NUMERIC_DATE = /\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))\b/g;
/** 12 March 1985, 12. März 1985, 12th of March, 1985; March 12, 1985; 15 Ocak 1990 */
export const NAMED_DATE = new RegExp(
  `(?:\\b\\d{1,2}(?:st|nd|rd|th|er)?\\.? ?(?:of )?(?:${MONTH_ALT})\\.?,? \\d{4}|(?:${MONTH_ALT})\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4})(?![A-Za-z\\u00c0-\\u024f\\d])`,
  'gi',
);

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const fullYear = (y: number, digits: number): number => (digits === 2 ? (y > 30 ? 1900 + y : 2000 + y) : y);
const validDay = (y: number, m: number, d: number): boolean =>
  m >= 1 && m <= 12 && d >= 1 && d <= DAYS[m - 1]! && !(m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));

/** A plausible birth year: 1900..2030. */
const birthYear = (y: number): boolean => y >= 1900 && y <= 2030;

/** True when `value` (a NUMERIC_DATE or NAMED_DATE match) is a real calendar day with a plausible birth year. */
export function plausibleBirthDate(value: string): boolean {
  const numbers = value.match(/\d+/g)?.map(Number) ?? [];
  const lengths = value.match(/\d+/g)?.map((s) => s.length) ?? [];
  if (numbers.length === 3) {
    const seps = value.replace(/\d/g, '');
    if (seps.length === 2 && seps[0] !== seps[1]) return false;
    const [a, b, c] = numbers as [number, number, number];
    if (lengths[0] === 4) return birthYear(a) && validDay(a, b, c);
    const y = fullYear(c, lengths[2]!);
    return birthYear(y) && (validDay(y, b, a) || validDay(y, a, b));
  }
  if (numbers.length === 2) {
    const name = value.toLowerCase().match(/\p{L}{3,}/gu)?.find((w) => MONTHS[w] !== undefined);
    const month = name ? MONTHS[name] : undefined;
    const [d, y] = numbers as [number, number];
    return month !== undefined && birthYear(y) && validDay(y, month, d);
  }
  return false;
}

export const NUMERIC_PARTS = /^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$/;

/** True when `value` reads as a numeric calendar date (any year), e.g. 2024-01-15 or 15.01.2024. */
export function looksLikeDate(value: string): boolean {
  const m = NUMERIC_PARTS.exec(value);
  if (!m) return false;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const c = Number(m[3]);
  if (m[1]!.length === 4) return validDay(a, b, c);
  if (m[3]!.length === 3) return false;
  const y = fullYear(c, m[3]!.length);
  return validDay(y, b, a) || validDay(y, a, b);
}
