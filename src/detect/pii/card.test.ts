import { describe, expect, it } from 'vitest';
import type { DetectContext } from '../detector.js';
import { cardBrand } from './card.js';
import { ibanCheckDigits } from './checksums.js';
import { IBAN_LENGTHS } from './iban.js';
import { piiDetector } from './index.js';

const ctx: DetectContext = { present: new Set(), view: 'original' };
const found = (text: string): string[] => piiDetector.detect(text, ctx).map((f) => `${f.rule}:${text.slice(f.start, f.end)}`);

describe('payment cards', () => {
  it('knows brand prefixes and lengths', () => {
    expect(cardBrand('4111111111111111')).toBe('Visa');
    expect(cardBrand('2223003122003222')).toBe('Mastercard');
    expect(cardBrand('378282246310005')).toBe('Amex');
    expect(cardBrand('6011111111111117')).toBe('Discover');
    expect(cardBrand('3530111333300000')).toBe('JCB');
    expect(cardBrand('30569309025904')).toBe('Diners Club');
    expect(cardBrand('6200000000000005')).toBe('UnionPay');
    expect(cardBrand('6759649826438453')).toBe('Maestro');
    expect(cardBrand('1234567890123452')).toBeUndefined();
    expect(cardBrand('41111111111111')).toBeUndefined();
  });

  it('accepts brand groupings and drops an expiry or CVV group after the number', () => {
    expect(found('4111-1111-1111-1111')).toEqual(['pii.payment-card:4111-1111-1111-1111']);
    expect(found('3782 822463 10005')).toEqual(['pii.payment-card:3782 822463 10005']);
    expect(found('card 4111 1111 1111 1111 12/27 123')).toEqual(['pii.payment-card:4111 1111 1111 1111']);
    expect(found('card 4111 1111 1111 1111 123')).toEqual(['pii.payment-card:4111 1111 1111 1111']);
  });

  it('rejects mixed separators, odd groupings and longer runs', () => {
    expect(found('4111 1111-1111 1111')).toEqual([]);
    expect(found('41111 11111 11111 1')).toEqual([]);
    expect(found('4111 1111 1111 1111 1111 1111')).toEqual([]);
    expect(found('94111111111111111')).toEqual([]);
  });

  it('lowers but keeps a valid card number next to id words', () => {
    const [f] = piiDetector.detect('order 4539148803436467', ctx);
    expect(f!.score).toBeLessThan(0.8);
    expect(f!.rule).toBe('pii.payment-card');
  });
});

describe('IBAN', () => {
  it('finds a valid IBAN of every registered country, compact and printed', () => {
    for (const [country, length] of Object.entries(IBAN_LENGTHS)) {
      const bban = '1234567890'.repeat(4).slice(0, length - 4);
      const iban = country + ibanCheckDigits(country, bban) + bban;
      expect(found(`IBAN ${iban}`), country).toEqual([`pii.iban:${iban}`]);
      const printed = iban.replace(/(.{4})/g, '$1 ').trim();
      expect(found(`IBAN ${printed}.`), country).toEqual([`pii.iban:${printed}`]);
    }
  });

  it('rejects bad check digits, wrong lengths, unknown countries and irregular spacing', () => {
    expect(found('DE89 3704 0044 0532 0130 01')).toEqual([]);
    expect(found('DE89370400440532013000 1')).toEqual(['pii.iban:DE89370400440532013000']);
    expect(found('DE893704004405320130001')).toEqual([]);
    expect(found('XX89370400440532013000')).toEqual([]);
    expect(found('DE89 37040044 0532 0130 00')).toEqual([]);
  });
});

describe('US SSN', () => {
  it('rejects invalid ranges and advertising numbers', () => {
    for (const bad of ['000-12-3456', '666-12-3456', '912-12-3456', '123-00-4567', '123-45-0000', '078-05-1120', '219-09-9999', '123-45-6789']) {
      expect(found(`SSN ${bad}`), bad).toEqual([]);
    }
    expect(found('SSN 512-44-7821')).toEqual(['pii.us-ssn:512-44-7821']);
  });

  it('accepts nine bare digits only with SSN context', () => {
    expect(found('SSN: 512447821')).toEqual(['pii.us-ssn:512447821']);
    expect(found('code 512447821')).toEqual([]);
    expect(found('SSN 512-447821')).toEqual([]);
  });
});
