import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyLlmError, retryAfter } from './retry.js';
import { mapLimit } from './limit.js';

const policy = { backoff_ms: 100, max_backoff_ms: 1000, max_retry_after_ms: 5000 };

describe('retry policy', () => {
  it('reads retry-after-ms, Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfter(new Headers({ 'retry-after-ms': '250' }), now)).toBe(250);
    expect(retryAfter(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfter(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfter(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfter(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), now)).toBeUndefined();
    expect(retryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfter(new Headers({ 'retry-after': '-3' }), now)).toBeUndefined();
    expect(retryAfter(undefined, now)).toBeUndefined();
  });

  it('backs off exponentially with equal jitter, capped, and honours Retry-After up to its cap', () => {
    expect([0, 1, 2, 3, 4, 10].map((r) => backoffDelay(r, undefined, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map((r) => backoffDelay(r, undefined, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(0, 2000, policy, () => 0)).toBe(2000);
    expect(backoffDelay(0, 2000, policy, () => 1)).toBe(2200);
    expect(backoffDelay(0, 60_000, policy, () => 0)).toBe(5000);
  });

  it('classifies SDK errors: retry 429/408/409/5xx/timeouts/connections, stop on 401/403/404, policy for other 4xx', () => {
    const api = (status: number, code: string | null = null) => APIError.generate(status, { error: { message: 'nope', type: 't', code } }, undefined, new Headers({ 'retry-after': '1' }));
    expect(classifyLlmError(api(429))).toMatchObject({ kind: 'rate_limit', retryable: true, fatal: false, retryAfterMs: 1000, message: 'HTTP 429 nope' });
    for (const status of [408, 409, 500, 502, 503]) expect(classifyLlmError(api(status))).toMatchObject({ kind: 'server', retryable: true });
    for (const status of [401, 403, 404]) expect(classifyLlmError(api(status))).toMatchObject({ fatal: true, retryable: false });
    expect(classifyLlmError(api(400))).toMatchObject({ kind: 'request', retryable: false, fatal: false });
    expect(classifyLlmError(api(400, 'content_filter'))).toMatchObject({ kind: 'content_filter', retryable: false });
    expect(classifyLlmError(new APIConnectionTimeoutError())).toMatchObject({ kind: 'timeout', retryable: true });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyLlmError(new APIConnectionError({ cause: refused }))).toMatchObject({ kind: 'connection', retryable: true, message: 'connection failed: ECONNREFUSED' });
    expect(classifyLlmError(new TypeError('bug'))).toMatchObject({ kind: 'request', retryable: false, message: 'TypeError: bug' });
    expect(classifyLlmError(api(400)).message.length).toBeLessThanOrEqual(201);
  });
});

describe('mapLimit', () => {
  it('keeps input order, bounds concurrency and waits for started calls before rethrowing', async () => {
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const result = await mapLimit([50, 10, 30, 5, 20, 1], 3, async (ms, i) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, ms));
      active--;
      order.push(i);
      return ms * 2;
    });
    expect(result).toEqual([100, 20, 60, 10, 40, 2]);
    expect(peak).toBe(3);
    expect(order).not.toEqual([0, 1, 2, 3, 4, 5]);
    let settled = 0;
    const failing = mapLimit([1, 2, 3, 4], 2, async (n) => {
      await new Promise((r) => setTimeout(r, n === 1 ? 1 : 30));
      settled++;
      if (n === 1) throw new Error('first');
      return n;
    });
    await expect(failing).rejects.toThrow('first');
    expect(settled).toBe(2);
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
