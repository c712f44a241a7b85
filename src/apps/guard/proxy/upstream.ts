import type { IncomingHttpHeaders } from 'node:http';
import { WARDEN_VERSION } from '../../../core/version.js';
import type { Protocol } from './errors.js';

/** One upstream as guard.yaml configures it (`upstreams.openai`, `upstreams.anthropic`). */
export interface UpstreamConfig {
  base_url: string;
  api_key_env: string;
  timeout_ms: number;
  pass_client_key: boolean;
}

/** Why an upstream call failed before (or while) its body arrived. */
export type UpstreamFailureKind = 'timeout' | 'unreachable' | 'aborted';

export class UpstreamFailure extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamFailure';
  }

  /** The status the client gets: 504 for a timeout, 502 for an unreachable upstream, 499 (nobody listens) for an abort. */
  get status(): number {
    return this.kind === 'timeout' ? 504 : this.kind === 'unreachable' ? 502 : 499;
  }
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

/** The upstream's response headers that the client should see (request ids, rate-limit state, Retry-After). */
export function forwardedResponseHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (FORWARD_RESPONSE.test(name)) out[name] = value;
  });
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

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * One call to the upstream with its own AbortController. The timeout covers the wait for the
 * response headers and then, while the body streams, each wait for the next piece (an idle
 * timeout: a long generation that keeps sending is fine, a stalled one is cut). `abort()` is
 * what a client disconnect calls; it ends the upstream request and its socket.
 *
 * @example
 * const call = new UpstreamCall({ url, headers, body, timeoutMs: 60_000 });
 * const response = await call.start();
 * for await (const bytes of call.body()) ...
 */
export class UpstreamCall {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private failure: UpstreamFailure | undefined;
  private response: Response | undefined;

  constructor(private readonly request: UpstreamRequest) {}

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  async start(): Promise<Response> {
    this.arm();
    try {
      this.response = await fetch(this.request.url, { method: 'POST', headers: this.request.headers, body: this.request.body, signal: this.controller.signal });
      return this.response;
    } catch (error) {
      this.disarm();
      throw this.failure ?? new UpstreamFailure('unreachable', `upstream unreachable: ${describeCause(error)}`, { cause: error });
    }
  }

  /** The response body in pieces, with the idle timeout re-armed per piece. Throws UpstreamFailure. */
  async *body(): AsyncGenerator<Uint8Array> {
    const body = this.response?.body;
    if (!body) return;
    const reader = body.getReader();
    try {
      for (;;) {
        this.arm();
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (error) {
          throw this.failure ?? new UpstreamFailure('unreachable', `upstream connection failed: ${describeCause(error)}`, { cause: error });
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      this.disarm();
      reader.releaseLock();
    }
  }

  /** The whole body as text (non-streaming answers), under the same timeout. */
  async text(): Promise<string> {
    const decoder = new TextDecoder();
    let out = '';
    for await (const piece of this.body()) out += decoder.decode(piece, { stream: true });
    return out + decoder.decode();
  }

  /** Ends the upstream request (client gone, stream blocked). Idempotent. */
  abort(kind: UpstreamFailureKind = 'aborted', message = 'request aborted by the client'): void {
    this.disarm();
    if (this.controller.signal.aborted) return;
    this.failure ??= new UpstreamFailure(kind, message);
    this.controller.abort(this.failure);
  }

  private arm(): void {
    this.disarm();
    this.timer = setTimeout(() => this.abort('timeout', `upstream did not answer within ${this.request.timeoutMs} ms`), this.request.timeoutMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** A network error's code (ECONNREFUSED, ENOTFOUND...) without anything from the request. */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (error instanceof Error) return error.message.slice(0, 200);
  return 'unknown error';
}
