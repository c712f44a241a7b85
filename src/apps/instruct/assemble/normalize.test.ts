import { describe, expect, it } from 'vitest';
import { exactKey, normalizeText } from './normalize.js';

describe('normalizeText', () => {
  it('composes to NFC, so a decomposed é equals the precomposed one', () => {
    expect(normalizeText('Caf\u0065\u0301 exploit')).toBe('Caf\u00e9 exploit');
  });

  it('collapses spaces and tabs, trims lines, caps blank lines at one, and turns CRLF into LF', () => {
    expect(normalizeText('  a \t b  \r\n\r\n\r\n\r\n  c  ')).toBe('a b\n\nc');
  });

  it('strips chat-template tokens, leading section headers and unfilled placeholders', () => {
    expect(normalizeText('### Response: The flaw {{ cve_id }} is fixed.<|im_end|>')).toBe('The flaw is fixed.');
    expect(normalizeText('<s>[INST] Explain XSS [/INST]</s>')).toBe('Explain XSS');
    expect(normalizeText('Instruction: Explain CSRF')).toBe('Explain CSRF');
  });

  it('removes zero-width and control characters but keeps code braces that are not placeholders', () => {
    expect(normalizeText('ev\u200bal(\u0007x) { return 1; }')).toBe('eval(x) { return 1; }');
  });

  it('keeps a label word that is not a leading header', () => {
    expect(normalizeText('The answer: yes')).toBe('The answer: yes');
  });
});

describe('exactKey', () => {
  it('is equal for equal pairs and differs when words move across the instruction/response boundary', () => {
    expect(exactKey('a b', 'c')).toBe(exactKey('a b', 'c'));
    expect(exactKey('a b', 'c')).not.toBe(exactKey('a', 'b c'));
    expect(exactKey('a', 'b')).toMatch(/^[0-9a-f]{64}$/);
  });
});
