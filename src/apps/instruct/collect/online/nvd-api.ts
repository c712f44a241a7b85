import { WardenError } from '../../../../core/errors.js';
import { parseNvdDocument } from '../sources/nvd.js';
import type { OnlinePage } from '../types.js';
import { readBounded } from './http.js';

export const NVD_API_URL = 'https://services.nvd.nist.gov/rest/json/cves/2.0';
/** The API refuses lastModified ranges longer than 120 days. */
export const MAX_WINDOW_DAYS = 120;
const DAY = 86_400_000;
/** Largest page body read (a 2,000-CVE page is ~10 MB). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface NvdApiOptions {
  /** Only CVEs last modified in [since, until] (split into windows of at most 120 days). */
  since: Date;
  until?: Date;
  apiKey?: string;
  baseUrl?: string;
  /** 1..2000 (the API maximum, the default). */
  resultsPerPage?: number;
  /** Requests per 30 s: NVD publishes 5 without a key and 50 with one. */
  requestsPer30s?: number;
  /** Retries per request on 429, 503, 502, 504 and network errors (default 5). */
  maxRetries?: number;
  /** Stop after this many pages in one run (a re-run resumes from the checkpoint). */
  maxPages?: number;
  /** Injected for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Resume point: the fixed end of the range, the window being paged and the next startIndex. */
export interface NvdCursor {
  until: string;
  window: string;
  startIndex: number;
}

/**
 * What an NVD checkpoint is valid for (the end of the range is kept in the cursor, since it
 * defaults to "now").
 *
 * @example
 * nvdScope({ since: new Date('2024-01-01') }); // 'https://services.nvd.nist.gov/rest/json/cves/2.0 since=2024-01-01T00:00:00.000Z'
 */
export function nvdScope(options: Pick<NvdApiOptions, 'since' | 'baseUrl'>): string {
  return `${options.baseUrl ?? NVD_API_URL} since=${options.since.toISOString()}`;
}

/**
 * The lastModified windows covering [since, until], each at most 120 days.
 *
 * @example
 * windows(new Date('2024-01-01'), new Date('2024-12-31')).length; // 3
 */
export function windows(since: Date, until: Date): [Date, Date][] {
  if (since.getTime() > until.getTime()) throw new WardenError('W_USAGE', `--since ${since.toISOString()} is after the end ${until.toISOString()}`);
  const out: [Date, Date][] = [];
  const last = until.getTime();
  let start = since.getTime();
  do {
    const end = Math.min(start + MAX_WINDOW_DAYS * DAY, last);
    out.push([new Date(start), new Date(end)]);
    start = end;
  } while (start < last);
  return out;
}

/**
 * Pages through the NVD CVE API 2.0 for CVEs modified in a date range: windows of at most
 * 120 days (lastModStartDate/lastModEndDate), pages by startIndex/resultsPerPage until
 * totalResults, the `apiKey` header when a key is given, the published rate limit (a sliding
 * 30 s window), and retries on 429/5xx honouring Retry-After. Yields one parsed page at a
 * time with the cursor to resume from (`from`) after it is stored.
 *
 * @example
 * for await (const page of fetchNvdPages({ since: new Date('2024-01-01'), apiKey: process.env.NVD_API_KEY })) store(page.items);
 */
