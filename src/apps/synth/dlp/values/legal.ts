import type { Rng } from '../prng.js';

const COUNTERPARTIES = ['ACME', 'HFL', 'CSTL', 'VNTR', 'KSTN', 'ORBP', 'SGA', 'BRGT', 'PAYW', 'STKF'];

/**
 * A non-disclosure agreement reference: NDA-<counterparty>-<year>-<number>.
 *
 * @example
 * generateNda(new Rng(1)); // e.g. 'NDA-HFL-2024-0173'
 */
export function generateNda(rng: Rng): string {
  return `NDA-${rng.pick(COUNTERPARTIES)}-${rng.range(2019, 2025)}-${String(rng.range(1, 9999)).padStart(4, '0')}`;
}

/**
 * A legal matter number in one of three styles firms use: M-2024-00917 (docket), 2023-LIT-0412
 * (practice code), 48213.0007 (client.matter).
 *
 * @example
 * generateMatter(new Rng(1)); // e.g. '2023-LIT-0412'
 */
export function generateMatter(rng: Rng): string {
  switch (rng.int(3)) {
    case 0:
      return `M-${rng.range(2018, 2025)}-${String(rng.range(1, 99999)).padStart(5, '0')}`;
    case 1:
      return `${rng.range(2018, 2025)}-${rng.pick(['LIT', 'EMP', 'IP', 'CORP', 'REG', 'MA'])}-${String(rng.range(1, 9999)).padStart(4, '0')}`;
    default:
      return `${rng.range(10000, 99999)}.${String(rng.range(1, 999)).padStart(4, '0')}`;
  }
}

/** @example checkNda('NDA-HFL-2024-0173'); // true */
export function checkNda(value: string): boolean {
  return /^NDA-[A-Z0-9]{2,12}-\d{4}-\d{3,6}$/.test(value);
}

/** @example checkMatter('2023-LIT-0412'); // true */
export function checkMatter(value: string): boolean {
  return /^(?:M-\d{4}-\d{5}|\d{4}-[A-Z]{2,5}-\d{4}|\d{5}\.\d{4})$/.test(value);
}

