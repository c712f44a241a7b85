import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRing, hashApiKey, presentedKey } from './auth.js';
import { AUTH_KEYS, KEYS, makeHarness, SECRET, type Harness } from './test-helpers/harness.js';

describe('ApiKeyRing and presentedKey', () => {
  it('verifies by sha256, returns the key principal, rejects others and skips malformed hashes', () => {
    const ring = new ApiKeyRing([
      { id: 'a', tenant: 'acme', sha256: hashApiKey('key-a'), scopes: ['guard'], policy: 'strict' },
      { id: 'b', sha256: hashApiKey('key-b').toUpperCase() },
      { id: 'broken', sha256: 'not-hex' },
    ]);
    expect(ring.size).toBe(2);
    expect(ring.verify('key-a')).toEqual({ keyId: 'a', tenant: 'acme', scopes: new Set(['guard']), policy: 'strict' });
    expect(ring.verify('key-b')).toMatchObject({ keyId: 'b', tenant: null, scopes: new Set(['guard']) });
    expect(ring.verify('key-c')).toBeUndefined();
    expect(ring.verify('')).toBeUndefined();
    expect(ring.verify('x'.repeat(10_000))).toBeUndefined();
    expect(hashApiKey('s3cret')).toBe('1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0');
  });

  it('reads x-warden-key, then x-api-key, then Authorization: Bearer; proxy routes only x-warden-key', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ authorization: 'bearer   abc  ' })).toBe('abc');
    expect(presentedKey({ authorization: 'Basic abc' })).toBe('');
    expect(presentedKey({ 'x-api-key': 'k1', authorization: 'Bearer k2' })).toBe('k1');
    expect(presentedKey({ 'x-warden-key': 'w', 'x-api-key': 'k1' })).toBe('w');
    expect(presentedKey({})).toBeUndefined();
    expect(presentedKey({ authorization: 'Bearer sk-upstream' }, true)).toBeUndefined();
    expect(presentedKey({ 'x-warden-key': 'w', authorization: 'Bearer sk-upstream' }, true)).toBe('w');
  });
});

