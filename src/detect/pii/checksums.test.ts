import { describe, expect, it } from 'vitest';
import {
  ibanCheckDigits, ibanValid, iso7064Mod1110CheckDigit, luhnCheckDigit, luhnValid, mod97, nhsCheckDigit, nirKey, tcKimlikCheckDigits,
  tcKimlikValid, verhoeffCheckDigit, verhoeffValid,
} from './checksums.js';

describe('checksums', () => {
  it('Luhn accepts published test cards and rejects a changed digit', () => {
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '3530111333300000', '30569309025904']) {
      expect(luhnValid(n), n).toBe(true);
      expect(luhnValid(n.slice(0, -1) + ((Number(n.at(-1)) + 1) % 10)), n).toBe(false);
    }
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnValid('')).toBe(false);
  });

  it('mod 97 works piecewise on long numbers', () => {
    expect(mod97('3214282912345698765432161182')).toBe(1);
    expect(mod97('97')).toBe(0);
  });

  it('IBAN check digits round-trip and validate', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82WEST12345698765433')).toBe(false);
    expect(ibanCheckDigits('DE', '370400440532013000')).toBe('89');
    expect(ibanCheckDigits('NO', '86011117947')).toBe('93');
  });

  it('Verhoeff (Aadhaar) computes and checks', () => {
    expect(verhoeffCheckDigit('236')).toBe('3');
    expect(verhoeffValid('2363')).toBe(true);
    expect(verhoeffValid('2364')).toBe(false);
    const body = '49911866524';
    expect(verhoeffValid(body + verhoeffCheckDigit(body))).toBe(true);
  });

  it('ISO 7064 MOD 11,10 gives the German tax id check digit', () => {
    expect(iso7064Mod1110CheckDigit('8609574271')).toBe('9');
    expect(iso7064Mod1110CheckDigit('6592997048')).toBe('9');
  });

  it('NHS mod 11 check digit, 10 never issued', () => {
    expect(nhsCheckDigit('943476591')).toBe('9');
    expect(nhsCheckDigit('401023213')).toBe('7');
    const tens = Array.from({ length: 200 }, (_, i) => String(100000000 + i * 7919)).filter((b) => nhsCheckDigit(b) === undefined);
    expect(tens.length).toBeGreaterThan(0);
  });

  it('TC Kimlik digits 10 and 11', () => {
    expect(tcKimlikValid('10000000146')).toBe(true);
    expect(tcKimlikValid('10000000147')).toBe(false);
    expect(tcKimlikValid('01000000146')).toBe(false);
    expect(tcKimlikCheckDigits('317356987')).toBe('98');
  });

  it('NIR key, including Corsica', () => {
    expect(nirKey('1841276451089')).toBe('46');
    expect(nirKey('2550814168025')).toBe('38');
    expect(nirKey('185052A004012')).toBe(nirKey('1850519004012'));
    expect(nirKey('185052B004012')).toBe(nirKey('1850518004012'));
  });
});
