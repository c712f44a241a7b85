import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Rng } from '../prng.js';

interface Plan {
  country: CountryCode;
  cc: string;
  weight: number;
  /** A national significant number (no trunk prefix). */
  nsn: (rng: Rng) => string;
}

const US_AREAS = ['201', '202', '206', '212', '213', '214', '305', '312', '404', '408', '415', '503', '512', '602', '617', '646', '702', '713', '718', '720', '805', '818', '917', '919'];

const PLANS: readonly Plan[] = [
  { country: 'US', cc: '1', weight: 30, nsn: (r) => r.pick(US_AREAS) + String(r.range(2, 9)) + exchangeTail(r) + r.digits(4) },
  { country: 'GB', cc: '44', weight: 14, nsn: (r) => '7' + r.pick(['4', '5', '7', '8', '9']) + r.digits(8) },
  // German mobiles as issued: 015x + 8 digits (first not 0), 016x/017x (0160, 0170–0175) + 7 digits.
  { country: 'DE', cc: '49', weight: 12, nsn: (r) => (r.chance(0.5) ? r.pick(['151', '152', '157']) + String(r.range(1, 9)) + r.digits(7) : r.pick(['160', '170', '171', '172', '173', '174', '175']) + r.digits(7)) },
  { country: 'FR', cc: '33', weight: 10, nsn: (r) => r.pick(['6', '7']) + r.digits(8) },
  { country: 'ES', cc: '34', weight: 8, nsn: (r) => r.pick(['6', '7']) + r.digits(8) },
  { country: 'IN', cc: '91', weight: 10, nsn: (r) => r.pick(['7', '8', '9']) + r.digits(9) },
  { country: 'TR', cc: '90', weight: 8, nsn: (r) => '5' + r.pick(['0', '3', '4', '5']) + r.digits(8) },
  { country: 'NL', cc: '31', weight: 4, nsn: (r) => '6' + r.pick(['1', '2', '3', '4', '5']) + r.digits(7) },
  { country: 'AU', cc: '61', weight: 4, nsn: (r) => '4' + r.pick(['0', '1', '2', '3', '5']) + r.digits(7) },
];
const TABLE = PLANS.map((p) => [p, p.weight] as const);

/** US exchange digits 2 and 3: not N11, not 555 (reserved for fiction). */
function exchangeTail(rng: Rng): string {
  for (;;) {
    const tail = rng.digits(2);
    if (tail !== '11' && tail !== '55') return tail;
  }
}

export interface Phone {
  text: string;
  country: CountryCode;
  international: boolean;
}

/**
 * A phone number that libphonenumber-js (max metadata) accepts as valid, for one of nine
 * countries, printed the way that library formats it: internationally (+44 7911 123456) or
 * nationally ((415) 823-4412, 0151 23456789, 06 12 34 56 78).
 *
 * @example
 * isValidPhoneNumber(generatePhone(new Rng(1)).text, 'US'); // true
 */
export function generatePhone(rng: Rng): Phone {
  for (;;) {
    const plan = rng.weighted(TABLE);
    const number = parsePhoneNumberFromString(`+${plan.cc}${plan.nsn(rng)}`);
    if (!number?.isValid()) continue;
    // National formats only where the detector's default regions read them; others stay +CC.
    const national = ['US', 'GB', 'DE', 'FR', 'ES', 'IN', 'TR'].includes(plan.country) && rng.chance(0.4);
    return { text: national ? number.formatNational() : number.formatInternational(), country: plan.country, international: !national };
  }
}

/** Regions a national-format phone may come from (and the validator tries, in order). */
export const PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'ES', 'IN', 'TR'];

/**
 * Whether a phone number (as written, or canonical `+digits`/digits) is valid by
 * libphonenumber-js: international when it starts with +, else national for one of PHONE_REGIONS.
 *
 * @example
 * checkPhone('+44 7911 123456'); // true
 */
export function checkPhone(text: string): boolean {
  if (text.length > 40) return false;
  if (text.trim().startsWith('+')) return parsePhoneNumberFromString(text)?.isValid() ?? false;
  return PHONE_REGIONS.some((region) => parsePhoneNumberFromString(text, region)?.isValid() ?? false);
}
