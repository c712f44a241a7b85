import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import type { DetectContext } from '../detector.js';
import { scan } from '../scanner.js';
import { createPiiDetector, DEFAULT_REGIONS, PII_RULES, piiDetector } from './index.js';
import { cardRecognizer } from './card.js';
import { dobRecognizer } from './dob.js';
import { ibanRecognizer } from './iban.js';
import { ipRecognizer } from './ip.js';
import { digitIdRecognizer } from './national-id.js';
import { createPhoneRecognizer } from './phone.js';
import { ssnRecognizer } from './ssn.js';
import { frNirRecognizer } from './fr-nir.js';
import { ukIdRecognizer } from './uk-id.js';
import { emailRecognizer } from './email.js';
import { contextPatterns } from './context.js';
import { RUN } from './runs.js';

const ctx: DetectContext = { present: new Set(), view: 'original' };
const rulesFired = (text: string): string[] => piiDetector.detect(text, ctx).map((f) => f.rule);

describe('pii rule pack', () => {
  it('has unique ids, categories from the list and ≥3 examples each way', () => {
    const ids = new Set<string>();
    for (const rule of PII_RULES) {
      expect(ids.has(rule.id), rule.id).toBe(false);
      ids.add(rule.id);
      expect(rule.id.startsWith('pii.')).toBe(true);
      expect(['email', 'phone', 'payment-card', 'ssn', 'iban', 'ip', 'national-id', 'dob']).toContain(rule.category);
      expect(rule.examples.tp.length, rule.id).toBeGreaterThanOrEqual(3);
      expect(rule.examples.fp.length, rule.id).toBeGreaterThanOrEqual(3);
    }
    expect(PII_RULES.length).toBe(14);
  });

  for (const rule of PII_RULES) {
    describe(rule.id, () => {
      for (const tp of rule.examples.tp) {
        it(`fires on ${JSON.stringify(tp)}`, () => expect(rulesFired(tp)).toContain(rule.id));
      }
      for (const fp of rule.examples.fp) {
        it(`stays quiet on ${JSON.stringify(fp)}`, () => expect(rulesFired(fp)).not.toContain(rule.id));
      }
    });
  }

  it('ships only ReDoS-safe patterns', () => {
    const recognizers = [cardRecognizer, dobRecognizer, ibanRecognizer, ipRecognizer, digitIdRecognizer, createPhoneRecognizer(DEFAULT_REGIONS), ssnRecognizer, frNirRecognizer, ukIdRecognizer, emailRecognizer];
    const patterns = [RUN, ...recognizers.flatMap((r) => r.patterns), ...contextPatterns()];
    expect(patterns.length).toBeGreaterThan(10);
    for (const re of patterns) {
      expect(checkSync(re.source, re.flags.replace('g', ''), { timeout: 10000 }).status, re.source).toBe('safe');
    }
  }, 120_000);
});

describe('pii detector', () => {
  it('explains each score step by step, never quoting the value', () => {
    const [finding] = piiDetector.detect('Please call me on +44 20 7946 0958 tonight', ctx);
    expect(finding).toMatchObject({ rule: 'pii.phone', category: 'phone', severity: 'medium' });
    const steps = finding!.explanation!.map((s) => s.step);
    expect(steps).toEqual(['pattern', 'validator', 'context']);
    expect(finding!.score).toBe(finding!.explanation!.at(-1)!.score);
    expect(JSON.stringify(finding)).not.toContain('7946');
  });

  it('does not label a card number as a phone or an id', () => {
    const rules = rulesFired('card 4111 1111 1111 1111 and call 415-555-2671');
    expect(rules).toEqual(['pii.payment-card', 'pii.phone']);
  });

  it('keeps severities per category', () => {
    const text = 'mail bob@corp.io, ssn 512-44-7821, card 4539148803436467, server 8.8.8.8, lan 10.0.0.1';
    const by = Object.fromEntries(piiDetector.detect(text, ctx).map((f) => [f.rule, f.severity]));
    expect(by).toEqual({ 'pii.email': 'medium', 'pii.us-ssn': 'high', 'pii.payment-card': 'high', 'pii.ip-public': 'medium', 'pii.ip-private': 'low' });
  });

  it('recognises national phone formats only for the configured regions', () => {
    const de = createPiiDetector({ regions: ['DE'] });
    const us = createPiiDetector({ regions: ['US'] });
    expect(de.detect('Telefon 030 901820', ctx).map((f) => f.rule)).toEqual(['pii.phone']);
    expect(us.detect('Telefon 030 901820', ctx)).toEqual([]);
    expect(us.detect('Telefon +49 30 901820', ctx).map((f) => f.rule)).toEqual(['pii.phone']);
  });

  it('rates a national number without context low and raises it with context', () => {
    const [bare] = piiDetector.detect('Details: (415) 555-2671.', ctx);
    const [said] = piiDetector.detect('Phone: (415) 555-2671.', ctx);
    expect(bare!.score).toBeLessThan(0.5);
    expect(said!.score).toBeGreaterThan(0.7);
  });

  it('stays linear on pathological inputs', () => {
    for (const unit of ['1', '1 ', '1.', '1-', '12:', 'a:', '@a.', '(1) ', '+1 ', 'DE89 ', 'born 1985 ', '4111 1111 ']) {
      const text = unit.repeat(Math.ceil(600_000 / unit.length));
      const started = performance.now();
      piiDetector.detect(text, ctx);
      expect(performance.now() - started, JSON.stringify(unit)).toBeLessThan(2500);
    }
  }, 60_000);

  it('is pure: the same text gives the same findings', () => {
    const text = 'Ring 0151 23456789 or mail a.b@c.de; IBAN DE89 3704 0044 0532 0130 00';
    expect(piiDetector.detect(text, ctx)).toEqual(piiDetector.detect(text, ctx));
  });
});

describe('pii through scan()', () => {
  it('maps findings to original offsets with masked previews', () => {
    const text = '## Contact\n\nEmail **maria.lopez@gmail.com** or call `+1 415 555 2671`.';
    const { findings } = scan(text, { detectors: [piiDetector] });
    const email = findings.find((f) => f.rule === 'pii.email')!;
    expect(text.slice(email.start, email.end)).toBe('maria.lopez@gmail.com');
    expect(email.preview).not.toContain('lopez');
    expect(email.detector).toBe('pii');
    const phone = findings.find((f) => f.rule === 'pii.phone')!;
    expect(text.slice(phone.start, phone.end)).toBe('+1 415 555 2671');
    expect(phone.segment.kind).toBe('inline_code');
  });

  it('finds PII hidden with invisible characters and full-width digits', () => {
    const text = 'SSN: ５１２-４４-７８２１ and mail bob\u200b@corp.io';
    const { findings } = scan(text, { detectors: [piiDetector] });
    const ssn = findings.find((f) => f.rule === 'pii.us-ssn')!;
    expect(text.slice(ssn.start, ssn.end)).toBe('５１２-４４-７８２１');
    expect(ssn.views).toContain('nfkc');
    expect(findings.some((f) => f.rule === 'pii.email')).toBe(true);
  });
});
