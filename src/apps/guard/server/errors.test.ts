import { describe, expect, it } from 'vitest';
import { WardenError } from '../../../core/errors.js';
import { describeError, HttpError } from './errors.js';

describe('describeError', () => {
  it('maps our errors, WardenErrors and Fastify errors to status, code and a message that never quotes input', () => {
    expect(describeError(new HttpError('W_HTTP_RATE_LIMITED', 'slow down', { 'retry-after': '3' }))).toEqual({ status: 429, code: 'W_HTTP_RATE_LIMITED', message: 'slow down', headers: { 'retry-after': '3' } });
    expect(describeError(new WardenError('W_POLICY_UNKNOWN', 'unknown policy "x"'))).toMatchObject({ status: 400, code: 'W_POLICY_UNKNOWN' });
    expect(describeError(new WardenError('W_STORE', 'db down'))).toMatchObject({ status: 503, code: 'W_STORE' });
    expect(describeError(new WardenError('W_INTERNAL', 'secret detail'))).toEqual({ status: 500, code: 'W_INTERNAL', message: 'internal error', headers: {} });
    expect(describeError(Object.assign(new Error('Unexpected token in "sk_live_..."'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }))).toMatchObject({ status: 400, code: 'W_HTTP_BAD_JSON', message: 'request body is not valid JSON' });
    expect(describeError(Object.assign(new Error('x'), { code: 'FST_ERR_HANDLER_TIMEOUT', statusCode: 503 }))).toMatchObject({ status: 503, code: 'W_HTTP_TIMEOUT', headers: { 'retry-after': '1' } });
    expect(describeError(Object.assign(new Error('odd header value'), { statusCode: 431 }))).toEqual({ status: 431, code: 'W_HTTP_INVALID_REQUEST', message: 'invalid request', headers: {} });
    expect(describeError(new TypeError('boom with text'))).toEqual({ status: 500, code: 'W_INTERNAL', message: 'internal error', headers: {} });
  });
});
