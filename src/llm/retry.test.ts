import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { APIError as AnthropicAPIError } from '@anthropic-ai/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { LlmError, classifyLlmError, loadAnthropicSdk, retryAfterMs, scrubMessage } from './errors.js';
import { abortableSleep, backoffDelay, withRetries, type RetryPolicy } from './retry.js';

const policy: RetryPolicy = { maxRetries: 3, backoffMs: 100, maxBackoffMs: 1000, maxRetryAfterMs: 5000 };

function httpError(status: number, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { message: `status ${status}` }, undefined, new Headers(headers));
}

describe('classifyLlmError', () => {
  it.each([
    [401, 'auth', false],
    [403, 'auth', false],
    [404, 'request', false],
    [400, 'request', false],
    [429, 'rate_limit', true],
    [408, 'server', true],
    [409, 'server', true],
    [500, 'server', true],
    [503, 'server', true],
  ] as const)('HTTP %i is %s (retryable %s)', (status, kind, retryable) => {
    expect(classifyLlmError(httpError(status))).toMatchObject({ kind, retryable, status });
  });

  // Warden loads the Anthropic SDK on first use; its error classes are known from then on.
  beforeAll(() => loadAnthropicSdk());

  it('classifies both SDKs alike, and transport failures', () => {
    expect(classifyLlmError(AnthropicAPIError.generate(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers())).kind).toBe('server');
    expect(classifyLlmError(new APIConnectionTimeoutError())).toMatchObject({ kind: 'timeout', retryable: true });
    expect(classifyLlmError(new APIConnectionError({ cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toMatchObject({ kind: 'connection', retryable: true, message: 'connection failed: ECONNREFUSED' });
    expect(classifyLlmError(new APIUserAbortError())).toMatchObject({ kind: 'cancelled', retryable: false });
    expect(classifyLlmError(new TypeError('boom'))).toMatchObject({ kind: 'request', retryable: false });
  });

  it('reads retry-after-ms before retry-after, in seconds or as a date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('uses full jitter below an exponential ceiling, capped', () => {
    expect(backoffDelay(0, undefined, policy, () => 1)).toBe(100);
    expect(backoffDelay(2, undefined, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, undefined, policy, () => 1)).toBe(1000);
    expect(backoffDelay(2, undefined, policy, () => 0)).toBe(0);
    expect(backoffDelay(2, undefined, policy, () => 0.5)).toBe(200);
  });

  it('waits at least the Retry-After, capped, with up to 10 % more', () => {
    expect(backoffDelay(0, 2000, policy, () => 0)).toBe(2000);
    expect(backoffDelay(0, 2000, policy, () => 1)).toBe(2200);
    expect(backoffDelay(0, 60_000, policy, () => 0)).toBe(5000);
  });
});

describe('withRetries', () => {
  it('retries retryable failures with the computed waits, then returns', async () => {
    const waits: number[] = [];
    let n = 0;
    const result = await withRetries(
      async () => {
        if (++n < 3) throw httpError(n === 1 ? 429 : 500, n === 1 ? { 'retry-after': '1' } : {});
        return 'ok';
      },
      policy,
      { sleep: async (ms) => void waits.push(ms), random: () => 0, toError: (f) => new Error(f.message) },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([1000, 0]);
  });

  it('stops at once on a final failure and after maxRetries on retryable ones', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw httpError(401);
        },
        policy,
        { sleep: async () => {}, toError: (f, attempts) => new Error(`${f.kind} after ${attempts}`) },
      ),
    ).rejects.toThrow('auth after 1');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw httpError(502);
        },
        policy,
        { sleep: async () => {}, toError: (f, attempts) => new Error(`${f.kind} after ${attempts}`) },
      ),
    ).rejects.toThrow('server after 4');
    expect(calls).toBe(4);
  });

  it('abortableSleep rejects as cancelled when aborted', async () => {
    const controller = new AbortController();
    const pending = abortableSleep(10_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(LlmError);
  });
});

describe('scrubMessage', () => {
  it('masks secrets and withholds messages that quote the request', () => {
    expect(scrubMessage('HTTP 401 Incorrect API key provided: sk-live-abcdef', [], ['sk-live-abcdef'])).toBe('HTTP 401 Incorrect API key provided: ***');
    const prompt = 'my card is 4111 1111 1111 1111 and my name is Jane';
    expect(scrubMessage(`HTTP 400 invalid: ${prompt}`, [prompt])).toBe('HTTP 400 [server message withheld: it quotes the request]');
    expect(scrubMessage('HTTP 400 invalid temperature', [prompt])).toBe('HTTP 400 invalid temperature');
  });
});