export async function* fetchNvdPages(options: NvdApiOptions, from?: NvdCursor): AsyncGenerator<OnlinePage> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const perPage = options.resultsPerPage ?? 2000;
  const limit = options.requestsPer30s ?? (options.apiKey ? 50 : 5);
  const maxRetries = options.maxRetries ?? 5;
  const base = options.baseUrl ?? NVD_API_URL;
  const sent: number[] = [];

  async function throttle(): Promise<void> {
    for (;;) {
      const t = now();
      while (sent.length && sent[0]! <= t - 30_000) sent.shift();
      if (sent.length < limit) {
        sent.push(t);
        return;
      }
      await sleep(sent[0]! + 30_000 - t);
    }
  }

  async function getPage(url: URL): Promise<unknown> {
    const safe = url.toString();
    for (let attempt = 0; ; attempt++) {
      await throttle();
      let status = 0;
      let retryAfter: string | null = null;
      try {
        // The API key is a custom header, which fetch would carry across a redirect to another
        // host: the NVD API does not redirect, so a redirect is an error, not followed.
        const response = await doFetch(url, { headers: options.apiKey ? { apiKey: options.apiKey } : {}, redirect: 'error' });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        if (response.ok) {
          const length = Number(response.headers.get('content-length') ?? 0);
          if (length > MAX_BODY_BYTES) throw new WardenError('W_INSTRUCT_FETCH', `page of ${length} bytes is over the limit of ${MAX_BODY_BYTES}`, { where: safe });
          const text = await readBounded(response, safe, MAX_BODY_BYTES);
          try {
            return JSON.parse(text) as unknown;
          } catch (cause) {
            throw new WardenError('W_INSTRUCT_FETCH', `the answer is not JSON: ${(cause as Error).message}`, { where: safe, cause });
          }
        }
        await response.body?.cancel();
        if (![429, 502, 503, 504].includes(status)) throw new WardenError('W_INSTRUCT_FETCH', `HTTP ${status}${status === 403 || status === 401 ? ' (check the API key)' : ''}`, { where: safe });
      } catch (error) {
        if (error instanceof WardenError) throw error;
        status = 0; // network error: retried like a 503
      }
      if (attempt >= maxRetries) throw new WardenError('W_INSTRUCT_FETCH', `gave up after ${maxRetries + 1} attempts (last: ${status ? `HTTP ${status}` : 'network error'})`, { where: safe });
      await sleep(retryDelay(retryAfter, attempt, now()));
    }
  }

  const until = from ? new Date(from.until) : (options.until ?? new Date(now()));
  const ranges = windows(options.since, until);
  let fetched = 0;
  for (const [w, [start, end]] of ranges.entries()) {
    const resuming = from?.window === start.toISOString();
    if (from && !resuming && start.toISOString() < from.window) continue;
    let total = Infinity;
    for (let startIndex = resuming ? from!.startIndex : 0; startIndex < total; startIndex += perPage) {
      const url = new URL(base);
      url.searchParams.set('lastModStartDate', start.toISOString());
      url.searchParams.set('lastModEndDate', end.toISOString());
      url.searchParams.set('startIndex', String(startIndex));
      url.searchParams.set('resultsPerPage', String(perPage));
      const doc = await getPage(url);
      const totalResults = (doc as { totalResults?: unknown }).totalResults;
      if (typeof totalResults !== 'number' || !Number.isInteger(totalResults) || totalResults < 0) {
        throw new WardenError('W_INSTRUCT_FETCH', 'not an NVD API 2.0 page: no integer "totalResults"', { where: url.toString() });
      }
      total = totalResults;
      const page = parseNvdDocument(doc, `${url.pathname}?startIndex=${startIndex}&lastModStartDate=${start.toISOString()}`);
      const empty = page.items.length + page.failures.length + Object.values(page.skipped).reduce((a, b) => a + b, 0) === 0;
      const nextWindow = ranges[w + 1]?.[0];
      const next: NvdCursor | null =
        !empty && startIndex + perPage < total
          ? { until: until.toISOString(), window: start.toISOString(), startIndex: startIndex + perPage }
          : nextWindow
            ? { until: until.toISOString(), window: nextWindow.toISOString(), startIndex: 0 }
            : null;
      yield { ...page, where: url.toString(), next };
      if (options.maxPages !== undefined && ++fetched >= options.maxPages) return;
      if (empty) break;
    }
  }
}

/** Retry-After in seconds or as an HTTP date; else 1 s, 2 s, 4 s... capped at 60 s. */
function retryDelay(header: string | null, attempt: number, now: number): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 300_000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - now), 300_000);
  }
  return Math.min(1000 * 2 ** attempt, 60_000);
}
