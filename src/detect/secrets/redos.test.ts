import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { GENERIC_HIT, GENERIC_HIT_WORDS, genericHitRegex } from './generic.js';
import { SECRET_RULES } from './index.js';

const PATTERNS = [...SECRET_RULES.map((r) => ({ id: r.id, re: r.pattern })), { id: 'generic keyword hit', re: GENERIC_HIT },
  { id: 'generic keyword hit (case classes)', re: genericHitRegex(GENERIC_HIT_WORDS) },
];

describe('ReDoS safety (recheck)', () => {
  it.each(PATTERNS)('$id is safe', ({ re }) => {
    const result = checkSync(re.source, re.flags.replace('g', ''), { timeout: 10000 });
    expect(result.status).toBe('safe');
  }, 30_000);
});
