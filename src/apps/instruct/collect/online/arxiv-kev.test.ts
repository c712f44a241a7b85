import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { expectWardenError } from '../../../../../test/helpers.js';
import { fakeApi, fakeClock, sendJson, type FakeApi } from '../test-helpers/fake-api.js';
import type { OnlinePage } from '../types.js';
import { fetchArxivPages, type ArxivApiOptions } from './arxiv-api.js';
import { fetchKev } from './kev-feed.js';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function all(pages: AsyncGenerator<OnlinePage>): Promise<OnlinePage[]> {
  const out: OnlinePage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Papers newest update first, one a day back from 2024-06-05. */
const PAPERS = Array.from({ length: 5 }, (_, i) => ({ id: `2406.0000${i + 1}v1`, updated: new Date(Date.UTC(2024, 5, 5 - i, 12)).toISOString() }));

/** An arXiv API answer in the real Atom shape (opensearch totals, arxiv: extensions). */
function atom(start: number, perPage: number, total = PAPERS.length, papers = PAPERS): string {
  const entries = papers.slice(start, start + perPage).map(
    (p) => `  <entry>
    <id>http://arxiv.org/abs/${p.id}</id>
    <updated>${p.updated}</updated>
    <published>${p.updated}</published>
    <title>Paper ${p.id} on intrusion detection</title>
    <summary>We study attacks and defences number ${p.id}.</summary>
    <author><name>A. Author</name></author>
    <link href="http://arxiv.org/abs/${p.id}" rel="alternate" type="text/html"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CR" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CR" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=cat:cs.CR&amp;id_list=&amp;start=${start}&amp;max_results=${perPage}</title>
  <id>http://arxiv.org/api/x</id>
  <updated>2024-06-06T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${perPage}</opensearch:itemsPerPage>
${entries.join('\n')}
</feed>
`;
}

async function arxivServer(answer: (start: number, perPage: number, n: number) => { status: number; body: string; headers?: Record<string, string> } = (s, p) => ({ status: 200, body: atom(s, p) })): Promise<FakeApi> {
  let n = 0;
  return fakeApi(function arxivApi(url, _req, res) {
    const { status, body, headers } = answer(Number(url.searchParams.get('start')), Number(url.searchParams.get('max_results')), ++n);
    res.writeHead(status, { 'content-type': 'application/atom+xml; charset=utf-8', ...headers });
    res.end(body);
  });
}

const arxiv = (extra: Partial<ArxivApiOptions> = {}): ArxivApiOptions => ({ baseUrl: `${api!.origin}/api/query`, perPage: 2, ...fakeClock(), ...extra });

describe('fetchArxivPages', () => {
  it('pages cat:cs.CR newest update first until totalResults, one request per 3 s', async () => {
    api = await arxivServer();
    const clock = fakeClock();
    const pages = await all(fetchArxivPages(arxiv({ ...clock })));
    expect(api.seen.map((s) => Object.fromEntries(s.url.searchParams))).toEqual(
      [0, 2, 4].map((start) => ({ search_query: 'cat:cs.CR', start: String(start), max_results: '2', sortBy: 'lastUpdatedDate', sortOrder: 'descending' })),
    );
    expect(clock.slept).toEqual([3000, 3000]);
    expect(pages.flatMap((p) => p.items.map((i) => i.record.id))).toEqual(PAPERS.map((p) => `arxiv:${p.id}`));
    expect(pages.map((p) => p.next)).toEqual([{ start: 2 }, { start: 4 }, null]);
  });

  it('stops at the first page reaching papers older than since, resumes from a start offset, and takes delay 0', async () => {
    api = await arxivServer();
    const clock = fakeClock();
    const pages = await all(fetchArxivPages(arxiv({ since: new Date('2024-06-03T00:00:00Z'), delayMs: 0, ...clock })));
    // Page 2 holds 2024-06-03 and 2024-06-02: the latter is older, so paging stops there.
    expect(api.seen).toHaveLength(2);
    expect(pages.at(-1)!.next).toBeNull();
    expect(clock.slept).toEqual([]);
    api.seen.length = 0;
    await all(fetchArxivPages(arxiv({ delayMs: 0 }), { start: 4 }));
    expect(api.seen.map((s) => s.url.searchParams.get('start'))).toEqual(['4']);
  });

  it('retries 503 after Retry-After, and fails (resumably) on an empty page before totalResults', async () => {
    api = await arxivServer((start, per, n) => (n === 1 ? { status: 503, body: 'busy', headers: { 'retry-after': '9' } } : { status: 200, body: atom(start, per) }));
    const clock = fakeClock();
    expect((await all(fetchArxivPages(arxiv({ delayMs: 0, ...clock })))).flatMap((p) => p.items)).toHaveLength(5);
    expect(clock.slept).toEqual([9000]);
    await api.close();
    api = await arxivServer((start, per) => ({ status: 200, body: start === 2 ? atom(0, 0, 5) : atom(start, per) }));
    const error = await expectWardenError(all(fetchArxivPages(arxiv({ delayMs: 0 }))));
    expect(error.code).toBe('W_INSTRUCT_FETCH');
    expect(error.message).toMatch(/start=2.*: empty page at start=2 of 5 results/);
    await api.close();
    api = await arxivServer(() => ({ status: 200, body: '<html>maintenance</html>' }));
    expect((await expectWardenError(all(fetchArxivPages(arxiv())))).message).toMatch(/not an arXiv API feed/);
  });
});

describe('fetchKev', () => {
  it('downloads the CISA feed (one document) and parses it like a snapshot, retrying a 503', async () => {
    const body = JSON.parse(await readFile(new URL('../test-fixtures/known_exploited_vulnerabilities.json', import.meta.url), 'utf8')) as unknown;
    let n = 0;
    api = await fakeApi(function kevFeed(_url, _req, res) {
      if (++n === 1) return sendJson(res, {}, 503);
      sendJson(res, body);
    });
    const clock = fakeClock();
    const page = await fetchKev({ url: `${api.origin}/sites/default/files/feeds/known_exploited_vulnerabilities.json`, ...clock });
    expect(page.items.map((i) => i.record.source)).toEqual(['kev', 'kev']);
    expect(page.failures[0]!.where).toBe('known_exploited_vulnerabilities.json: vulnerabilities[2]');
    expect(page.next).toBeNull();
    expect(clock.slept).toEqual([1000]);
  });

  it('stops reading an answer over the size limit, with or without content-length', async () => {
    api = await fakeApi(function bigFeed(url, _req, res) {
      if (url.pathname === '/chunked') {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 10; i++) res.write('{"padding": "' + 'x'.repeat(50) + '"}\n');
        return res.end();
      }
      const body = JSON.stringify({ catalogVersion: '1', vulnerabilities: [], padding: 'x'.repeat(500) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
    const sized = await expectWardenError(fetchKev({ url: `${api.origin}/kev.json`, maxBodyBytes: 100 }));
    expect(sized.message).toMatch(/kev\.json: answer of \d+ bytes is over the limit of 100$/);
    const chunked = await expectWardenError(fetchKev({ url: `${api.origin}/chunked`, maxBodyBytes: 100 }));
    expect(chunked.message).toMatch(/chunked: answer is over the limit of 100 bytes$/);
  });
});
