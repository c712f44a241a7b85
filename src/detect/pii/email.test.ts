import { describe, expect, it } from 'vitest';
import type { DetectContext } from '../detector.js';
import { piiDetector } from './index.js';

const ctx: DetectContext = { present: new Set(), view: 'original' };
const emails = (text: string): string[] => piiDetector.detect(text, ctx).filter((f) => f.rule === 'pii.email').map((f) => text.slice(f.start, f.end));

describe('email addresses', () => {
  it('finds addresses and trims sentence punctuation', () => {
    expect(emails('Mail first.last@sub.domain.org. Or <a_b+tag@x-y.co.uk>, or "o\'neil@corp.ie"')).toEqual(['first.last@sub.domain.org', 'a_b+tag@x-y.co.uk', "o'neil@corp.ie"]);
    expect(emails('mailto:bob@corp.io?subject=hi')).toEqual(['bob@corp.io']);
    expect(emails('https://x.com/?u=bob@corp.io')).toEqual(['bob@corp.io']);
  });

  it('scores reserved documentation domains lower but still reports them', () => {
    const [doc] = piiDetector.detect('e.g. jane@example.com', ctx);
    const [real] = piiDetector.detect('e.g. jane@gmail.com', ctx);
    expect(doc!.score).toBeLessThan(real!.score);
    expect(doc!.explanation!.some((s) => s.step === 'invalidation')).toBe(true);
    expect(doc).toMatchObject({ severity: 'low', message: 'email address (example domain)' });
    expect(real).toMatchObject({ severity: 'medium' });
  });

  it.each([
    'https://admin:hunter2@db.internal.net/path',
    'ftp://user@files.corp.com/',
    'git clone git@github.com:org/repo.git',
    'npm i react@18.2.0 @types/node',
    'icon@2x.png and bundle@latest',
    'user@localhost',
    'a@b',
    '@mention in a chat',
    'x..y@corp.com',
    `${'a'.repeat(70)}@corp.com`,
  ])('rejects %j', (text) => {
    expect(emails(text)).toEqual([]);
  });

  it('stays linear on a long run of @ and dots', () => {
    const text = '@.'.repeat(200_000) + 'a@b.co';
    const started = performance.now();
    expect(emails(text)).toEqual(['a@b.co']);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
