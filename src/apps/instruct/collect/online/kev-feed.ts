import { parseKev } from '../sources/kev.js';
import type { OnlinePage } from '../types.js';
import { HttpClient, type HttpTuning } from './http.js';

export const KEV_FEED_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';

export interface KevFeedOptions extends HttpTuning {
  url?: string;
}

/**
 * Downloads the CISA Known Exploited Vulnerabilities catalog (one JSON document, ~1.5 MB)
 * and parses it like a snapshot file. No paging, so no checkpoint.
 *
 * @example
 * const page = await fetchKev({}); // page.items: one kev-entry per CVE
 */
export async function fetchKev(options: KevFeedOptions): Promise<OnlinePage> {
  const url = new URL(options.url ?? KEV_FEED_URL);
  const http = new HttpClient({ ...options, authHint: 'the KEV feed needs no credentials' });
  const { text } = await http.get(url);
  return { ...parseKev(text, url.pathname.split('/').pop() || url.pathname), where: url.toString(), next: null };
}
