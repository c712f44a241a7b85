import { describe, expect, it } from 'vitest';
import type { DetectContext } from '../detector.js';
import { scan } from '../scanner.js';
import { piiDetector } from './index.js';

const ctx: DetectContext = { present: new Set(), view: 'original' };
const emails = (text: string): string[] => piiDetector.detect(text, ctx).filter((f) => f.rule === 'pii.email').map((f) => text.slice(f.start, f.end));

describe('spelled-out email addresses', () => {
  it.each([
    ['Write to m.weber [at] posteo [dot] de if you can.', 'm.weber [at] posteo [dot] de'],
    ['contact: ines{at}correo-uni.es', 'ines{at}correo-uni.es'],
    ['Mail: hans.meyer(@)gmx(.)net', 'hans.meyer(@)gmx(.)net'],
    ['Escribe a laura punto gil arroba yahoo punto es', 'laura punto gil arroba yahoo punto es'],
    ['écrivez à paul.martin arobase orange point fr', 'paul.martin arobase orange point fr'],
    ['reach me at tom dot lee at outlook dot com', 'tom dot lee at outlook dot com'],
    ['my address is kaya at gmail dot com', 'kaya at gmail dot com'],
  ])('%j', (text, value) => {
    expect(emails(text)).toEqual([value]);
  });

  it.each([
    'We met at noon dot com style startups.',
    'Look at google dot com for the answer.',
    'The meeting is at 10 dot 30.',
    'Prices start [at] 5 dollars.',
    'Click (at) your own risk.',
    'Bob at the office dot the i.',
  ])('leaves %j alone', (text) => {
    expect(emails(text)).toEqual([]);
  });

  it('is found through the scanner (hint words from its keyword pass)', () => {
    const text = 'Reach Jana: jana.novak [at] seznam [dot] cz';
    const { findings } = scan(text, { detectors: [piiDetector] });
    expect(findings.map((f) => text.slice(f.start, f.end))).toEqual(['jana.novak [at] seznam [dot] cz']);
    expect(findings[0]!.message).toContain('spelled out');
  });
});
