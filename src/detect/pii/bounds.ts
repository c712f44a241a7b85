/** Helpers for where a number starts and ends and what it is made of. */

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const LETTER = /[\p{L}\p{N}\p{M}]/u;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c > 0x7f && LETTER.test(String.fromCharCode(c)));

/**
 * True when [start, end) is a whole token: not glued to letters or digits, and not one part of
 * a longer dotted, dashed or slashed run (a version, a UUID, a path of numbers).
 */
export function standsAlone(text: string, start: number, end: number): boolean {
  const prev = start > 0 ? text.charCodeAt(start - 1) : -1;
  const next = end < text.length ? text.charCodeAt(end) : -1;
  if (prev >= 0 && (isDigit(prev) || isAlpha(prev))) return false;
  if (next >= 0 && (isDigit(next) || isAlpha(next))) return false;
  // '.', '-', '/', ':' or ',' joining this number to another alphanumeric token.
  if (prev === 46 || prev === 45 || prev === 47 || prev === 44 || prev === 58) {
    const before = start > 1 ? text.charCodeAt(start - 2) : -1;
    if (before >= 0 && (isDigit(before) || (prev !== 58 && prev !== 44 && isAlpha(before)))) return false;
  }
  if (next === 46 || next === 45 || next === 47 || next === 44 || next === 58) {
    const after = end + 1 < text.length ? text.charCodeAt(end + 1) : -1;
    if (after >= 0 && (isDigit(after) || (next !== 46 && next !== 58 && next !== 44 && isAlpha(after)))) return false;
  }
  // '$123' amounts, '12%' shares.
  if (prev === 36 || next === 37) return false;
  return true;
}

/** The digits of a string. */
export function digitsOf(value: string): string {
  return value.replace(NON_DIGITS, '');
}
const NON_DIGITS = /\D+/g;

/** Lengths of the digit groups of a string: '415-555-2671' → [3, 3, 4]. */
export function groupsOf(value: string): number[] {
  const groups: number[] = [];
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) run++;
    else if (run > 0) {
      groups.push(run);
      run = 0;
    }
  }
  if (run > 0) groups.push(run);
  return groups;
}

/** The separator characters between digits ('' when there are none), deduplicated. */
export function separatorsOf(value: string): string {
  const seen = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) seen.add(value[i]!);
  }
  return [...seen].sort().join('');
}

/**
 * True when the separators are all the same single character, each used once between groups,
 * and either every group boundary the pattern allows has one (`groups`) or none has.
 */
export function evenlySeparated(value: string, groups?: number): boolean {
  if (groups !== undefined) {
    const n = groupsOf(value).length;
    if (n !== 1 && n !== groups) return false;
  }
  const seps = separatorsOf(value);
  if (seps.length === 0) return true;
  if (seps.length > 1) return false;
  return !value.includes(seps + seps) && !value.startsWith(seps) && !value.endsWith(seps);
}

/** Digits that carry no information: one digit repeated, or a straight ascending/descending run. */
export function trivialDigits(digits: string): boolean {
  let same = true;
  for (let i = 1; i < digits.length && same; i++) same = digits[i] === digits[0];
  if (same) return true;
  if ('01234567890123456789'.includes(digits) || '98765432109876543210'.includes(digits)) return true;
  return false;
}
