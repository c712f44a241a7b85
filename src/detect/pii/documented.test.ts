import { describe, expect, it } from 'vitest';
import type { DetectContext } from '../detector.js';
import { isExampleIban, isTestCard } from './documented.js';
import { piiDetector } from './index.js';

const ctx: DetectContext = { present: new Set(), view: 'original' };
const first = (text: string) => piiDetector.detect(text, ctx)[0];

describe('documented test numbers', () => {
  it('knows provider test cards and example IBANs', () => {
    expect(isTestCard('4242424242424242')).toBe(true);
    expect(isTestCard('4000000000000002')).toBe(true);
    expect(isTestCard('4539148803436467')).toBe(false);
    expect(isExampleIban('GB29NWBK60161331926819')).toBe(true);
    expect(isExampleIban('GB82WEST12345698765433')).toBe(false);
  });

  it('keeps test cards at low severity, lowest next to test wording', () => {
    const plain = first('Card: 5555 5555 5555 4444');
    const test = first('In the sandbox use the test card 5555 5555 5555 4444.');
    const real = first('Card: 4539 1488 0343 6467');
    expect(plain).toMatchObject({ rule: 'pii.payment-card', severity: 'low' });
    expect(test).toMatchObject({ rule: 'pii.payment-card', severity: 'low' });
    expect(test!.score).toBeLessThan(plain!.score);
    expect(real).toMatchObject({ severity: 'high' });
    expect(test!.explanation!.some((s) => s.step === 'invalidation' && s.reason.includes('published for testing, with "sandbox" nearby'))).toBe(true);
  });

  it('keeps example IBANs at low severity', () => {
    expect(first('Beispiel: GB29 NWBK 6016 1331 9268 19')).toMatchObject({ rule: 'pii.iban', severity: 'low' });
    expect(first('IBAN GB82 WEST 1234 5698 7654 32')).toMatchObject({ rule: 'pii.iban', severity: 'low' });
    expect(first('IBAN DE44 5001 0517 5407 3249 31')).toMatchObject({ rule: 'pii.iban', severity: 'high' });
  });
});
