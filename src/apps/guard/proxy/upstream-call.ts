import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

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

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Status and headers of an upstream answer; the body is read with `UpstreamCall.body()` / `text()`. */
export interface UpstreamResponse {
  status: number;
  ok: boolean;
  headers: IncomingHttpHeaders;
}

/**
 * Connections to the upstreams are kept alive (a TCP and TLS handshake per request would cost
 * more than the guard itself) and bounded per origin; requests beyond the bound wait for a free
 * socket. An idle socket is closed after `timeout` ms, or sooner when the upstream announces a
 * shorter keep-alive (Node honours `Keep-Alive: timeout=N`).
 */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 15_000, scheduling: 'lifo' as const };
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/** Codes of a kept-alive socket that the upstream closed while it sat idle (the request never reached it). */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

/**
 * One call to the upstream over `node:http(s)` (the global fetch's web streams and per-request
 * AbortController cost more than the guard's scan on Node 20). The timeout covers the wait for
 * the response headers and then, while the body streams, each wait for the next piece (an idle
 * timeout: a long generation that keeps sending is fine, a stalled one is cut). `abort()` is
 * what a client disconnect calls; it destroys the upstream request and its socket. A request
 * that fails on a reused keep-alive socket before any answer is sent once more on a new one.
 *
 * @example
 * const call = new UpstreamCall({ url, headers, body, timeoutMs: 60_000 });
 * const response = await call.start();
 * for await (const bytes of call.body()) ...
 */
export class UpstreamCall {
  private readonly payload: Buffer;
  private timer: NodeJS.Timeout | undefined;
  private failure: UpstreamFailure | undefined;
  private req: ClientRequest | undefined;
  private res: IncomingMessage | undefined;
  /** The body was read to its end: the socket went back to the pool and must not be destroyed. */
  private complete = false;
  /** An error of the response stream, thrown by the body reader. */
  private bodyError: unknown;
  private wake: (() => void) | undefined;

  constructor(private readonly request: UpstreamRequest) {
    this.payload = Buffer.from(request.body, 'utf8');
  }

  get aborted(): boolean {
    return this.failure !== undefined;
  }

  start(): Promise<UpstreamResponse> {
    this.arm();
    return new Promise((resolve, reject) => this.send(resolve, reject, false));
  }

  /**
   * The response body in pieces (what the socket delivered since the last one), with the idle
   * timeout re-armed per piece; more than `maxBytes` in all aborts the call. Throws UpstreamFailure.
   */
  async *body(maxBytes = Number.MAX_SAFE_INTEGER): AsyncGenerator<Buffer> {
    const res = this.res;
    if (!res) return;
    let bytes = 0;
    try {
      for (;;) {
        this.arm();
        let piece: Buffer | null;
        for (;;) {
          if (this.failure) throw this.failure;
          piece = res.read() as Buffer | null;
          if (piece !== null) {
            bytes += piece.length;
            if (bytes > maxBytes) {
              this.abort('unreachable', `upstream answer larger than ${maxBytes} bytes`);
              throw this.failure!;
            }
            break;
          }
          if (this.bodyError !== undefined) throw new UpstreamFailure('unreachable', `upstream connection failed: ${describeCause(this.bodyError)}`, { cause: this.bodyError });
          if (this.complete) return;
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
        }
        yield piece;
      }
    } finally {
      this.disarm();
    }
  }

  /** The whole body as text, under the same timeout; more than `maxBytes` aborts the call. */
  async text(maxBytes = Number.MAX_SAFE_INTEGER): Promise<string> {
    const pieces: Buffer[] = [];
    let bytes = 0;
    for await (const piece of this.body(maxBytes)) {
      bytes += piece.length;
      pieces.push(piece);
    }
    return (pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, bytes)).toString('utf8');
  }

  /** Ends the upstream request (client gone, stream blocked). Idempotent; a no-op once the answer was read whole. */
  abort(kind: UpstreamFailureKind = 'aborted', message = 'request aborted by the client'): void {
    this.disarm();
    if (this.failure || this.complete) return;
    this.failure = new UpstreamFailure(kind, message);
    // An answer that arrived whole (only not read to its end yet) already gave its socket back to
    // the pool, where another call may be using it: drop the buffered rest instead.
    if (this.res?.complete) this.res.resume();
    else this.req?.destroy(this.failure);
    this.wake?.();
  }

  private send(resolve: (response: UpstreamResponse) => void, reject: (error: unknown) => void, retried: boolean): void {
    if (this.failure) return reject(this.failure);
    let target: Target;
    try {
      target = targetOf(this.request.url);
    } catch (error) {
      this.disarm();
      return reject(new UpstreamFailure('unreachable', 'upstream base_url is not a valid http(s) URL', { cause: error }));
    }
    const headers: Record<string, string> = { ...this.request.headers, 'content-length': String(this.payload.length) };
    const req = target.secure
      ? httpsRequest({ ...target.options, method: 'POST', agent: httpsAgent, headers })
      : httpRequest({ ...target.options, method: 'POST', agent: httpAgent, headers });
    this.req = req;
    req.on('socket', function inUse(socket) {
      // The agent's idle timeout is for free sockets; a busy one is timed by the call itself.
      socket.setTimeout(0);
    });
    req.once('response', (res) => {
      this.res = res;
      res.on('readable', () => this.wake?.());
      res.once('end', () => {
        this.complete = true;
        this.wake?.();
      });
      res.on('error', (error) => {
        this.bodyError = error;
        this.wake?.();
      });
      res.once('close', () => {
        if (!this.complete && this.bodyError === undefined) this.bodyError = new Error('connection closed before the answer ended');
        this.wake?.();
      });
      resolve({ status: res.statusCode ?? 502, ok: (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300, headers: res.headers });
    });
    // Kept for the request's whole life: an 'error' without a listener would crash the process.
    req.on('error', (error: Error & { code?: string }) => {
      if (this.res) return; // after the answer began, the body reader reports failures
      if (!retried && !this.failure && req.reusedSocket && STALE_SOCKET.has(error.code ?? '')) {
        this.send(resolve, reject, true);
        return;
      }
      this.disarm();
      reject(this.failure ?? new UpstreamFailure('unreachable', `upstream unreachable: ${describeCause(error)}`, { cause: error }));
    });
    req.end(this.payload);
  }

  private arm(): void {
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(() => this.abort('timeout', `upstream did not answer within ${this.request.timeoutMs} ms`), this.request.timeoutMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

interface Target {
  secure: boolean;
  options: { protocol: string; hostname: string; port: number | undefined; path: string; auth?: string };
}

/** Parsed upstream URLs (a handful: one per route and upstream), so a request does not parse its URL again. */
const targets = new Map<string, Target>();

function targetOf(url: string): Target {
  let target = targets.get(url);
  if (target) return target;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`unsupported protocol ${parsed.protocol}`);
  // What http.request would derive from a URL object: IPv6 hosts without brackets, credentials as auth.
  const hostname = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  target = {
    secure: parsed.protocol === 'https:',
    options: {
      protocol: parsed.protocol,
      hostname,
      port: parsed.port === '' ? undefined : Number(parsed.port),
      path: `${parsed.pathname}${parsed.search}`,
      ...(parsed.username || parsed.password ? { auth: `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}` } : {}),
    },
  };
  if (targets.size >= 64) targets.clear();
  targets.set(url, target);
  return target;
}

/** A network error's code (ECONNREFUSED, ENOTFOUND...) without anything from the request. */
export function describeCause(error: unknown): string {
  const own = (error as { code?: unknown } | undefined)?.code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (error instanceof Error) return error.message.slice(0, 200);
  return 'unknown error';
}
