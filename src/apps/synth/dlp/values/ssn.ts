import { ssnRangesValid } from '../../../../detect/pii/ssn.js';
import type { Rng } from '../prng.js';

/** Numbers published in advertising or documentation (never issued). */
const KNOWN_FAKE = new Set(['078051120', '219099999', '123456789', '111111111', '457555462']);

/**
 * A US SSN in issued ranges (area 001–899 except 666, group 01–99, serial 0001–9999),
 * printed AAA-GG-SSSS, or now and then AAA GG SSSS (not with `dashed`: exports and forms print dashes).
 *
 * @example
 * generateSsn(new Rng(1)); // e.g. '512-44-7821'
 */
export function generateSsn(rng: Rng, dashed = false): string {
  for (;;) {
    const area = rng.range(1, 899);
    if (area === 666) continue;
    const group = rng.range(1, 99);
    const serial = rng.range(1, 9999);
    const parts = [String(area).padStart(3, '0'), String(group).padStart(2, '0'), String(serial).padStart(4, '0')];
    const digits = parts.join('');
    if (KNOWN_FAKE.has(digits) || /^(\d)\1+$/.test(digits)) continue;
    return parts.join(dashed || rng.chance(0.85) ? '-' : ' ');
  }
}

/**
 * Whether canonical SSN digits are in issued ranges (no 000/666/9xx area, 00 group, 0000 serial).
 *
 * @example
 * checkSsn('512447821'); // true
 * checkSsn('666447821'); // false
 */
export function checkSsn(digits: string): boolean {
  return /^\d{9}$/.test(digits) && ssnRangesValid(digits) && !KNOWN_FAKE.has(digits);
}