describe('auth required', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness({ config: { auth: { required: true, keys: AUTH_KEYS } } });
  });
  afterAll(async () => {
    await h.close();
  });
  const guard = (headers: Record<string, string>, payload: object = { response: 'hello' }) => h.app.inject({ method: 'POST', url: '/v1/guard', headers, payload });
  const audit = (query: string, key?: string) => h.app.inject({ method: 'GET', url: `/v1/audit${query}`, headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('missing key is 401 with WWW-Authenticate; a wrong key is 401; a good key in either header passes', async () => {
    const missing = await guard({});
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json().error.code).toBe('W_HTTP_UNAUTHORIZED');
    expect((await guard({ authorization: 'Bearer wrong-key' })).statusCode).toBe(401);
    expect((await guard({ authorization: 'Basic abc' })).statusCode).toBe(401);
    expect((await guard({ authorization: `Bearer ${KEYS.acme}` })).statusCode).toBe(200);
    expect((await guard({ 'x-api-key': KEYS.acme })).statusCode).toBe(200);
    expect((await guard({ 'x-warden-key': KEYS.acme })).statusCode).toBe(200);
  });

  it('401 comes before body validation, and public routes need no key', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/guard', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(res.statusCode).toBe(401);
    for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.json']) expect((await h.app.inject({ method: 'GET', url })).statusCode).toBe(200);
  });

  it('the tenant comes from the key, not from metadata', async () => {
    const res = await guard({ 'x-api-key': KEYS.acme, 'x-request-id': 'tenant-from-key' }, { response: `k ${SECRET}`, metadata: { tenant: 'globex' } });
    expect(res.statusCode).toBe(200);
    await h.audit.flush();
    const [entry] = await h.audit.query({ limit: 1000 }).then((all) => all.filter((e) => e.request_id === 'tenant-from-key'));
    expect(entry?.tenant).toBe('acme');
  });

  it('/v1/audit needs the audit scope; a tenant key sees only its tenant; other tenants are 403', async () => {
    await guard({ 'x-api-key': KEYS.acme, 'x-request-id': 'acme-1' }, { response: `k ${SECRET}` });
    await guard({ 'x-api-key': KEYS.globex, 'x-request-id': 'globex-1' }, { response: `k ${SECRET}` });
    await guard({ 'x-api-key': KEYS.globex, 'x-request-id': 'globex-2' }, { response: 'clean' });
    await h.audit.flush();

    expect((await audit('')).statusCode).toBe(401);
    const noScope = await audit('', KEYS.guardOnly);
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().error.message).toMatch(/audit/);

    const acme = await audit('', KEYS.acme);
    expect(acme.statusCode).toBe(200);
    const acmeEntries = acme.json().entries as { tenant: string; request_id: string }[];
    expect(acmeEntries.length).toBeGreaterThan(0);
    expect(new Set(acmeEntries.map((e) => e.tenant))).toEqual(new Set(['acme']));
    expect((await audit('?tenant=acme', KEYS.acme)).statusCode).toBe(200);
    expect((await audit('?tenant=globex', KEYS.acme)).statusCode).toBe(403);

    const admin = (await audit('?tenant=globex', KEYS.admin)).json().entries as { tenant: string; request_id: string }[];
    expect(admin.map((e) => e.request_id).sort()).toEqual(['globex-1', 'globex-2']);
    const byRule = (await audit('?rule=secrets.stripe-secret-key&limit=1000', KEYS.admin)).json().entries as { request_id: string }[];
    expect(byRule.map((e) => e.request_id)).toEqual(expect.arrayContaining(['acme-1', 'globex-1']));
    expect(byRule.map((e) => e.request_id)).not.toContain('globex-2');
    expect((await audit('?limit=1', KEYS.admin)).json().entries).toHaveLength(1);
    expect((await audit('?since=1h', KEYS.admin)).json().entries.length).toBeGreaterThan(0);
    expect((await audit(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, KEYS.admin)).json().entries).toEqual([]);
  });

  it('/v1/audit rejects bad query values with 400', async () => {
    for (const query of ['?since=yesterday', '?limit=0', '?limit=5000', '?limit=abc', '?until=2026-13-45', '?bogus=1']) {
      const res = await audit(query, KEYS.admin);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('W_HTTP_INVALID_REQUEST');
    }
  });
});

describe('auth off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness({ config: { auth: { required: false, keys: AUTH_KEYS } } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('guard works without a key; a presented wrong key is still 401; /v1/audit always needs a key', async () => {
    expect((await h.app.inject({ method: 'POST', url: '/v1/guard', payload: { response: 'hi' } })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/v1/guard', payload: { response: 'hi' }, headers: { 'x-api-key': 'nope' } })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/v1/audit' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/v1/audit', headers: { 'x-api-key': KEYS.admin } })).statusCode).toBe(200);
  });

  it('a key bound to a default policy applies it when the request names none', async () => {
    const other = await makeHarness({
      config: { policies: { default: {}, lenient: { block_threshold: 100, rules: [{ category: 'reverse-shell', action: 'annotate' }] } }, auth: { keys: [{ id: 'k', sha256: hashApiKey('pk'), policy: 'lenient' }] } },
    });
    try {
      const res = await other.app.inject({ method: 'POST', url: '/v1/guard', payload: { response: 'hi' }, headers: { 'x-api-key': 'pk' } });
      expect(res.json().policy_id).toBe('lenient');
      const named = await other.app.inject({ method: 'POST', url: '/v1/guard', payload: { response: 'hi', policy_id: 'default' }, headers: { 'x-api-key': 'pk' } });
      expect(named.json().policy_id).toBe('default');
    } finally {
      await other.close();
    }
  });
});
