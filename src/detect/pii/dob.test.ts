import { describe, expect, it } from 'vitest';
import type { DetectContext } from '../detector.js';
import { looksLikeDate, plausibleBirthDate } from './dates.js';
import { piiDetector } from './index.js';

const ctx: DetectContext = { present: new Set(), view: 'original' };
const dobs = (text: string): string[] => piiDetector.detect(text, ctx).filter((f) => f.rule === 'pii.dob').map((f) => text.slice(f.start, f.end));

describe('dates of birth', () => {
  it.each([
    ['DOB: 1985-03-12', '1985-03-12'],
    ['D.O.B. 12/03/85', '12/03/85'],
    ['date of birth 07/14/1988', '07/14/1988'],
    ['She was born on March 5th, 1980.', 'March 5th, 1980'],
    ['born 5 March 1980 in Leeds', '5 March 1980'],
    ['Geburtsdatum: 04.07.1979', '04.07.1979'],
    ['geb. 5. März 1980', '5. März 1980'],
    ['née le 1er février 1990', '1er février 1990'],
    ['Doğum tarihi: 15 Ocak 1990', '15 Ocak 1990'],
    ['fecha de nacimiento: 3 de mayo de 1975', undefined],
    ['Birthday: Dec 24, 1999', 'Dec 24, 1999'],
  ])('%j', (text, value) => {
    expect(dobs(text)).toEqual(value ? [value] : []);
  });

  it.each(['Released on 12 March 2021', 'Meeting 2024-01-15 09:00', 'born in 1985', 'DOB: 31.02.1985', 'Bornholm 12.03.1985', 'born 1850-01-01'])(
    'rejects %j',
    (text) => expect(dobs(text)).toEqual([]),
  );

  it('takes the first date after the cue, within the window', () => {
    expect(dobs('born 12.03.1985, married 04.07.2010')).toEqual(['12.03.1985']);
    expect(dobs(`born ${'x'.repeat(60)} 12.03.1985`)).toEqual([]);
  });

  it('validates calendar days', () => {
    expect(plausibleBirthDate('29.02.2000')).toBe(true);
    expect(plausibleBirthDate('29.02.1900')).toBe(false);
    expect(plausibleBirthDate('1985/13/01')).toBe(false);
    expect(looksLikeDate('2024-01-15')).toBe(true);
    expect(looksLikeDate('415-555-2671')).toBe(false);
  });

  it('drops "born" dates of software, companies and projects', () => {
    expect(dobs('JavaScript was born on 4 December 1995 at Netscape.')).toEqual([]);
    expect(dobs('The startup was born on 12.03.2009 in a dorm room.')).toEqual([]);
    expect(dobs('Git, born 7 April 2005, replaced BitKeeper.')).toEqual([]);
    expect(dobs('My son was born on 7 April 2005.')).toEqual(['7 April 2005']);
    expect(dobs('Dr. Ada Byron was born on 10 December 1815.')).toEqual([]); // before 1900: not a living person's DOB
  });
});
