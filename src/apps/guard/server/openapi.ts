import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { WARDEN_VERSION } from '../../../core/version.js';
import { components } from './schemas.js';

/** What the generator keeps of a route. */
interface RouteRecord {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  public: boolean;
  text: boolean;
}

/**
 * Collects every route registered after this call (the guard API's and the proxy plugins')
 * with its schema, and serves them as an OpenAPI 3.1 document at GET /openapi.json. The document
 * is built from the very schema objects Fastify validates and serializes with, so it cannot
 * drift from the behaviour. Routes with `config.openapi: false` are left out.
 */
export function registerOpenApi(app: FastifyInstance): void {
  const routes: RouteRecord[] = [];
  app.addHook('onRoute', function recordRoute(route: RouteOptions) {
    const config = (route.config ?? {}) as { public?: boolean; openapi?: boolean | 'text' };
    if (config.openapi === false) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routes.push({ method: method.toLowerCase(), url: route.url, schema: (route.schema ?? {}) as Record<string, unknown>, public: config.public === true, text: config.openapi === 'text' });
    }
  });
  let document: object | undefined;
  app.get('/openapi.json', { config: { public: true, openapi: false } }, async function openApiRoute() {
    document ??= buildOpenApi(routes);
    return document;
  });
}

/** The OpenAPI 3.1 document for the recorded routes. Exported for tests and docs generation. */
function buildOpenApi(routes: readonly RouteRecord[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Warden guard API',
      version: WARDEN_VERSION,
      description:
        'Judges LLM responses against named policies: findings (secrets, PII, dangerous commands, risky URLs, exfiltration) with masked previews only, ' +
        'the response with the policy applied, and an audit trail. Errors are {"error": {"code", "message"}}.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, refs(schema, schema)])),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <key>' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        wardenKey: { type: 'apiKey', in: 'header', name: 'x-warden-key', description: 'For proxy routes, where Authorization carries the upstream key.' },
      },
    },
  };
}

function operation(route: RouteRecord): object {
  const schema = route.schema;
  const op: Record<string, unknown> = {};
  for (const key of ['summary', 'description', 'operationId', 'tags'] as const) if (schema[key] !== undefined) op[key] = schema[key];
  const parameters = [
    ...parametersOf(schema['params'], 'path'),
    ...parametersOf(schema['querystring'], 'query'),
  ];
  if (parameters.length) op['parameters'] = parameters;
  if (schema['body']) op['requestBody'] = { required: true, content: { 'application/json': { schema: refs(schema['body']) } } };
  const responses: Record<string, object> = {};
  for (const [status, body] of Object.entries((schema['response'] ?? {}) as Record<string, object>)) {
    responses[status] = { description: STATUS_CODES[Number(status)] ?? status, content: { 'application/json': { schema: refs(body) } } };
  }
  if (route.text) responses['200'] = { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } };
  if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK' };
  op['responses'] = responses;
  op['security'] = route.public ? [] : [{ bearer: [] }, { apiKey: [] }, { wardenKey: [] }];
  return op;
}

function parametersOf(schema: unknown, where: 'path' | 'query'): object[] {
  const object = schema as { properties?: Record<string, object>; required?: string[] } | undefined;
  if (!object?.properties) return [];
  return Object.entries(object.properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    ...((property as { description?: string }).description ? { description: (property as { description: string }).description } : {}),
    schema: refs(property),
  }));
}

/** A copy of `schema` where every named component (by identity) is a `$ref`, except `self`. */
function refs(schema: unknown, self?: unknown): unknown {
  if (schema !== self && typeof schema === 'object' && schema !== null) {
    for (const [name, component] of Object.entries(components)) {
      if (component === schema) return { $ref: `#/components/schemas/${name}` };
    }
  }
  if (Array.isArray(schema)) return schema.map((item) => refs(item));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = refs(value);
  return out;
}

declare module 'fastify' {
  /** Documentation fields read by the OpenAPI generator (Fastify itself ignores them). */
  interface FastifySchema {
    summary?: string;
    description?: string;
    operationId?: string;
    tags?: string[];
  }
  interface FastifyContextConfig {
    /** false: leave the route out of /openapi.json; 'text': its 200 answer is text/plain. */
    openapi?: boolean | 'text';
  }
}
