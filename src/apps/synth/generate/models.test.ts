import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { LlmError } from '../../../llm/errors.js';
import { DEFAULT_SCHEMA } from '../schema.js';
import { followUpMessages } from './messages.js';
import { ModelChain, quotaReason } from './models.js';

describe('quotaReason', () => {
  it('tells an exhausted quota and lasting rate limits from other failures', () => {
    const quota = APIError.generate(429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }, undefined, new Headers());
    expect(quotaReason(new LlmError('rate_limit', 'HTTP 429', { status: 429, cause: quota }))).toBe('insufficient_quota');
    expect(quotaReason(new LlmError('rate_limit', 'HTTP 429 Rate limit reached', { status: 429 }))).toBe('rate limited after retries');
    expect(quotaReason(new LlmError('server', 'HTTP 500', { status: 500 }))).toBeUndefined();
    expect(quotaReason(new LlmError('auth', 'HTTP 401', { status: 401 }))).toBeUndefined();
    expect(quotaReason(new Error('socket hang up'))).toBeUndefined();
  });
});

describe('ModelChain', () => {
  it('moves on once per failed model and reports the end of the chain', () => {
    const chain = new ModelChain(['a', 'b']);
    const at = new Date('2026-01-01T00:00:00Z');
    expect(chain.advance('a', 'p', 'insufficient_quota', at)).toBe('b');
    // A second request that saw 'a' fail retries on 'b' without another switch.
    expect(chain.advance('a', 'q', 'insufficient_quota', at)).toBe('b');
    expect(chain.switches).toEqual([{ from: 'a', to: 'b', at: '2026-01-01T00:00:00.000Z', prompt: 'p', reason: 'insufficient_quota' }]);
    expect(chain.advance('b', 'p', 'insufficient_quota', at)).toBeUndefined();
  });
});

describe('followUpMessages', () => {
  it('keeps the conversation, quotes the rejections, asks for the exact number and evens out mixed labels', () => {
    const first = [
      { role: 'system' as const, content: 's' },
      { role: 'user' as const, content: 'u' },
    ];
    const rejections = Array.from({ length: 14 }, (_, i) => ({ reason: 'parse' as const, line: i + 1, message: 'invalid JSON' }));
    const messages = followUpMessages(first, 'previous answer', 3, rejections, DEFAULT_SCHEMA, { educational: 4, command: 1, text: 3 });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[2]!.content).toBe('previous answer');
    const last = messages[3]!.content;
    expect(last).toContain('14 rows were rejected');
    expect(last).toContain('- line 12: parse: invalid JSON');
    expect(last).not.toContain('- line 13:');
    expect(last).toContain('... and 2 more');
    expect(last).toContain('favour "command"');
    expect(last).toContain('Write exactly 3 more JSON lines');
  });
});
