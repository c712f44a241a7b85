import { ARXIV_API_URL } from './arxiv-api.js';
import { ONLINE_SOURCES, type OnlineSettings, type OnlineSource } from './feeds.js';
import { GHSA_API_URL } from './ghsa-api.js';
import { KEV_FEED_URL } from './kev-feed.js';
import { NVD_API_URL } from './nvd-api.js';
import { OPENCVE_API_URL } from './opencve-api.js';

/** What a command line may set for online collection; everything else comes from the environment. */
export interface OnlineFlags {
  nvdUrl?: string | undefined;
  ghsaUrl?: string | undefined;
  githubToken?: string | undefined;
  opencveUrl?: string | undefined;
  opencveUsername?: string | undefined;
  opencvePassword?: string | undefined;
  arxivUrl?: string | undefined;
  arxivQuery?: string | undefined;
  arxivDelayMs?: number | undefined;
  kevUrl?: string | undefined;
  maxPages?: number | undefined;
}

/**
 * Online settings from flags and the environment. The NVD key comes from the environment only
 * (NVD_API_KEY), so it stays out of shell history and process lists; the GitHub token and the
 * OpenCVE credentials prefer it too (GITHUB_TOKEN, OPENCVE_USERNAME, OPENCVE_PASSWORD).
 *
 * @example
 * const online = onlineSettings({ maxPages: 50 }); // ghsa present only when GITHUB_TOKEN is set
 */
export function onlineSettings(flags: OnlineFlags = {}, env: NodeJS.ProcessEnv = process.env): OnlineSettings {
  const read = (name: string) => env[name]?.trim() || undefined;
  const apiKey = read('NVD_API_KEY');
  const token = flags.githubToken?.trim() || read('GITHUB_TOKEN');
  const username = flags.opencveUsername?.trim() || read('OPENCVE_USERNAME');
  const password = flags.opencvePassword || read('OPENCVE_PASSWORD');
  return {
    nvd: { baseUrl: flags.nvdUrl ?? NVD_API_URL, ...(apiKey ? { apiKey } : {}) },
    ...(token ? { ghsa: { token, baseUrl: flags.ghsaUrl ?? GHSA_API_URL } } : {}),
    ...(username && password ? { opencve: { username, password, baseUrl: flags.opencveUrl ?? OPENCVE_API_URL } } : {}),
    arxiv: { baseUrl: flags.arxivUrl ?? ARXIV_API_URL, query: flags.arxivQuery ?? 'cat:cs.CR', ...(flags.arxivDelayMs !== undefined ? { delayMs: flags.arxivDelayMs } : {}) },
    kev: { url: flags.kevUrl ?? KEV_FEED_URL },
    ...(flags.maxPages ? { maxPages: flags.maxPages } : {}),
  };
}

/**
 * The API sources these settings can collect: every one, less GHSA and OpenCVE without credentials.
 *
 * @example
 * availableOnlineSources(onlineSettings({}, {})); // ['nvd', 'arxiv', 'kev']
 */
export function availableOnlineSources(online: OnlineSettings): OnlineSource[] {
  return ONLINE_SOURCES.filter((s) => (s !== 'ghsa' || online.ghsa) && (s !== 'opencve' || online.opencve));
}
