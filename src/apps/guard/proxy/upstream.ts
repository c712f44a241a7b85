import type { IncomingHttpHeaders } from 'node:http';
import { WARDEN_VERSION } from '../../../core/version.js';
import type { Protocol } from './errors.js';

export { UpstreamCall, UpstreamFailure, type UpstreamFailureKind, type UpstreamRequest, type UpstreamResponse } from './upstream-call.js';

/** One upstream as guard.yaml configures it (`upstreams.openai`, `upstreams.anthropic`). */
export interface UpstreamConfig {
  base_url: string;
  api_key_env: string;
  timeout_ms: number;
  pass_client_key: boolean;
}

/** Request headers the upstream may see; everything else (hop-by-hop, x-warden-*, cookies) stays here. */
const FORWARD_REQUEST = new Set(['openai-organization', 'openai-project', 'openai-beta', 'anthropic-version', 'anthropic-beta', 'idempotency-key']);
/** Response headers the client may see. */
const FORWARD_RESPONSE = /^(x-request-id|request-id|retry-after|retry-after-ms|openai-processing-ms|openai-version|openai-organization|openai-project|anthropic-organization-id|x-ratelimit-[a-z-]+|anthropic-ratelimit-[a-z-]+)$/;

/**
 * The headers sent upstream. The credential is the client's own (Authorization for OpenAI,
 * x-api-key or Authorization for Anthropic) when `pass_client_key` is on and the client sent
 * one, else the server-side key from `api_key_env`. The guard's own key travels in
 * `x-warden-key` and is never forwarded.
 *
 * @example
 * upstreamHeaders('openai', { authorization: 'Bearer sk-client' }, config, {}).authorization; // 'Bearer sk-client'
 */
export function upstreamHeaders(protocol: Protocol, incoming: IncomingHttpHeaders, config: UpstreamConfig, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'user-agent': `warden-guard/${WARDEN_VERSION}` };
  for (const name of FORWARD_REQUEST) {
    const value = incoming[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const serverKey = env[config.api_key_env];
  const clientAuth = typeof incoming.authorization === 'string' ? incoming.authorization : undefined;
  const clientApiKey = typeof incoming['x-api-key'] === 'string' ? incoming['x-api-key'] : undefined;
  const useClient = config.pass_client_key && (clientAuth !== undefined || (protocol === 'anthropic' && clientApiKey !== undefined));
  if (protocol === 'openai') {
    if (useClient && clientAuth) headers.authorization = clientAuth;
    else if (serverKey) headers.authorization = `Bearer ${serverKey}`;
  } else {
    headers['anthropic-version'] ??= '2023-06-01';
    if (useClient) {
      if (clientApiKey) headers['x-api-key'] = clientApiKey;
      if (clientAuth) headers.authorization = clientAuth;
    } else if (serverKey) headers['x-api-key'] = serverKey;
  }
  return headers;
}

/**
 * The upstream's response headers that the client should see (request ids, rate-limit state,
 * Retry-After). Names arrive lower-cased from `node:http`.
 *
 * @example
 * forwardedResponseHeaders({ 'retry-after': '3', 'set-cookie': ['x'] }); // { 'retry-after': '3' }
 */
export function forwardedResponseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || !FORWARD_RESPONSE.test(name)) continue;
    out[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

/** Joins a base URL and a path without doubling or dropping the slash. */
export function upstreamUrl(base: string, path: string): string {
  // Index scans, not /\/+$/: an end-anchored quantifier is retried from every slash of a hostile base URL.
  let end = base.length;
  while (end > 0 && base.charCodeAt(end - 1) === 47) end--;
  let start = 0;
  while (start < path.length && path.charCodeAt(start) === 47) start++;
  return `${base.slice(0, end)}/${path.slice(start)}`;
}
