import { describe, expect, it } from 'vitest';
import { DOMAINS, type Domain } from './domains.js';
import { KEYWORDS, keywordEvidence, MAX_KEYWORD_CHARS } from './keywords.js';

const terms = Object.entries(KEYWORDS).flatMap(([domain, table]) => Object.entries(table).map(([term, weight]) => [term, domain as Domain, weight] as const));

describe('keyword evidence', () => {
  it('has terms for every domain, each weight in (0, 1], no term in two domains', () => {
    for (const domain of DOMAINS) expect(Object.keys(KEYWORDS[domain]).length).toBeGreaterThan(3);
    for (const [, , weight] of terms) expect(weight > 0 && weight <= 1).toBe(true);
    const names = terms.map(([term]) => term.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(terms)('"%s" gives %s, in any case, inside a sentence', (term, domain, weight) => {
    for (const text of [`We saw ${term} here.`, `(${term.toUpperCase()}), then more`]) {
      expect(keywordEvidence(text)).toContainEqual({ domain, confidence: weight, why: `keyword:${term}` });
    }
  });

  it('matches whole words only', () => {
    expect(keywordEvidence('The tlsx tool and phishingly ciphers of scadabase hashing xssz')).toEqual([]);
    expect(keywordEvidence('misconfigured scada-lite')).toEqual([{ domain: 'ics_security', confidence: 0.9, why: 'keyword:scada' }]);
  });

  it('counts a repeated term once and finds several domains', () => {
    const evidence = keywordEvidence('Ransomware, ransomware, RANSOMWARE delivered by a spear-phishing email.');
    expect(evidence.map((e) => e.why).sort()).toEqual(['keyword:ransomware', 'keyword:spear-phishing']);
  });

  it('searches a bounded prefix of long texts', () => {
    const text = 'a '.repeat(MAX_KEYWORD_CHARS) + 'botnet';
    expect(keywordEvidence(text)).toEqual([]);
    expect(keywordEvidence('botnet ' + 'a '.repeat(MAX_KEYWORD_CHARS))).toHaveLength(1);
  });
});
