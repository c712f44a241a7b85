import { describe, expect, it } from 'vitest';
import { urlsDetector } from './index.js';

const ctx = { present: new Set<string>(), view: 'original' };
const detect = (text: string) => urlsDetector.detect(text, ctx);
const rules = (text: string) => [...new Set(detect(text).map((f) => f.rule))].sort();

describe('tunnel hosts', () => {
  it('flags sub-domains of tunnel services, higher on login and payment paths', () => {
    const [plain] = detect('Preview: https://3a9f-41-77-10-2.ngrok.io/');
    expect(plain).toMatchObject({ rule: 'urls.tunnel-host', severity: 'medium', score: 0.55 });
    const [login] = detect('Preview: https://3a9f-41-77-10-2.ngrok.io/outlook/signin');
    expect(login!.score).toBeGreaterThan(plain!.score);
    expect(rules('http://bore.pub:41235/agent')).toEqual(['urls.tunnel-host']);
    expect(rules('Docs at https://ngrok.io and https://www.trycloudflare.com are fine.')).toEqual([]);
  });
});

describe('open redirects', () => {
  it('judges a known redirector by where it sends the visitor', () => {
    const [f] = detect('https://l.facebook.com/l.php?u=http%3A%2F%2F185.22.1.9%2Fverify');
    expect(f).toMatchObject({ rule: 'urls.open-redirect', severity: 'medium' });
    expect(f!.message).toContain('185.22.1.9');
    expect(rules('https://www.google.de/url?q=https://www.python.org/downloads/&sa=D')).toEqual([]);
    expect(rules('https://www.google.com/url?q=https://www.youtube.com/watch?v=abc')).toEqual([]);
    expect(rules('https://www.google.com/url?q=http://localhost:3000/')).toEqual([]);
  });

  it('counts a redirect parameter elsewhere only when the target itself is suspect', () => {
    expect(rules('https://portal.acme-bank.de/logout?next=https://acme-bank.verify-login.top/login')).toContain('urls.open-redirect');
    expect(rules('https://sso.acme-corp.io/login?redirect_uri=https://app.acme-corp.io/callback')).toEqual([]);
    expect(rules('https://shop.example-store.com/cart?return=https://shop.example-store.com/checkout')).toEqual([]);
  });
});

describe('percent-encoded hosts', () => {
  it('flags a host with %XX escapes and names what it decodes to', () => {
    const [f] = detect('http://%6c%6f%67%69%6e.acme-secure.net/');
    expect(f).toMatchObject({ rule: 'urls.encoded-host', severity: 'high' });
    expect(f!.message).toContain('login.acme-secure.net');
    expect(rules('https://docs.acme.io/search?q=%E2%9C%93&lang=de')).toEqual([]);
  });
});

describe('brand look-alikes', () => {
  it('knows banks and parcel services, with phishing words in several languages', () => {
    expect(rules('https://postbank-konto-entsperren.com/start')).toEqual(['urls.brand-impersonation']);
    expect(rules('https://dhl-paket-update.info/track')).toEqual(['urls.brand-impersonation']);
    expect(rules('https://www.sparkasse-koelnbonn.de/de/home.html')).toEqual([]);
    expect(rules('https://www.dhl.de/de/privatkunden.html')).toEqual([]);
  });
});
