import { describe, expect, it } from 'vitest';
import { base62, basicCredentialsValid, crc32, decodeBase64, discordTokenValid, githubChecksumValid, githubStyleToken, jwtValid, pemPaired } from './validators.js';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('crc32 and base62', () => {
  it('match the standard check values', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  it('encode base62 left-padded', () => {
    expect(base62(0)).toBe('000000');
    expect(base62(61, 2)).toBe('0z');
    expect(base62(62, 2)).toBe('10');
    expect(base62(0xffffffff)).toBe('4gfFC3');
  });
});

describe('githubChecksumValid', () => {
  it('accepts tokens built with a valid checksum, for every GitHub-style prefix', () => {
    for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_']) {
      expect(githubChecksumValid(githubStyleToken(prefix, 'Zk3pQ8vX2mL9rT4wN7bY1cJ6hF5dS0'))).toBe(true);
    }
  });

  it('accepts the alternative base62 digit order (0-9a-zA-Z) as well', () => {
    const random = 'Zk3pQ8vX2mL9rT4wN7bY1cJ6hF5dS0';
    const alt = base62(crc32(random), 6, '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(githubChecksumValid(`ghp_${random}${alt}`)).toBe(true);
  });

  it('rejects altered, truncated and hand-made tokens', () => {
    const good = githubStyleToken('ghp_', 'Zk3pQ8vX2mL9rT4wN7bY1cJ6hF5dS0');
    expect(githubChecksumValid(good.replace('Zk3', 'Zk4'))).toBe(false);
    expect(githubChecksumValid(good.slice(0, -1))).toBe(false);
    expect(githubChecksumValid('ghp_16C7e42F292c6912E7710c838347Ae178B4a')).toBe(false);
  });
});

describe('jwtValid', () => {
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const payload = b64url({ sub: 'usr_1', exp: 1767225600 });
  it('accepts a signed token with an alg header and a JSON payload', () => {
    expect(jwtValid(`${header}.${payload}.4YbkefPINdXIqsfuXpTcDD2WPydWD9OdJ-k1PbjJl-A`)).toBe(true);
  });
  it('rejects unsigned, malformed and sample tokens', () => {
    expect(jwtValid(`${b64url({ alg: 'none' })}.${payload}.`)).toBe(false);
    expect(jwtValid(`${b64url({ typ: 'JWT' })}.${payload}.4YbkefPINdXIqsfuXpTcDD2WPydWD9OdJ-k1PbjJl-A`)).toBe(false);
    expect(jwtValid(`${header}.bm90IGpzb24.4YbkefPINdXIqsfuXpTcDD2WPydWD9OdJ-k1PbjJl-A`)).toBe(false);
    expect(jwtValid(`${header}.${payload}.short`)).toBe(false);
    expect(jwtValid(`${header}.${b64url({ sub: '1234567890', name: 'John Doe' })}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`)).toBe(false);
  });
});

describe('pemPaired', () => {
  const body = '\nMIIEowIBAAKCAQEAqB+bSxeKZS/NfEjzCW30dBfTg0G7+tHqo/x6rOR83boH8gU5\nvAGl6VfbexYsvuc69XCh7af1PaVFhAPgjtdOJ8Jw6mXBi/Onc2CigxKkwWqYIzFr\n';
  it('accepts matching labels around a real body (also JSON-escaped, with headers)', () => {
    expect(pemPaired('RSA PRIVATE KEY', body, 'RSA PRIVATE KEY')).toBe(true);
    expect(pemPaired('PRIVATE KEY', body.replace(/\n/g, '\\n'), 'PRIVATE KEY')).toBe(true);
    expect(pemPaired('PGP', `\nVersion: GnuPG v2\n${body}=Xq7v\n`, 'PGP')).toBe(true);
  });
  it('rejects mismatched labels and bodies that are too short or not base64', () => {
    expect(pemPaired('RSA PRIVATE KEY', body, 'EC PRIVATE KEY')).toBe(false);
    expect(pemPaired('PRIVATE KEY', '\nMIIEowIBAAKCAQEA\n', 'PRIVATE KEY')).toBe(false);
    expect(pemPaired('PRIVATE KEY', `\n${'A'.repeat(80)}\n`, 'PRIVATE KEY')).toBe(false);
    expect(pemPaired('PRIVATE KEY', '\nthis is not a key, paste yours here please thanks a lot friend\n', 'PRIVATE KEY')).toBe(false);
  });
});

describe('discordTokenValid and basicCredentialsValid', () => {
  it('checks that the first token part is a base64 snowflake', () => {
    expect(discordTokenValid(`${Buffer.from('112233445566778899').toString('base64url')}.mkK0X9.kcxs7glKnv_4j1F9vLK86vdL9dED8MAaOqNWWO`)).toBe(true);
    expect(discordTokenValid('MissingSemicolonErrorHelper.Abcdef.ThisIsJustAPropertyAccessChain')).toBe(false);
  });
  it('checks that Basic credentials decode to user:password', () => {
    expect(basicCredentialsValid(Buffer.from('deploy:Q7w!mZ2xNp4r').toString('base64'))).toBe(true);
    expect(basicCredentialsValid(Buffer.from('deploy:').toString('base64'))).toBe(false);
    expect(basicCredentialsValid('not base64!')).toBe(false);
    expect(decodeBase64('aGk')?.toString()).toBe('hi');
  });
});
