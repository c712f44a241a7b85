import { WardenError } from '../../../../core/errors.js';

/** Largest answer body read (an NVD page of 2,000 CVEs is ~10 MB, the KEV feed ~1.5 MB). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Longest single wait honoured (Retry-After, rate-limit reset). */
const MAX_WAIT_MS = 3_600_000;

/** Knobs shared by the online collectors; tests inject fetch and a fake clock. */
export interface HttpTuning {
  /** Retries per request on 429, 502, 503, 504, rate-limited 403 and network errors (default 5). */
  maxRetries?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Largest answer read (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
}

export interface HttpClientOptions extends HttpTuning {
  /** Sent with every request (auth headers included: they never appear in errors). */
  headers?: Record<string, string>;
  /** Least time between two requests (arXiv asks for 3 s). */
  minIntervalMs?: number;
  /** Said after "HTTP 401/403" so the user knows which credential to check. */
  authHint: string;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const RETRIED = new Set([429, 502, 503, 504]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * A GET client for paged public APIs: retries 429/5xx and network errors honouring
 * Retry-After (seconds or HTTP date) else backing off 1 s, 2 s, 4 s...; treats a 403 with
 * Retry-After or `x-ratelimit-remaining: 0` as a rate limit (GitHub's way) and waits until
 * `x-ratelimit-reset`; after a success that used the last request of the quota, waits for the
 * reset before the next one. Errors are W_INSTRUCT_FETCH naming the URL and the status, never
 * the headers (tokens, passwords).
 *
 * @example
 * const http = new HttpClient({ headers: { authorization: 'Bearer …' }, authHint: 'check --github-token' });
 * const { text } = await http.get(new URL('https://api.github.com/advisories?per_page=100'));
 */
export class HttpClient {
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly maxRetries: number;
  /** No request before this time (politeness interval or an exhausted quota). */
  private notBefore = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.doFetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.maxRetries = options.maxRetries ?? 5;
  }

  /** GETs `url`; resolves with a 2xx answer's body, else throws W_INSTRUCT_FETCH. */
  async get(start: URL, accept = 'application/json'): Promise<HttpAnswer> {
    let url = start;
    let where = url.toString();
    let redirects = 0;
    for (let attempt = 0; ; attempt++) {
      const wait = this.notBefore - this.now();
      if (wait > 0) await this.sleep(wait);
      this.notBefore = this.now() + (this.options.minIntervalMs ?? 0);
      let status = 0;
      let delay: number | undefined;
      try {
        // Redirects are followed here, and only on the same host, so credentials never leave it.
        const response = await this.doFetch(url, { headers: { accept, ...this.options.headers }, redirect: 'manual' });
        status = response.status;
        const location = REDIRECTS.has(status) ? response.headers.get('location') : null;
        if (location !== null) {
          await response.body?.cancel();
          const target = new URL(location, url);
          if (target.origin !== url.origin) throw new WardenError('W_INSTRUCT_FETCH', `HTTP ${status} redirects to another host (${target.origin}); not following with credentials: pass that URL instead`, { where });
          if (++redirects > MAX_REDIRECTS) throw new WardenError('W_INSTRUCT_FETCH', `more than ${MAX_REDIRECTS} redirects`, { where });
          url = target;
          where = url.toString();
          attempt--;
          continue;
        }
        const reset = quotaReset(response.headers);
        if (response.ok) {
          if (reset !== undefined) this.notBefore = Math.max(this.notBefore, reset);
          const limit = this.options.maxBodyBytes ?? MAX_BODY_BYTES;
          const length = Number(response.headers.get('content-length') ?? 0);
          if (length > limit) throw new WardenError('W_INSTRUCT_FETCH', `answer of ${length} bytes is over the limit of ${limit}`, { where });
          return { status, headers: response.headers, text: await readBounded(response, where, limit) };
        }
        await response.body?.cancel();
        const retryAfter = response.headers.get('retry-after');
        const limited = RETRIED.has(status) || (status === 403 && (retryAfter !== null || reset !== undefined));
        if (!limited) throw new WardenError('W_INSTRUCT_FETCH', `HTTP ${status}${status === 401 || status === 403 ? ` (${this.options.authHint})` : ''}`, { where });
        delay = retryAfterMs(retryAfter, this.now()) ?? (reset !== undefined ? Math.min(Math.max(0, reset - this.now()), MAX_WAIT_MS) : undefined);
      } catch (error) {
        if (error instanceof WardenError) throw error;
        status = 0; // a network error is retried like a 503
      }
      if (attempt >= this.maxRetries) throw new WardenError('W_INSTRUCT_FETCH', `gave up after ${this.maxRetries + 1} attempts (last: ${status ? `HTTP ${status}` : 'network error'})`, { where });
      await this.sleep(delay ?? Math.min(1000 * 2 ** attempt, 60_000));
    }
  }

  /** GETs `url` and parses the body as JSON. */
  async json(url: URL): Promise<{ body: unknown; headers: Headers }> {
    const answer = await this.get(url);
    try {
      return { body: JSON.parse(answer.text) as unknown, headers: answer.headers };
    } catch (cause) {
      throw new WardenError('W_INSTRUCT_FETCH', `the answer is not JSON: ${(cause as Error).message}`, { where: url.toString(), cause });
    }
  }
}

/** The body as text, stopping (and cancelling the stream) once it passes the limit: chunked answers have no content-length to check first. */
export async function readBounded(response: Response, where: string, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > limit) throw new WardenError('W_INSTRUCT_FETCH', `answer is over the limit of ${limit} bytes`, { where });
      chunks.push(value);
    }
  } finally {
    if (bytes > limit) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_WAIT_MS);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), MAX_WAIT_MS);
}

/** GitHub-style quota: the reset time (ms) when `x-ratelimit-remaining` is 0, else undefined. */
function quotaReset(headers: Headers): number | undefined {
  if (headers.get('x-ratelimit-remaining')?.trim() !== '0') return undefined;
  const reset = Number(headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
}

/**
 * The `rel="next"` target of an RFC 8288 Link header, or undefined.
 *
 * @example
 * nextLink('<https://api.github.com/advisories?after=abc>; rel="next", <…>; rel="prev"'); // 'https://api.github.com/advisories?after=abc'
 */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const [target, ...params] = part.split(';');
    const url = target?.trim();
    if (!url?.startsWith('<') || !url.endsWith('>')) continue;
    if (params.some((p) => /^\s*rel\s*=\s*"?next"?\s*$/i.test(p))) return url.slice(1, -1);
  }
  return undefined;
}
