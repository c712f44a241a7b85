import { describe, expect, it } from 'vitest';
import type { DetectContext } from '../detector.js';
import { createPiiDetector, piiDetector } from './index.js';
import { byMetadata, parse } from './phone.js';
import { plansFor } from './phone-plan.js';

const ctx: DetectContext = { present: new Set(), view: 'original' };
const phones = (text: string, detector = piiDetector): string[] =>
  detector.detect(text, ctx).filter((f) => f.rule === 'pii.phone').map((f) => text.slice(f.start, f.end));

describe('phone numbers', () => {
  it.each([
    ['Contact: +1 (415) 555-2671', '+1 (415) 555-2671'],
    ['phone 415.555.2671', '415.555.2671'],
    ['Call 1-800-273-8255 now', '1-800-273-8255'],
    ['Berlin: +49 (0)30 901820', '+49 (0)30 901820'],
    ['Tel. 030/901820', '030/901820'],
    ['Handy 0151 23456789', '0151 23456789'],
    ['ring 020 7946 0958', '020 7946 0958'],
    ['Téléphone : 06 12 34 56 78', '06 12 34 56 78'],
    ['numara: 0532 123 45 67', '0532 123 45 67'],
    ['Cep: 532 123 45 67', '532 123 45 67'],
    ['reach me on 98123 45678', '98123 45678'],
    ['Móvil 612 34 56 78', '612 34 56 78'],
    ['WhatsApp: +905321234567', '+905321234567'],
    ['via 0044 20 7946 0958', '0044 20 7946 0958'],
    ['Tokyo office +81 3-1234-5678', '+81 3-1234-5678'],
    ['call 4155552671', '4155552671'],
    ['电话：+86 139 1234 5678', '+86 139 1234 5678'],
  ])('finds %j', (text, value) => {
    expect(phones(text)).toEqual([value]);
  });

  it.each([
    'the value 4155552671 appears',
    'ts=1700000000 and 1712345678901',
    'date 2024-01-15 10:30 and 15.01.2024',
    'log 2024-03-01 12:45:33.120 ok',
    'It costs 1 234 567 euros',
    'in 2019 2020 and 2021',
    'Call 123-456-7890',
    'Order #415-555-2671',
    'order number 415-555-2671',
    'ISBN 978-3-16-148410-0 and 0-306-40615-2',
    'Chrome 120.0.6099.109',
    'server 192.168.100.200',
    'card 4111 1111 1111 1111',
    'id 12345678901234567890',
    'ID4155552671',
    'uuid 550e8400-e29b-41d4-a716-446655440000',
    'v4.15.555.2671',
  ])('rejects %j', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it('keeps two numbers split by a slash apart', () => {
    expect(phones('Tel 030 901820 / 089 1234567')).toEqual(['030 901820', '089 1234567']);
  });

  it('drops a trailing short group that is not part of the number', () => {
    expect(phones('Call +1 415 555 2671 2 times')).toEqual(['+1 415 555 2671']);
  });

  it('explains region and format without quoting the digits', () => {
    const [f] = piiDetector.detect('Telefon: 030 901820', ctx);
    expect(f!.message).toBe('phone number (DE)');
    expect(f!.explanation!.map((s) => s.step)).toEqual(['pattern', 'validator', 'context']);
    expect(JSON.stringify(f!.explanation)).not.toContain('901820');
  });

  it('lowers a number whose grouping does not fit the national format', () => {
    const [odd] = piiDetector.detect('Telefon: 03 09 01 82 0', ctx);
    expect(odd?.explanation?.some((s) => s.step === 'invalidation') ?? true).toBe(true);
  });

  it('takes German call words (ruf … an, erreichbar unter) as phone context', () => {
    expect(phones('Ruf mich morgen unter 0221 471 2290 an.')).toEqual(['0221 471 2290']);
    expect(phones('Ich bin erreichbar unter 040 822 4417.')).toEqual(['040 822 4417']);
    expect(phones('Artikel 0221 471 2290 ist vorrätig.')).toEqual([]);
  });

  it('uses the configured regions for national numbers only', () => {
    const tr = createPiiDetector({ regions: ['TR'] });
    expect(phones('Cep: 532 123 45 67', tr)).toEqual(['532 123 45 67']);
    expect(phones('Handy 0151 23456789', tr)).toEqual([]);
    expect(phones('Handy +49 151 23456789', tr)).toEqual(['+49 151 23456789']);
  });
});

describe('phone metadata path', () => {
  it('agrees with libphonenumber on validity, region and grouping', () => {
    const plans = plansFor(['US', 'GB', 'DE', 'FR', 'TR', 'IN', 'ES']);
    let seed = 5;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const d = (n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
    const shapes = [
      () => `(${d(3)}) ${d(3)}-${d(4)}`, () => `0${d(2)} ${d(4)} ${d(4)}`, () => `0${d(3)} ${d(6)}`, () => `0${d(1)} ${d(2)} ${d(2)} ${d(2)} ${d(2)}`,
      () => `0${d(3)} ${d(3)} ${d(2)} ${d(2)}`, () => `${d(3)} ${d(2)} ${d(2)} ${d(2)}`, () => `${d(5)} ${d(5)}`, () => `+${1 + Math.floor(rnd() * 98)} ${d(3)} ${d(3)} ${d(4)}`,
      () => `+44 ${d(2)} ${d(4)} ${d(4)}`, () => `+49 ${d(3)} ${d(7)}`, () => `+81 ${d(1)}-${d(4)}-${d(4)}`,
    ];
    let same = 0;
    let valid = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const value = shapes[i % shapes.length]!();
      const digits = value.replace(/\D/g, '');
      const a = parse(value, digits, plans);
      const b = byMetadata(value, digits, plans);
      if (a) valid++;
      if ((a ? `${a.region}|${a.cuts}` : '-') === (b ? `${b.region}|${b.cuts}` : '-')) same++;
    }
    expect(valid).toBeGreaterThan(n / 4);
    expect(same / n).toBeGreaterThan(0.998);
  });

  it('judges candidates past the parse budget from metadata, with the same result', () => {
    const line = (i: number): string => `| ${i} | phone: 030 ${String(1000000 + i * 7).slice(0, 7)} |`;
    const text = Array.from({ length: 400 }, (_, i) => line(i)).join('\n');
    const found = piiDetector.detect(text, ctx).filter((f) => f.rule === 'pii.phone');
    expect(found).toHaveLength(400);
    expect(found.at(-1)!.explanation![1]!.reason).toContain('parse budget spent');
    expect(found[0]!.explanation![1]!.reason).toContain('(libphonenumber)');
  });
});
