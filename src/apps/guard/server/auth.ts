import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './errors.js';

/** One API key as configured: only the sha256 of the key is kept at rest. */
export interface ApiKeyConfig {
  id: string;
  tenant?: string | null | undefined;
  /** sha256 hex of the key. */
  sha256: string;
  /** e.g. ['guard', 'audit']; absent: ['guard']. */
  scopes?: readonly string[] | undefined;
  /** Policy for this key's requests that name none. */
  policy?: string | undefined;
}

/** Who is calling, once a key was verified. */
export interface Principal {
  keyId: string;
  /** The tenant the key is bound to; null for a key that may act for any tenant. */
  tenant: string | null;
  scopes: ReadonlySet<string>;
  /** The key's default policy, if the config gives one. */
  policy: string | undefined;
}

/** Longest key we hash; anything longer is rejected unread (headers are bounded by Node anyway). */
const MAX_KEY_CHARS = 512;

/**
 * The configured keys, compared by sha256 in constant time: every stored hash is compared with
 * `timingSafeEqual`, with no early exit, so timing says nothing about which key (or how much
 * of one) matched.
 *
 * @example
 * const ring = new ApiKeyRing([{ id: 'ci', tenant: 'acme', sha256: hashApiKey('s3cret'), scopes: ['guard'] }]);
 * ring.verify('s3cret')?.tenant; // 'acme'
 */
export class ApiKeyRing {
  private readonly keys: { hash: Buffer; principal: Principal }[];

  constructor(keys: readonly ApiKeyConfig[]) {
    this.keys = keys
      .filter((k) => /^[0-9a-f]{64}$/i.test(k.sha256))
      .map((k) => ({
        hash: Buffer.from(k.sha256.toLowerCase(), 'hex'),
        principal: { keyId: k.id, tenant: k.tenant ?? null, scopes: new Set(k.scopes ?? ['guard']), policy: k.policy },
      }));
  }

  get size(): number {
    return this.keys.length;
  }

  verify(key: string): Principal | undefined {
    if (key.length === 0 || key.length > MAX_KEY_CHARS) return undefined;
    const presented = createHash('sha256').update(key).digest();
    let found: Principal | undefined;
    for (const entry of this.keys) {
      if (timingSafeEqual(presented, entry.hash) && !found) found = entry.principal;
    }
    return found;
  }
}

/**
 * The sha256 hex to put in `auth.keys[].sha256` for a key.
 *
 * @example
 * hashApiKey('s3cret'); // '1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0'
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The guard key a request presents: `x-warden-key`, else `x-api-key`, else `Authorization: Bearer`.
 * With `upstreamKeys` (proxy routes that pass the client's own OpenAI/Anthropic key upstream)
 * only `x-warden-key` counts, since the other two headers belong to the upstream.
 *
 * @example
 * presentedKey({ authorization: 'Bearer abc' }); // 'abc'
 */
export function presentedKey(headers: IncomingHttpHeaders, upstreamKeys = false): string | undefined {
  const warden = headers['x-warden-key'];
  if (typeof warden === 'string') return warden.trim();
  if (upstreamKeys) return undefined;
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string') return apiKey.trim();
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return match ? match[1] : '';
  }
  return undefined;
}

export interface AuthOptions {
  /** Every non-public route needs a valid key. */
  required: boolean;
  ring: ApiKeyRing;
}

/**
 * Authentication for every non-public route (route config `public: true` opts out). A valid key
 * sets `request.principal`; a presented but unknown key is always 401; a missing key is 401 when
 * auth is required or the route says `requireKey: true`; a key without the route's scope
 * (config `scope`, default 'guard') is 403.
 */
export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest('principal', null);
  // Synchronous (callback-style) hook: no promise per request.
  app.addHook('onRequest', function authenticate(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) {
    const config = request.routeOptions.config;
    if (config.public) return done();
    const key = presentedKey(request.headers, config.upstreamKeys === true);
    if (key === undefined) {
      if (options.required || config.requireKey) {
        return done(new HttpError('W_HTTP_UNAUTHORIZED', 'missing API key: send Authorization: Bearer <key> or x-api-key', { 'www-authenticate': 'Bearer' }));
      }
      return done();
    }
    const principal = options.ring.verify(key);
    if (!principal) return done(new HttpError('W_HTTP_UNAUTHORIZED', 'invalid API key', { 'www-authenticate': 'Bearer' }));
    const scope = config.scope ?? 'guard';
    if (!principal.scopes.has(scope)) return done(new HttpError('W_HTTP_FORBIDDEN', `this key lacks the "${scope}" scope`));
    request.principal = principal;
    done();
  });
}

/**
 * The tenant a request acts for: the key's tenant when the key is bound to one; otherwise the
 * caller's `metadata.tenant` (auth off, or a key trusted to act for any tenant).
 */
export function requestTenant(request: FastifyRequest, claimed: string | undefined): string | null {
  const principal = request.principal;
  if (principal?.tenant) return principal.tenant;
  return claimed ?? null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, or null when auth is off and no key was sent. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** No auth, no limits: health, readiness, metrics, the OpenAPI document. */
    public?: boolean;
    /** Scope a key needs on this route (default 'guard'). */
    scope?: string;
    /** A key is needed even when auth.required is false (e.g. /v1/audit). */
    requireKey?: boolean;
    /** Authorization / x-api-key carry the client's upstream key here; only x-warden-key authenticates. */
    upstreamKeys?: boolean;
  }
}
