import { describe, expect, it } from 'vitest';
import type { DetectContext } from '../detector.js';
import { iso7064Mod1110CheckDigit, nirKey } from './checksums.js';
import { piiDetector } from './index.js';
import { steuerIdValid } from './national-id.js';
import { nhsValid } from './uk-id.js';

const ctx: DetectContext = { present: new Set(), view: 'original' };
const found = (text: string): string[] =>
  piiDetector.detect(text, ctx).filter((f) => f.category === 'national-id').map((f) => `${f.rule}:${text.slice(f.start, f.end)}`);

describe('national ids', () => {
  it('German tax id: digit pattern rule and check digit', () => {
    expect(steuerIdValid('86095742719')).toBe(true);
    expect(steuerIdValid('06095742719')).toBe(false);
    const noRepeat = '1234567890';
    expect(steuerIdValid(noRepeat + iso7064Mod1110CheckDigit(noRepeat))).toBe(false);
    const tripleAdjacent = '1112345678';
    expect(steuerIdValid(tripleAdjacent + iso7064Mod1110CheckDigit(tripleAdjacent))).toBe(false);
    const tripleApart = '1213145678';
    expect(steuerIdValid(tripleApart + iso7064Mod1110CheckDigit(tripleApart))).toBe(true);
  });

  it('checksum-only ids need their context words', () => {
    expect(found('Ref 10000000146')).toEqual([]);
    expect(found('TC Kimlik No: 10000000146')).toEqual(['pii.tr-tckn:10000000146']);
    expect(found('number 86095742719')).toEqual([]);
    expect(found('Steuer-ID 86095742719')).toEqual(['pii.de-steuer-id:86095742719']);
    expect(found('see 943 476 5919')).toEqual([]);
    expect(found('NHS number 943-476-5919')).toEqual(['pii.uk-nhs:943-476-5919']);
    expect(found('value 2345 6789 0124')).toEqual([]);
    expect(found('Aadhaar 2345-6789-0124')).toEqual(['pii.in-aadhaar:2345-6789-0124']);
  });

  it('rejects mixed separators and digits glued to longer runs', () => {
    expect(found('NHS number 943 476-5919')).toEqual([]);
    expect(found('NHS number 1943 476 5919')).toEqual([]);
    expect(found('Aadhaar 2345 67890124')).toEqual([]);
  });

  it('NHS numbers whose check digit would be 10 are invalid', () => {
    expect(nhsValid('9434765919')).toBe(true);
    expect(nhsValid('943476591')).toBe(false);
  });

  it('UK NINO prefix rules and spacing', () => {
    expect(found('NINO AB 12 34 56 C')).toEqual(['pii.uk-nino:AB 12 34 56 C']);
    expect(found('NINO AB123456C')).toEqual(['pii.uk-nino:AB123456C']);
    for (const bad of ['DA123456C', 'AD123456C', 'AO123456C', 'GB123456C', 'NK123456C', 'TN123456C', 'ZZ123456C', 'AB123456E', 'AB 123456 C']) {
      expect(found(`NINO ${bad}`), bad).toEqual([]);
    }
  });

  it('French NIR with Corsica departments and printed spacing', () => {
    const body = '185052A004012';
    expect(found(`NIR ${body}${nirKey(body)}`)).toEqual([`pii.fr-nir:${body}${nirKey(body)}`]);
    expect(found('sécurité sociale 2 55 08 14 168 025 38')).toEqual(['pii.fr-nir:2 55 08 14 168 025 38']);
    expect(found('NIR 2 55 08 14 168025 38')).toEqual([]);
    expect(found('NIR 2 55 08 14 168 025 39')).toEqual([]);
  });
});
