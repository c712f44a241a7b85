import { WardenError } from '../../../../core/errors.js';
import { parseGhsaDocument } from '../sources/ghsa.js';
import type { OnlinePage } from '../types.js';
import { HttpClient, nextLink, type HttpTuning } from './http.js';

export const GHSA_API_URL = 'https://api.github.com/advisories';
/** The REST API version the parser was written against. */
export const GITHUB_API_VERSION = '2022-11-28';

export interface GhsaApiOptions extends HttpTuning {
  /** A GitHub token (fine-grained or classic, no scope needed for public advisories). */
  token: string;
  baseUrl?: string;
  /** Advisories updated on or after this date (`updated=>=YYYY-MM-DD`). */
  since?: Date;
  /** reviewed (the default), unreviewed or malware. */
  type?: string;
  /** 1..100 (the API maximum, the default). */
  perPage?: number;
  /** Stop after this many pages in one run (a re-run resumes). */
  maxPages?: number;
}

/** Resume point: the `rel="next"` URL of the last stored page. */
export interface GhsaCursor {
  next: string;
}

/**
 * What a GHSA checkpoint is valid for.
 *
 * @example
 * ghsaScope({ token: 't' }); // 'https://api.github.com/advisories type=reviewed since=-'
 */
export function ghsaScope(options: Omit<GhsaApiOptions, 'token'>): string {
  return `${options.baseUrl ?? GHSA_API_URL} type=${options.type ?? 'reviewed'} since=${options.since?.toISOString() ?? '-'}`;
}

/**
 * Pages through GitHub's global security advisories (`GET /advisories`), oldest update first
 * so new updates land at the end, with `Authorization: Bearer`, `X-GitHub-Api-Version`,
 * `per_page=100` and cursor paging through the Link header's `rel="next"`; waits for the quota
 * reset when `x-ratelimit-remaining` hits 0 and retries 403/429 rate limits. Withdrawn
 * advisories are skipped. Each page carries the cursor to resume from.
 *
 * @example
 * for await (const page of fetchGhsaPages({ token: process.env.GITHUB_TOKEN!, since: new Date('2024-01-01') })) store(page.items);
 */
export async function* fetchGhsaPages(options: GhsaApiOptions, from?: GhsaCursor): AsyncGenerator<OnlinePage> {
  const base = new URL(options.baseUrl ?? GHSA_API_URL);
  const http = new HttpClient({
    ...options,
    headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${options.token}`, 'x-github-api-version': GITHUB_API_VERSION },
    authHint: 'check the GitHub token from --github-token or GITHUB_TOKEN',
  });
  let url: URL;
  if (from) url = sameOrigin(from.next, base);
  else {
    url = new URL(base);
    url.searchParams.set('type', options.type ?? 'reviewed');
    url.searchParams.set('sort', 'updated');
    url.searchParams.set('direction', 'asc');
    url.searchParams.set('per_page', String(options.perPage ?? 100));
    if (options.since) url.searchParams.set('updated', `>=${options.since.toISOString().slice(0, 10)}`);
  }
  for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
    const { body, headers } = await http.json(url);
    if (!Array.isArray(body)) throw new WardenError('W_INSTRUCT_FETCH', 'not a GitHub advisories page: expected a JSON array', { where: url.toString() });
    const next = nextLink(headers.get('link'));
    const page = parseGhsaDocument(body, `${url.pathname}${url.search}`);
    yield { ...page, where: url.toString(), next: next ? ({ next } satisfies GhsaCursor) : null };
    if (!next) return;
    url = sameOrigin(next, base);
  }
}

/** The token goes only to the configured API host: a Link pointing elsewhere is refused. */
function sameOrigin(target: string, base: URL): URL {
  const url = new URL(target, base);
  if (url.origin !== base.origin) throw new WardenError('W_INSTRUCT_FETCH', `the next-page link points to another host (${url.origin}); refusing to send the token there`, { where: base.toString() });
  return url;
}
