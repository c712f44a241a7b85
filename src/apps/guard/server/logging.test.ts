import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuardRoutePlugin } from './deps.js';
import { AUTH_KEYS, KEYS, makeHarness, REVERSE_SHELL, SECRET, type Harness } from './test-helpers/harness.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

/** A route that fails with an error whose message quotes text, as a careless library would. */
const failing: GuardRoutePlugin = async (app) => {
  app.post('/test/explode', async function explode(request) {
    throw new Error(`could not parse ${(request.body as { text: string }).text}`);
  });
};

let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ logger: pino({ level: 'debug' }, sink), extraRoutes: [failing], config: { auth: { keys: AUTH_KEYS } } });
});
afterAll(async () => {
  await h.close();
});

describe('logs', () => {
  it('one line per request with id, route, method, status, latency; never the body, headers, query or a raw secret', async () => {
    const url = await h.listen();
    const json = { 'content-type': 'application/json' };
    const calls: [string, RequestInit][] = [
      ['/v1/guard', { method: 'POST', headers: { ...json, 'x-request-id': 'log-1' }, body: JSON.stringify({ response: `key ${SECRET}`, metadata: { tenant: 'acme' } }) }],
      ['/v1/scan', { method: 'POST', headers: json, body: JSON.stringify({ response: REVERSE_SHELL }) }],
      ['/v1/guard', { method: 'POST', headers: json, body: `{"response": "${SECRET}` }],
      ['/v1/guard', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SECRET }],
      ['/v1/guard', { method: 'POST', headers: { ...json, authorization: `Bearer ${SECRET}` }, body: JSON.stringify({ response: 'x' }) }],
      ['/v1/guard', { method: 'POST', headers: { ...json, 'x-api-key': KEYS.acme }, body: JSON.stringify({ response: SECRET, policy_id: 'nope' }) }],
      [`/v1/guard?token=${SECRET}`, { method: 'POST', headers: json, body: JSON.stringify({ response: SECRET }) }],
      [`/v1/${SECRET}`, { method: 'GET' }],
      ['/test/explode', { method: 'POST', headers: json, body: JSON.stringify({ text: SECRET }) }],
    ];
    const statuses: number[] = [];
    for (const [path, init] of calls) statuses.push((await fetch(url + path, init)).status);
    expect(statuses).toEqual([200, 200, 400, 415, 401, 400, 200, 404, 500]);
    await h.audit.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const all = lines.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('sk_live');
    expect(all).not.toContain('/dev/tcp');
    expect(all).not.toContain(KEYS.acme);

    const done = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['msg'] === 'request completed');
    expect(done).toHaveLength(calls.length);
    expect(done[0]).toMatchObject({ reqId: 'log-1', route: '/v1/guard', method: 'POST', status: 200, latency_ms: expect.any(Number), tenant: 'acme' });
    expect(done.find((l) => l['status'] === 401)).toMatchObject({ code: 'W_HTTP_UNAUTHORIZED' });
    expect(done.find((l) => l['code'] === 'W_POLICY_UNKNOWN')).toMatchObject({ key: 'acme', tenant: 'acme', status: 400 });
    expect(done.find((l) => l['status'] === 404)).toMatchObject({ route: 'unmatched' });
    // The 500 is logged with its stack frames and type, not the message that quoted the input.
    const failure = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'request failed');
    expect(failure).toMatchObject({ code: 'W_INTERNAL', err: { type: 'Error', stack: expect.stringContaining('at ') } });
    // request.log (made on first use) carries the request id like a per-request child logger.
    const failedLine = done.find((l) => l['status'] === 500)!;
    expect(failure!['reqId']).toBe(failedLine['reqId']);
    expect(typeof failure!['reqId']).toBe('string');
  });

  it('the audit rows of those requests hold no raw value either', async () => {
    await h.audit.flush();
    const entries = await h.audit.query({ limit: 1000 });
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('/dev/tcp');
  });
});
