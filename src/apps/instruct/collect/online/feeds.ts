import { WardenError } from '../../../../core/errors.js';
import type { OnlinePage } from '../types.js';
import { arxivScope, fetchArxivPages, type ArxivApiOptions, type ArxivCursor } from './arxiv-api.js';
import { fetchGhsaPages, ghsaScope, type GhsaApiOptions, type GhsaCursor } from './ghsa-api.js';
import type { HttpTuning } from './http.js';
import { fetchKev, type KevFeedOptions } from './kev-feed.js';
import { fetchNvdPages, nvdScope, type NvdApiOptions, type NvdCursor } from './nvd-api.js';
import { fetchOpencvePages, opencveScope, type OpencveApiOptions, type OpencveCursor } from './opencve-api.js';

/** The sources that can be collected from their APIs (ATT&CK, CAPEC and CWE come as snapshot files only). */
export const ONLINE_SOURCES = ['nvd', 'ghsa', 'opencve', 'arxiv', 'kev'] as const;
export type OnlineSource = (typeof ONLINE_SOURCES)[number];

/** Per-source API settings; `since` comes from the collect options. */
export interface OnlineSettings {
  nvd?: Omit<NvdApiOptions, 'since'>;
  /** Required for ghsa: the token. */
  ghsa?: Omit<GhsaApiOptions, 'since'>;
  /** Required for opencve: the credentials. */
  opencve?: Omit<OpencveApiOptions, 'since'>;
  arxiv?: Omit<ArxivApiOptions, 'since'>;
  kev?: KevFeedOptions;
  /** Retries and injected fetch/clock for every source. */
  http?: HttpTuning;
  /** Pages per source and run (paged sources; a re-run resumes). */
  maxPages?: number;
}

/** One source's online feed: the checkpoint scope (null: one document, nothing to resume) and its pages from a cursor. */
export interface OnlineFeed {
  scope: string | null;
  pages(from: unknown): AsyncGenerator<OnlinePage>;
}

/**
 * Why `source` cannot be collected online with these settings, or undefined when it can.
 *
 * @example
 * onlineProblem('ghsa', {}, undefined); // 'ghsa needs a GitHub token (--github-token or GITHUB_TOKEN)'
 */
export function onlineProblem(source: string, settings: OnlineSettings, since: Date | undefined): string | undefined {
  if (!(ONLINE_SOURCES as readonly string[]).includes(source)) return `${source} is read from snapshot files only: pass --offline DIR`;
  if (source === 'nvd' && !since) return 'online NVD collection needs --since DATE (CVEs last modified since then, fetched in windows of at most 120 days)';
  if (source === 'arxiv' && !since) return 'online arXiv collection needs --since DATE (papers updated since then, newest first)';
  if (source === 'ghsa' && !settings.ghsa?.token) return 'ghsa needs a GitHub token (--github-token or GITHUB_TOKEN)';
  if (source === 'opencve' && !(settings.opencve?.username && settings.opencve.password)) return 'opencve needs credentials (OPENCVE_USERNAME and OPENCVE_PASSWORD, or --opencve-username)';
  return undefined;
}

/**
 * The feed of an online source; call onlineProblem first.
 *
 * @example
 * const feed = onlineFeed('arxiv', { arxiv: { delayMs: 3000 } }, new Date('2024-06-01'));
 * for await (const page of feed.pages(undefined)) store(page.items);
 */
export function onlineFeed(source: OnlineSource, settings: OnlineSettings, since: Date | undefined): OnlineFeed {
  const common = { ...settings.http, ...(settings.maxPages ? { maxPages: settings.maxPages } : {}) };
  const problem = onlineProblem(source, settings, since);
  if (problem) throw new WardenError('W_USAGE', problem);
  switch (source) {
    case 'nvd': {
      const options = { ...common, ...settings.nvd, since: since! };
      return { scope: nvdScope(options), pages: (from) => fetchNvdPages(options, from as NvdCursor | undefined) };
    }
    case 'ghsa': {
      const options = { ...common, ...settings.ghsa!, ...(since ? { since } : {}) };
      return { scope: ghsaScope(options), pages: (from) => fetchGhsaPages(options, from as GhsaCursor | undefined) };
    }
    case 'opencve': {
      const options = { ...common, ...settings.opencve!, ...(since ? { since } : {}) };
      return { scope: opencveScope(options), pages: (from) => fetchOpencvePages(options, from as OpencveCursor | undefined) };
    }
    case 'arxiv': {
      const options = { ...common, ...settings.arxiv, since: since! };
      return { scope: arxivScope(options), pages: (from) => fetchArxivPages(options, from as ArxivCursor | undefined) };
    }
    case 'kev': {
      const options = { ...settings.http, ...settings.kev };
      return {
        scope: null,
        pages: async function* kevPages() {
          yield await fetchKev(options);
        },
      };
    }
  }
}
