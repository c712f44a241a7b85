import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { GENERIC_HIT } from './generic.js';
import { SECRET_RULES } from './index.js';

const PATTERNS = [...SECRET_RULES.map((r) => ({ id: r.id, re: r.pattern })), { id: 'generic keyword hit', re: GENERIC_HIT }];

describe('ReDoS safety (recheck)', () => {
  it.each(PATTERNS)('$id is safe', ({ re }) => {
    const result = checkSync(re.source, re.flags.replace('g', ''), { timeout: 10000 });
    expect(result.status).toBe('safe');
  }, 30_000);
});
