import { describe, expect, it } from 'vitest';
import { combineEvidence, MAX_SCORE, reviewScore } from './combine.js';

describe('combining evidence', () => {
  it('noisy-ORs distinct reasons, counts a repeated reason once at its highest confidence', () => {
    const c = combineEvidence(
      [
        { domain: 'web_security', confidence: 0.6, why: 'keyword:xss' },
        { domain: 'web_security', confidence: 0.6, why: 'cwe:CWE-79' },
        { domain: 'web_security', confidence: 0.3, why: 'cwe:CWE-79' },
        { domain: 'cryptography', confidence: 0.4, why: 'keyword:hash' },
      ],
      0.5,
    );
    expect(c.scores).toEqual({ cryptography: 0.4, web_security: 0.84 });
    expect(c.domains).toEqual(['web_security']);
    expect(c.evidence).toEqual({ cryptography: ['keyword:hash'], web_security: ['cwe:CWE-79', 'keyword:xss'] });
  });

  it('sorts kept domains by score, then name, and never claims certainty', () => {
    const c = combineEvidence(
      [
        { domain: 'malware', confidence: 1, why: 'a' },
        { domain: 'malware', confidence: 1, why: 'b' },
        { domain: 'phishing', confidence: 0.7, why: 'a' },
        { domain: 'ics_security', confidence: 0.7, why: 'a' },
        { domain: 'zero_day', confidence: 0, why: 'a' },
      ],
      0.5,
    );
    expect(c.scores.malware).toBe(MAX_SCORE);
    expect(c.domains).toEqual(['malware', 'ics_security', 'phishing']);
    expect(c.scores.zero_day).toBeUndefined();
    expect(combineEvidence([{ domain: 'phishing', confidence: 0.7, why: 'a' }], 0.71).domains).toEqual([]);
  });

  it('review score is the geometric mean of relevance (1 when unknown) and the top domain score', () => {
    expect(reviewScore(0.81, { web_security: 0.9, cryptography: 0.4 })).toBe(0.8538);
    expect(reviewScore(undefined, { web_security: 0.64 })).toBe(0.8);
    expect(reviewScore(0.9, {})).toBe(0);
  });
});
