import { cardBrand } from '../../../../detect/pii/card.js';
import { luhnCheckDigit, luhnValid } from '../../../../detect/pii/checksums.js';
import { isTestCard } from '../../../../detect/pii/documented.js';
import type { Rng } from '../prng.js';

interface BrandShape {
  brand: string;
  prefixes: readonly string[];
  length: number;
  /** Printed digit groups. */
  groups: readonly number[];
  weight: number;
}

const SHAPES: readonly BrandShape[] = [
  { brand: 'Visa', prefixes: ['4'], length: 16, groups: [4, 4, 4, 4], weight: 40 },
  { brand: 'Mastercard', prefixes: ['51', '52', '53', '54', '55', '2221', '2300', '2500', '2720'], length: 16, groups: [4, 4, 4, 4], weight: 30 },
  { brand: 'Amex', prefixes: ['34', '37'], length: 15, groups: [4, 6, 5], weight: 14 },
  { brand: 'Discover', prefixes: ['6011', '65', '644', '649'], length: 16, groups: [4, 4, 4, 4], weight: 8 },
  { brand: 'JCB', prefixes: ['3528', '3530', '3566', '3589'], length: 16, groups: [4, 4, 4, 4], weight: 5 },
  { brand: 'Diners Club', prefixes: ['36', '38', '300', '305'], length: 14, groups: [4, 6, 4], weight: 3 },
];
const TABLE = SHAPES.map((s) => [s, s.weight] as const);

export interface Card {
  /** As printed in the text. */
  text: string;
  digits: string;
  brand: string;
}

/**
 * A Luhn-valid card number with a real brand prefix and length, printed in the brand's
 * grouping (Visa/Mastercard 4-4-4-4, Amex 4-6-5, Diners 4-6-4) with spaces, dashes or none.
 * Documented test numbers and runs of seven equal digits are drawn again.
 *
 * @example
 * const card = generateCard(new Rng(1));
 * luhnValid(card.digits); // true
 */
export function generateCard(rng: Rng): Card {
  for (;;) {
    const shape = rng.weighted(TABLE);
    const prefix = rng.pick(shape.prefixes);
    const body = prefix + rng.digits(shape.length - prefix.length - 1);
    const digits = body + luhnCheckDigit(body);
    if (isTestCard(digits) || /(\d)\1{5}/.test(digits)) continue;
    const sep = rng.weighted([[' ', 6], ['-', 2], ['', 1]] as const);
    let text = '';
    let at = 0;
    for (const g of shape.groups) {
      if (at > 0) text += sep;
      text += digits.slice(at, at + g);
      at += g;
    }
    return { text, digits, brand: shape.brand };
  }
}

/**
 * Whether a canonical PAN (digits only) is a card number: 13–19 digits, a known brand
 * prefix and length, and a valid Luhn digit.
 *
 * @example
 * checkPan('4539148803436467'); // true
 */
export function checkPan(digits: string): boolean {
  return /^\d{13,19}$/.test(digits) && luhnValid(digits) && cardBrand(digits) !== undefined;
}
