import { WardenError } from '../../../../core/errors.js';
import { parseArxiv } from '../sources/arxiv.js';
import type { OnlinePage } from '../types.js';
import { HttpClient, type HttpTuning } from './http.js';

export const ARXIV_API_URL = 'https://export.arxiv.org/api/query';
/** arXiv's API terms ask for no more than one request every three seconds. */
export const ARXIV_DELAY_MS = 3000;

export interface ArxivApiOptions extends HttpTuning {
  baseUrl?: string;
  /** search_query (default `cat:cs.CR`). */
  query?: string;
  /** max_results per request (default 100). */
  perPage?: number;
  /** Least time between requests (default 3000 ms). */
  delayMs?: number;
  /** Stop at the first page reaching papers last updated before this date. */
  since?: Date;
  /** Stop after this many pages in one run (a re-run resumes). */
  maxPages?: number;
}

/** Resume point: the next `start` offset. */
export interface ArxivCursor {
  start: number;
}

/**
 * What an arXiv checkpoint is valid for.
 *
 * @example
 * arxivScope({}); // 'https://export.arxiv.org/api/query cat:cs.CR since=-'
 */
export function arxivScope(options: ArxivApiOptions): string {
  return `${options.baseUrl ?? ARXIV_API_URL} ${options.query ?? 'cat:cs.CR'} since=${options.since?.toISOString() ?? '-'}`;
}

/**
 * Pages through the arXiv API (Atom) newest update first: `search_query=cat:cs.CR`,
 * `start`/`max_results`, `sortBy=lastUpdatedDate`, until `opensearch:totalResults` or the
 * first paper updated before `since`, one request per `delayMs`. New papers arriving during an
 * interruption shift the offsets down, so a resumed run may re-read a few (stored unchanged)
 * but misses none.
 *
 * @example
 * for await (const page of fetchArxivPages({ since: new Date('2024-06-01') })) store(page.items);
 */
export async function* fetchArxivPages(options: ArxivApiOptions, from?: ArxivCursor): AsyncGenerator<OnlinePage> {
  const http = new HttpClient({ ...options, minIntervalMs: options.delayMs ?? ARXIV_DELAY_MS, authHint: 'the arXiv API needs no credentials' });
  const perPage = options.perPage ?? 100;
  for (let start = from?.start ?? 0, fetched = 0; options.maxPages === undefined || fetched < options.maxPages; start += perPage, fetched++) {
    const url = new URL(options.baseUrl ?? ARXIV_API_URL);
    url.searchParams.set('search_query', options.query ?? 'cat:cs.CR');
    url.searchParams.set('start', String(start));
    url.searchParams.set('max_results', String(perPage));
    url.searchParams.set('sortBy', 'lastUpdatedDate');
    url.searchParams.set('sortOrder', 'descending');
    const { text } = await http.get(url, 'application/atom+xml');
    const total = totalResults(text);
    if (total === undefined) throw new WardenError('W_INSTRUCT_FETCH', 'not an arXiv API feed: no <opensearch:totalResults>', { where: url.toString() });
    const page = parseArxiv(text, `${url.pathname}?start=${start}`);
    const entries = page.items.length + page.failures.length;
    // arXiv sometimes answers an empty page mid-way; stopping there would lose the rest.
    if (entries === 0 && start < total) throw new WardenError('W_INSTRUCT_FETCH', `empty page at start=${start} of ${total} results (an arXiv hiccup): re-run to resume here`, { where: url.toString() });
    const reachedSince = options.since !== undefined && page.items.some((item) => Date.parse(item.record.modified ?? item.record.published ?? '') < options.since!.getTime());
    const more = !reachedSince && start + perPage < total;
    yield { ...page, where: url.toString(), next: more ? ({ start: start + perPage } satisfies ArxivCursor) : null };
    if (!more) return;
  }
}

/** The feed's `<opensearch:totalResults>` number, read without a regex over the whole body. */
function totalResults(text: string): number | undefined {
  const tag = text.indexOf('<opensearch:totalResults');
  const open = tag === -1 ? -1 : text.indexOf('>', tag);
  const close = open === -1 ? -1 : text.indexOf('<', open);
  if (close === -1) return undefined;
  const value = text.slice(open + 1, close).trim();
  return /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}
