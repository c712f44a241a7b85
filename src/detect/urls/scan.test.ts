import { describe, expect, it } from 'vitest';
import { findUrls } from './scan.js';

const urls = (text: string) => findUrls(text).map((u) => text.slice(u.start, u.end));

describe('findUrls', () => {
  it('drops trailing prose punctuation and markdown emphasis', () => {
    expect(urls('See https://example.com/a. Or https://x.org/b, then **https://t.co/xyz**!')).toEqual([
      'https://example.com/a',
      'https://x.org/b',
      'https://t.co/xyz',
    ]);
  });

  it('keeps balanced parentheses and stops at an unbalanced one (markdown links)', () => {
    expect(urls('[w](https://en.wikipedia.org/wiki/Foo_(bar)) and (https://a.com/x)')).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://a.com/x']);
    expect(urls('[https://a.com](https://a.com)')).toEqual(['https://a.com', 'https://a.com']);
  });

  it('stops at quotes, angle brackets and the opening quote', () => {
    expect(urls('<a href="https://x.com/a?b=1">x</a> <https://y.com/z>')).toEqual(['https://x.com/a?b=1', 'https://y.com/z']);
    expect(urls("href='javascript:alert(1)' title='x'")).toEqual(['javascript:alert(1)']);
  });

  it('finds www., bare host/path and IP forms, not file paths', () => {
    expect(urls('go to www.evil.tk or evil.tk/x.exe or 185.1.2.3/p.sh')).toEqual(['www.evil.tk', 'evil.tk/x.exe', '185.1.2.3/p.sh']);
    expect(urls('src/detect/urls/index.ts ./setup.py/x bob@corp.com/x 10.0.0.0/8 v1.2.3.4/5')).toEqual([]);
  });

  it('requires a media type after data: and a body after javascript:', () => {
    expect(urls('metadata: x; data: {a: 1}; JavaScript: rocks')).toEqual([]);
    expect(urls('src="data:image/png;base64,iVBORw0KGgo=" data:,hi')).toEqual(['data:image/png;base64,iVBORw0KGgo=', 'data:,hi']);
  });

  it('carries IDN and homograph hosts but stops at CJK punctuation and Unicode spaces', () => {
    expect(urls('访问https://g\u043e\u043egle.com/x。谢谢')).toEqual(['https://g\u043e\u043egle.com/x']);
    expect(urls('a https://b.com/c\u00a0d')).toEqual(['https://b.com/c']);
  });

  it('doc example', () => {
    expect(findUrls('see https://example.com/a.')).toEqual([{ start: 4, end: 25, kind: 'scheme', scheme: 'https' }]);
  });

  it('reports kind and lower-case scheme', () => {
    expect(findUrls('HTTPS://A.COM/x www.b.com c.io/d')).toEqual([
      { start: 0, end: 15, kind: 'scheme', scheme: 'https' },
      { start: 16, end: 25, kind: 'www', scheme: 'http' },
      { start: 26, end: 32, kind: 'bare', scheme: 'http' },
    ]);
  });
});
