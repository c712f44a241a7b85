import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_MAX_ITEMS } from './app.js';
import { makeHarness, REVERSE_SHELL, SECRET, type Harness } from './test-helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(async () => {
  await h.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => h.app.inject({ method: 'POST', url, payload: payload as object, headers });

describe('POST /v1/guard', () => {
  it('returns the decision of the real engine: clean text passes unchanged', async () => {
    const res = await post('/v1/guard', { response: 'The capital of France is Paris.' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const body = res.json();
    expect(body).toEqual({ response: 'The capital of France is Paris.', blocked: false, findings: [], risk_score: 0, policy_id: 'default', latency_ms: expect.any(Number), version: expect.any(String) });
  });

  it('masks a live-looking key: the response and the finding never hold the raw value', async () => {
    const res = await post('/v1/guard', { response: `your key: ${SECRET}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(SECRET);
    const body = res.json();
    expect(body.blocked).toBe(false);
    expect(body.response.startsWith('your key: sk')).toBe(true);
    expect(body.findings).toEqual([
      expect.objectContaining({ rule_id: 'secrets.stripe-secret-key', detector: 'secrets', action: 'mask', span: [10, 10 + SECRET.length], segment: 'prose', explain_only: false }),
    ]);
    expect(body.findings[0].hash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('blocks a reverse shell to a concrete host with the block message', async () => {
    const body = (await post('/v1/guard', { response: REVERSE_SHELL })).json();
    expect(body.blocked).toBe(true);
    expect(body.response).toBe('This response was withheld by the security policy.');
    expect(body.risk_score).toBeGreaterThanOrEqual(80);
    expect(body.findings.some((f: { category: string; action: string }) => f.category === 'reverse-shell' && f.action === 'block')).toBe(true);
  });

  it('shadow policy: decides and reports, passes the text through unchanged', async () => {
    const body = (await post('/v1/guard', { response: REVERSE_SHELL, policy_id: 'watch' })).json();
    expect(body).toMatchObject({ response: REVERSE_SHELL, blocked: false, shadow: true, would_block: true, policy_id: 'watch' });
  });

  it('unknown policy id: 400 W_POLICY_UNKNOWN naming the defined ones', async () => {
    const res = await post('/v1/guard', { response: 'x', policy_id: 'nope' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'W_POLICY_UNKNOWN', message: expect.stringContaining('default, watch') } });
  });

  it.each([
    ['missing response', {}, /required property 'response'/],
    ['response not a string', { response: { text: 'x' } }, /response must be string/],
    ['unknown field', { response: 'x', policyId: 'default' }, /additional properties/],
    ['empty policy id', { response: 'x', policy_id: '' }, /policy_id/],
    ['metadata not an object', { response: 'x', metadata: 'acme' }, /metadata must be object/],
    ['body is an array', [{ response: 'x' }], /body must be object/],
  ])('validation: %s is 400 W_HTTP_INVALID_REQUEST', async (_name, payload, message) => {
    const res = await post('/v1/guard', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('W_HTTP_INVALID_REQUEST');
    expect(res.json().error.message).toMatch(message);
  });

  it('malformed or empty JSON is 400 W_HTTP_BAD_JSON and the message never quotes the body', async () => {
    const bad = await h.app.inject({ method: 'POST', url: '/v1/guard', headers: { 'content-type': 'application/json' }, payload: `{"response": "${SECRET}"` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'W_HTTP_BAD_JSON', message: 'request body is not valid JSON' } });
    expect(bad.body).not.toContain('sk_live');
    const empty = await h.app.inject({ method: 'POST', url: '/v1/guard', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('W_HTTP_BAD_JSON');
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['application/xml']])('content type %s is 415', async (type) => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/guard', headers: { 'content-type': type }, payload: 'response=hello' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({ error: { code: 'W_HTTP_UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' } });
  });

  it('a body without any content type is 415; a prototype-poisoning body is 400', async () => {
    const bare = await h.app.inject({ method: 'POST', url: '/v1/guard', payload: Buffer.from('{"response":"x"}') });
    expect(bare.statusCode).toBe(415);
    const poisoned = await h.app.inject({ method: 'POST', url: '/v1/guard', headers: { 'content-type': 'application/json' }, payload: '{"response":"x","__proto__":{"admin":true}}' });
    expect(poisoned.statusCode).toBe(400);
    expect(poisoned.json().error.code).toBe('W_HTTP_BAD_JSON');
  });

  it('accepts application/json with a charset', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/guard', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"response":"hi"}' });
    expect(res.statusCode).toBe(200);
  });

  it('keeps a safe caller x-request-id and replaces an unsafe one', async () => {
    const kept = await post('/v1/guard', { response: 'hi' }, { 'x-request-id': 'trace-123.a:b' });
    expect(kept.headers['x-request-id']).toBe('trace-123.a:b');
    const replaced = await post('/v1/guard', { response: 'hi' }, { 'x-request-id': 'has spaces and "quotes"' });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('POST /v1/scan and /v1/guard/batch', () => {
  it('scan returns findings and the verdict without any text', async () => {
    const res = await post('/v1/scan', { response: `key ${SECRET}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).not.toHaveProperty('response');
    expect(body).toMatchObject({ blocked: false, policy_id: 'default', risk_score: expect.any(Number) });
    expect(body.findings.map((f: { rule_id: string }) => f.rule_id)).toEqual(['secrets.stripe-secret-key']);
    expect(res.body).not.toContain(SECRET);
  });

  it('batch judges each item under its own policy, in order', async () => {
    const res = await post('/v1/guard/batch', { items: [{ response: 'hello' }, { response: REVERSE_SHELL }, { response: REVERSE_SHELL, policy_id: 'watch' }] });
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    expect(results.map((r: { blocked: boolean; policy_id: string }) => [r.blocked, r.policy_id])).toEqual([
      [false, 'default'],
      [true, 'default'],
      [false, 'watch'],
    ]);
    expect(results[2].would_block).toBe(true);
  });

  it('batch: an unknown policy in any item fails the whole batch; count and emptiness are bounded', async () => {
    const unknown = await post('/v1/guard/batch', { items: [{ response: 'a' }, { response: 'b', policy_id: 'nope' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('W_POLICY_UNKNOWN');
    const tooMany = await post('/v1/guard/batch', { items: Array.from({ length: BATCH_MAX_ITEMS + 1 }, () => ({ response: 'a' })) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(new RegExp(`more than ${BATCH_MAX_ITEMS} items`));
    const empty = await post('/v1/guard/batch', { items: [] });
    expect(empty.statusCode).toBe(400);
  });
});

describe('audit recording', () => {
  it('records each decision with request id, tenant (metadata, auth off), policy, route and masked findings only', async () => {
    const res = await post('/v1/guard', { response: `key ${SECRET}`, metadata: { tenant: 'acme', user: 'u1' } }, { 'x-request-id': 'audit-rec-1' });
    expect(res.statusCode).toBe(200);
    const batch = await post('/v1/guard/batch', { items: [{ response: REVERSE_SHELL }, { response: REVERSE_SHELL, policy_id: 'watch' }] }, { 'x-request-id': 'audit-rec-2' });
    expect(batch.statusCode).toBe(200);
    await h.audit.flush();
    const entries = await h.audit.query({ limit: 1000 });
    const one = entries.find((e) => e.request_id === 'audit-rec-1');
    expect(one).toMatchObject({ tenant: 'acme', policy_id: 'default', route: '/v1/guard', model: null, action: 'mask', blocked: false });
    expect(one?.findings[0]).toMatchObject({ rule_id: 'secrets.stripe-secret-key', preview: expect.stringMatching(/\*/) });
    expect(entries.find((e) => e.request_id === 'audit-rec-2:0')).toMatchObject({ route: '/v1/guard/batch', action: 'block', blocked: true });
    expect(entries.find((e) => e.request_id === 'audit-rec-2:1')).toMatchObject({ action: 'shadow', blocked: false, policy_id: 'watch' });
    expect(JSON.stringify(entries)).not.toContain(SECRET);
    expect(JSON.stringify(entries)).not.toContain('/dev/tcp/203.0.113.7');
  });
});

describe('health, 404', () => {
  it('/healthz and /readyz answer; unknown routes are JSON 404s', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { engine: true, audit: true } });
    const missing = await h.app.inject({ method: 'GET', url: '/v1/nothing?x=1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'W_HTTP_NOT_FOUND', message: 'no route GET /v1/nothing' } });
  });

  it('/readyz is 503 when the audit store is unreachable', async () => {
    const other = await makeHarness();
    try {
      await other.audit.close();
      const res = await other.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not_ready', checks: { engine: true, audit: false } });
    } finally {
      await other.close();
    }
  });
});

describe('/metrics', () => {
  it('exposes request latency, detector latency, rule hits, blocks, decisions, pre-classifier labels, errors and in-flight', async () => {
    await post('/v1/guard', { response: REVERSE_SHELL });
    await post('/v1/guard', { response: 'To wipe a disk people run `rm -rf /`; never run that command, it deletes everything.' });
    await post('/v1/guard', { response: 'x', policy_id: 'nope' });
    const res = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toMatch(/warden_guard_http_request_duration_seconds_bucket\{le="[^"]+",route="\/v1\/guard",method="POST",status="200"\}/);
    expect(text).toMatch(/warden_guard_detector_duration_seconds_count\{detector="commands"\} \d+/);
    expect(text).toMatch(/warden_guard_rule_hits_total\{rule="commands\.reverse-shell\.dev-tcp",action="block"\} \d+/);
    expect(text).toMatch(/warden_guard_blocks_total\{policy="default",route="\/v1\/guard",shadow="false"\} \d+/);
    expect(text).toMatch(/warden_guard_decisions_total\{policy="default",route="\/v1\/guard"\} \d+/);
    expect(text).toMatch(/warden_guard_preclassifier_decisions_total\{label="(command|educational)"\} \d+/);
    expect(text).toMatch(/warden_guard_errors_total\{route="\/v1\/guard",code="W_POLICY_UNKNOWN"\} \d+/);
    expect(text).toMatch(/warden_guard_requests_in_flight \d+/);
    expect(text).not.toContain('203.0.113.7');
  });
});
