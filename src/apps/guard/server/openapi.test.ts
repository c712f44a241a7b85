import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_KEYS, KEYS, makeHarness, REVERSE_SHELL, SECRET, type Harness } from './test-helpers/harness.js';

interface Doc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, object> };
}
interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
  security?: Record<string, string[]>[];
}

let h: Harness;
let doc: Doc;
/** Strict JSON Schema 2020-12 (the OpenAPI 3.1 dialect), over the document's own schemas. */
let ajv: Ajv2020;
const DOC_ID = 'https://warden.invalid/openapi.json';

/** Points '#/components/schemas/X' refs at the $defs of the schema document registered with Ajv. */
function rewrite(value: unknown): object {
  if (Array.isArray(value)) return value.map(rewrite);
  if (!value || typeof value !== 'object') return value as object;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', `${DOC_ID}#/$defs/`) : typeof v === 'object' ? rewrite(v) : v]),
  );
}

beforeAll(async () => {
  h = await makeHarness({ config: { auth: { keys: AUTH_KEYS } } });
  const res = await h.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
  ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: DOC_ID, $defs: rewrite(doc.components.schemas) });
});
afterAll(async () => {
  await h.close();
});

function schemaAt(path: string, method: string, status: string): object {
  const op = doc.paths[path]?.[method];
  const schema = op?.responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no ${status} schema for ${method} ${path}`);
  return rewrite(schema);
}

function expectMatches(path: string, method: string, status: number, body: unknown): void {
  const validate = ajv.compile(schemaAt(path, method, String(status)));
  const ok = validate(body);
  expect(validate.errors ?? [], `${method} ${path} ${status}`).toEqual([]);
  expect(ok).toBe(true);
}

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document: paths, operations, unique ids, resolvable refs, strict JSON Schema 2020-12', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/metrics', '/readyz', '/v1/audit', '/v1/guard', '/v1/guard/batch', '/v1/scan']);
    const ids = new Set<string>();
    const text = JSON.stringify(doc);
    for (const ref of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(ref[1]!);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(['get', 'post'], path).toContain(method);
        expect(op.operationId, path).toBeTruthy();
        expect(ids.has(op.operationId!), `duplicate ${op.operationId}`).toBe(false);
        ids.add(op.operationId!);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const response of Object.values(op.responses)) {
          expect(response.description).toBeTruthy();
          for (const media of Object.values(response.content ?? {})) ajv.compile(rewrite(media.schema));
        }
        if (op.requestBody) ajv.compile(rewrite(op.requestBody.content['application/json']!.schema));
        for (const parameter of op.parameters ?? []) {
          expect(['query', 'path']).toContain(parameter.in);
          ajv.compile(parameter.schema);
        }
        for (const requirement of op.security ?? []) for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes).toHaveProperty(scheme);
      }
    }
    expect(doc.paths['/healthz']!['get']!.security).toEqual([]);
    expect(doc.paths['/v1/guard']!['post']!.security?.length).toBeGreaterThan(0);
    expect(doc.paths['/v1/audit']!['get']!.parameters!.map((p) => p.name).sort()).toEqual(['limit', 'rule', 'since', 'tenant', 'until']);
  });

  it('real answers of every route match the documented response schemas', async () => {
    const post = (url: string, payload: object, headers: Record<string, string> = {}) => h.app.inject({ method: 'POST', url, payload, headers });
    for (const text of ['hello', `key ${SECRET}`, REVERSE_SHELL, 'To wipe a disk people run `rm -rf /`; never run that command.']) {
      const guard = await post('/v1/guard', { response: text, metadata: { tenant: 'acme' } });
      expectMatches('/v1/guard', 'post', 200, guard.json());
      expectMatches('/v1/scan', 'post', 200, (await post('/v1/scan', { response: text })).json());
    }
    expectMatches('/v1/guard', 'post', 200, (await post('/v1/guard', { response: REVERSE_SHELL, policy_id: 'watch' })).json());
    expectMatches('/v1/guard/batch', 'post', 200, (await post('/v1/guard/batch', { items: [{ response: SECRET }, { response: REVERSE_SHELL }] })).json());
    await h.audit.flush();
    const audit = await h.app.inject({ method: 'GET', url: '/v1/audit?limit=50', headers: { 'x-api-key': KEYS.admin } });
    expect(audit.json().entries.length).toBeGreaterThan(0);
    expectMatches('/v1/audit', 'get', 200, audit.json());
    expectMatches('/healthz', 'get', 200, (await h.app.inject({ method: 'GET', url: '/healthz' })).json());
    expectMatches('/readyz', 'get', 200, (await h.app.inject({ method: 'GET', url: '/readyz' })).json());
    // Errors share one documented shape.
    expectMatches('/v1/guard', 'post', 400, (await post('/v1/guard', {})).json());
    expectMatches('/v1/guard', 'post', 400, (await post('/v1/guard', { response: 'x', policy_id: 'nope' })).json());
    expectMatches('/v1/guard', 'post', 401, (await post('/v1/guard', { response: 'x' }, { 'x-api-key': 'wrong' })).json());
    expectMatches('/v1/audit', 'get', 401, (await h.app.inject({ method: 'GET', url: '/v1/audit' })).json());
    const unsupported = await h.app.inject({ method: 'POST', url: '/v1/guard', headers: { 'content-type': 'text/plain' }, payload: 'x' });
    expectMatches('/v1/guard', 'post', 415, unsupported.json());
  });

  it('the documented request schema is the one enforced: what it rejects, the server rejects', async () => {
    const validate = ajv.compile(rewrite(doc.paths['/v1/guard']!['post']!.requestBody!.content['application/json']!.schema));
    for (const body of [{ response: 'x' }, { response: 'x', policy_id: 'default', metadata: { tenant: 'a', k: 1 } }, {}, { response: 1 }, { response: 'x', extra: true }, { response: 'x', policy_id: '' }]) {
      const res = await h.app.inject({ method: 'POST', url: '/v1/guard', payload: body });
      // Numbers are coerced to strings by the server (Ajv coerceTypes), the one documented leniency.
      const accepted = validate(body) || (typeof (body as { response?: unknown }).response === 'number' && Object.keys(body).length === 1);
      expect(res.statusCode === 200, JSON.stringify(body)).toBe(accepted);
    }
  });
});
