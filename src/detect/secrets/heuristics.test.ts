import { describe, expect, it } from 'vitest';
import { charClasses, isDocumentedExample, isHexDigest, isNonSecretShape, isPlaceholderValue, isReference, isUuid, longestSequentialRun } from './heuristics.js';

describe('isPlaceholderValue', () => {
  it.each([
    'AKIAIOSFODNN7EXAMPLE', 'your_api_key_here', 'xxxxxxxxxxxxxxxx', 'sk-proj-...', '${API_KEY}', '<token>', 'changeme', 'REDACTED',
    'abcdefghijklmnop', '1234567890abcdef', 'aaaaaaaaaaaaaaaa', 'sk_live_••••4242', '****abcd', 'demo-key-123', 'supersecretkey',
    'test-token', 'TOKEN_GOES_HERE', 'qwerty123456', 'ababababababababab',
  ])('flags %s', (value) => expect(isPlaceholderValue(value)).toBe(true));

  it.each(['Zq8vR2mXw9LkT4pN7sYb3HcJ', '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', 'Tr0ub4dor3x!', 'N8v!qR2zLp'])('accepts %s', (value) => {
    expect(isPlaceholderValue(value)).toBe(false);
  });

  it('knows the documented AWS keys', () => {
    expect(isDocumentedExample('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(true);
    expect(isDocumentedExample('YL07wAb2ksoAffKzEF/nt16+DKmZaiDDdRauaVlX')).toBe(false);
  });
});

describe('shape heuristics', () => {
  it('measures sequential runs', () => {
    expect(longestSequentialRun('xxabcdefyy')).toBe(6);
    expect(longestSequentialRun('9876543')).toBe(7);
    expect(longestSequentialRun('a1b2')).toBe(1);
  });

  it('recognizes UUIDs and hex digests of standard lengths', () => {
    expect(isUuid('550e8400-e29b-41d4-a716-446655440000')).toBe(true);
    expect(isUuid('550e8400e29b41d4a716446655440000')).toBe(false);
    expect(isHexDigest('d41d8cd98f00b204e9800998ecf8427e')).toBe(true);
    expect(isHexDigest('3f786850e387550fdab836ed7e6dc881de23001b')).toBe(true);
    expect(isHexDigest('3f786850e387550fdab836ed7e6dc881de23001')).toBe(false);
    expect(isHexDigest('g'.repeat(32))).toBe(false);
  });

  it('recognizes paths, URLs, e-mails, numbers, versions and dates', () => {
    for (const v of ['/etc/ssl/private/key.pem', './secrets.json', 'C:\\keys\\a.pfx', 'https://vault.acme.io/v1/x', 'config/keys/prod.pem', 'a@b.io', '1718000000', 'v1.2.3', '2024-03-18T09:15:27Z']) {
      expect(isNonSecretShape(v), v).toBe(true);
    }
    expect(isNonSecretShape('Zq8vR2mXw9LkT4pN7sYb3HcJ')).toBe(false);
  });

  it('tells references from literals', () => {
    for (const v of ['${TOKEN}', '$API_KEY', 'OPENAI_API_KEY', '{{ vault_token }}', "os.environ['X']"]) expect(isReference(v), v).toBe(true);
    expect(isReference('config.apiKey', true)).toBe(true);
    expect(isReference('config.apiKey', false)).toBe(false);
    expect(isReference('getSecret()', true)).toBe(true);
    expect(isReference('sh6sLfm52w_6_.DS3', false)).toBe(false);
  });

  it('counts character classes', () => {
    expect(charClasses('abc')).toBe(1);
    expect(charClasses('aB3!')).toBe(4);
  });
});
