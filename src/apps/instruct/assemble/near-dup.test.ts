import { describe, expect, it } from 'vitest';
import { DEFAULT_NEAR_DUP, nearDuplicateClusters } from './near-dup.js';

const base = 'the remote ftp daemon in the legacy server accepts an overly long user command that overflows a fixed stack buffer and lets attackers run code as root on the host';
const distinct = [
  'cross site scripting in the search page lets attackers inject script into pages viewed by other users of the forum',
  'a race condition in the kernel memory manager allows local users to gain privileges through crafted mmap calls',
  'the web console stores administrator passwords in cleartext in a world readable configuration file on disk',
  'sql injection in the login form of the billing portal allows remote attackers to read arbitrary database tables',
];

describe('nearDuplicateClusters', () => {
  it('finds planted near duplicates (one word changed, punctuation and case changed) and keeps the earliest', () => {
    const texts = [distinct[0]!, base, distinct[1]!, base.replace('overly', 'very').toUpperCase() + '!', distinct[2]!, base + ' today', distinct[3]!];
    expect(nearDuplicateClusters(texts, DEFAULT_NEAR_DUP)).toEqual([{ representative: 1, members: [1, 3, 5] }]);
  });

  it('does not cluster distinct texts, even ones sharing many words', () => {
    const similarTopic = distinct.map((t) => `vulnerability report: ${t}`);
    expect(nearDuplicateClusters(similarTopic, DEFAULT_NEAR_DUP)).toEqual([]);
  });

  it('is deterministic and honours bands × rows and the shingle size', () => {
    const texts = [base, base.replace('fixed', 'small'), ...distinct];
    const once = nearDuplicateClusters(texts, DEFAULT_NEAR_DUP);
    expect(nearDuplicateClusters(texts, DEFAULT_NEAR_DUP)).toEqual(once);
    expect(once).toEqual([{ representative: 0, members: [0, 1] }]);
    // One band of all 128 rows needs an identical signature: the edited copy is no longer a candidate.
    expect(nearDuplicateClusters(texts, { ...DEFAULT_NEAR_DUP, bands: 1, rows: 128 })).toEqual([]);
    // 13-word shingles lose most of their overlap to one changed word.
    expect(nearDuplicateClusters(texts, { ...DEFAULT_NEAR_DUP, shingle: 13 })).toEqual([]);
  });
});
