/**
 * Check-digit algorithms of the identifiers PII rules validate. Each takes digits only
 * (callers strip separators) and is exported with the function that computes the check digit,
 * so tests and the eval generator can build valid numbers.
 */

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/**
 * Luhn (mod 10) over a digit string, check digit last.
 *
 * @example
 * luhnValid('4111111111111111'); // true
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digit(digits, i);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** The Luhn digit to append to `body`. */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return String(d);
  return '0';
}

/** Remainder of a decimal string mod 97, computed piecewise (no big integers). */
export function mod97(numeric: string): number {
  let rem = 0;
  for (let i = 0; i < numeric.length; i += 7) rem = Number(String(rem) + numeric.slice(i, i + 7)) % 97;
  return rem;
}

/**
 * IBAN check (ISO 13616): country and check digits moved to the end, letters as 10..35,
 * the whole mod 97 must be 1. Input: upper-case, no spaces.
 *
 * @example
 * ibanValid('DE89370400440532013000'); // true
 */
export function ibanValid(iban: string): boolean {
  return mod97(ibanNumeric(iban.slice(4) + iban.slice(0, 4))) === 1;
}

function ibanNumeric(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
    else if (c >= 65 && c <= 90) out += String(c - 55);
    else return 'x';
  }
  return out;
}

/** The two IBAN check digits for country + BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rem = mod97(ibanNumeric(bban + country + '00'));
  return String(98 - rem).padStart(2, '0');
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/**
 * Verhoeff checksum (Aadhaar), check digit last.
 *
 * @example
 * verhoeffValid('2363'); // true
 */
export function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = digits.length - 1, pos = 0; i >= 0; i--, pos++) c = VERHOEFF_D[c]![VERHOEFF_P[pos % 8]![digit(digits, i)]!]!;
  return c === 0;
}

/** The Verhoeff digit to append to `body`. */
export function verhoeffCheckDigit(body: string): string {
  let c = 0;
  for (let i = body.length - 1, pos = 1; i >= 0; i--, pos++) c = VERHOEFF_D[c]![VERHOEFF_P[pos % 8]![digit(body, i)]!]!;
  return String(VERHOEFF_INV[c]);
}

/** ISO 7064 MOD 11,10 check digit of `body` (German tax id over its first 10 digits). */
export function iso7064Mod1110CheckDigit(body: string): string {
  let product = 10;
  for (let i = 0; i < body.length; i++) {
    let sum = (digit(body, i) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return String(check === 10 ? 0 : check);
}

/** NHS number check digit over the first 9 digits (weights 10..2, mod 11); undefined when 10. */
export function nhsCheckDigit(body: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += digit(body, i) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return String(check === 11 ? 0 : check);
}

/** Turkish TC Kimlik No: 11 digits, first not 0, digits 10 and 11 are checksums. */
export function tcKimlikValid(digits: string): boolean {
  if (digits.length !== 11 || digits[0] === '0') return false;
  return digits.slice(9) === tcKimlikCheckDigits(digits.slice(0, 9));
}

/** The two TC Kimlik check digits for the first 9 digits. */
export function tcKimlikCheckDigits(body: string): string {
  let odd = 0;
  let even = 0;
  for (let i = 0; i < 9; i++) {
    if (i % 2 === 0) odd += digit(body, i);
    else even += digit(body, i);
  }
  const d10 = (((odd * 7 - even) % 10) + 10) % 10;
  let total = d10;
  for (let i = 0; i < 9; i++) total += digit(body, i);
  return `${d10}${total % 10}`;
}

/** French NIR key: 97 − (13-digit body mod 97), Corsica 2A/2B read as 19/18. */
export function nirKey(body: string): string {
  const numeric = body.replace('2A', '19').replace('2B', '18');
  return String(97 - mod97(numeric)).padStart(2, '0');
}
