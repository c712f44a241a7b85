import { ibanCheckDigits, ibanValid } from '../../../../detect/pii/checksums.js';
import { isExampleIban } from '../../../../detect/pii/documented.js';
import { IBAN_LENGTHS } from '../../../../detect/pii/iban.js';
import { UPPER, type Rng } from '../prng.js';

const ALNUM_UPPER = UPPER + '0123456789';

/** BBAN layouts: n = digits, a = upper-case letters, c = letters or digits. */
const LAYOUTS: readonly (readonly [string, string, number])[] = [
  ['DE', '18n', 25],
  ['GB', '4a14n', 15],
  ['FR', '10n11c2n', 15],
  ['ES', '20n', 12],
  ['NL', '4a10n', 10],
  ['IT', '1a10n12c', 8],
  ['BE', '12n', 5],
  ['AT', '16n', 5],
  ['CH', '5n12c', 5],
];
const TABLE = LAYOUTS.map(([country, layout, w]) => [[country, layout] as const, w] as const);

function bban(rng: Rng, layout: string): string {
  let out = '';
  for (const [, n, kind] of layout.matchAll(/(\d{1,3})([nac])/g)) {
    const alphabet = kind === 'n' ? '0123456789' : kind === 'a' ? UPPER : ALNUM_UPPER;
    out += rng.chars(alphabet, Number(n));
  }
  return out;
}

/**
 * An IBAN with valid mod-97 check digits for one of nine countries, printed in groups of four
 * (DE89 3704 0044 0532 0130 00) or compact.
 *
 * @example
 * ibanValid(generateIban(new Rng(1)).replace(/ /g, '')); // true
 */
export function generateIban(rng: Rng): string {
  for (;;) {
    const [country, layout] = rng.weighted(TABLE);
    const b = bban(rng, layout);
    const compact = country + ibanCheckDigits(country, b) + b;
    if (isExampleIban(compact) || /(\d)\1{6}/.test(compact)) continue;
    return rng.chance(0.7) ? compact.replace(/(.{4})(?!$)/g, '$1 ') : compact;
  }
}

/**
 * Whether a canonical IBAN (upper-case, no spaces) has its country's length and valid check digits.
 *
 * @example
 * checkIban('DE89370400440532013000'); // true
 */
export function checkIban(compact: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact) && IBAN_LENGTHS[compact.slice(0, 2)] === compact.length && ibanValid(compact);
}
