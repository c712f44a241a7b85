import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { expectWardenError } from '../../../../../test/helpers.js';
import { fetchNvdPages, windows, type NvdApiOptions, type NvdCursor } from './nvd-api.js';

type Handler = (url: URL, req: IncomingMessage, res: ServerResponse) => void;
let server: Server | undefined;
const seen: { url: URL; apiKey: string | undefined }[] = [];

/** A local server that answers like services.nvd.nist.gov/rest/json/cves/2.0. */
async function serve(handler: Handler): Promise<string> {
  seen.length = 0;
  server = createServer(function nvdApi(req, res) {
    const url = new URL(req.url!, 'http://x');
    seen.push({ url, apiKey: req.headers.apikey as string | undefined });
    handler(url, req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/json/cves/2.0`;
}
afterEach(async () => {
  server?.close();
  server = undefined;
});

/** The real page shape, sliced from the fixture's vulnerabilities. */
async function pageServer(): Promise<Handler> {
  const doc = JSON.parse(await readFile(new URL('../test-fixtures/nvd-page.json', import.meta.url), 'utf8')) as { vulnerabilities: unknown[]; timestamp: string };
  return function page(url, _req, res) {
    const start = Number(url.searchParams.get('startIndex'));
    const per = Number(url.searchParams.get('resultsPerPage'));
    const slice = doc.vulnerabilities.slice(start, start + per);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ resultsPerPage: slice.length, startIndex: start, totalResults: doc.vulnerabilities.length, format: 'NVD_CVE', version: '2.0', timestamp: doc.timestamp, vulnerabilities: slice }));
  };
}

/** A fake clock: sleep advances it and records the delay. */
function clock(): Pick<NvdApiOptions, 'now' | 'sleep'> & { slept: number[] } {
  let t = Date.parse('2024-06-01T00:00:00Z');
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

async function all(options: NvdApiOptions, from?: NvdCursor) {
  const pages = [];
  for await (const page of fetchNvdPages(options, from)) pages.push(page);
  return pages;
}

const SINCE = new Date('2024-05-01T00:00:00Z');
const UNTIL = new Date('2024-06-01T00:00:00Z');

describe('fetchNvdPages', () => {
  it('pages with startIndex/resultsPerPage until totalResults and sends the apiKey header', async () => {
    const base = await serve(await pageServer());
    const pages = await all({ baseUrl: base, since: SINCE, until: UNTIL, apiKey: 'k-123', resultsPerPage: 2, ...clock() });
    expect(seen.map((s) => s.url.searchParams.get('startIndex'))).toEqual(['0', '2', '4']);
    expect(seen.every((s) => s.url.searchParams.get('resultsPerPage') === '2' && s.apiKey === 'k-123')).toBe(true);
    expect(seen[0]!.url.searchParams.get('lastModStartDate')).toBe('2024-05-01T00:00:00.000Z');
    expect(seen[0]!.url.searchParams.get('lastModEndDate')).toBe('2024-06-01T00:00:00.000Z');
    expect(pages.flatMap((p) => p.items.map((i) => i.record.id))).toEqual(['nvd:CVE-1999-1263', 'nvd:CVE-2003-0001', 'nvd:CVE-2002-0628', 'nvd:CVE-2003-0565']);
    expect(pages.reduce((n, p) => n + (p.skipped.rejected ?? 0), 0)).toBe(1);
  });

  it('retries 429 and 503, honouring Retry-After (seconds) and backing off without it', async () => {
    const answer = await pageServer();
    let calls = 0;
    const base = await serve(function flaky(url, req, res) {
      calls++;
      if (calls === 2) {
        res.statusCode = 429;
        res.setHeader('retry-after', '7');
        res.end('{"message":"rate limited"}');
      } else if (calls === 3) {
        res.statusCode = 503;
        res.end('unavailable');
      } else answer(url, req, res);
    });
    const c = clock();
    const pages = await all({ baseUrl: base, since: SINCE, until: UNTIL, apiKey: 'k', resultsPerPage: 3, ...c });
    expect(pages.flatMap((p) => p.items)).toHaveLength(4);
    expect(seen.map((s) => s.url.searchParams.get('startIndex'))).toEqual(['0', '3', '3', '3']);
    expect(c.slept).toEqual([7000, 2000]);
  });

  it('gives up after the retry limit with W_INSTRUCT_FETCH naming the URL, and fails fast on 403', async () => {
    let base = await serve(function down(_url, _req, res) {
      res.statusCode = 503;
      res.end();
    });
    const error = await expectWardenError(all({ baseUrl: base, since: SINCE, until: UNTIL, maxRetries: 2, ...clock() }));
    expect(error.code).toBe('W_INSTRUCT_FETCH');
    expect(error.message).toMatch(/startIndex=0.*: gave up after 3 attempts \(last: HTTP 503\)/);
    expect(seen).toHaveLength(3);
    server!.close();
    base = await serve(function forbidden(_url, _req, res) {
      res.statusCode = 403;
      res.end();
    });
    const denied = await expectWardenError(all({ baseUrl: base, since: SINCE, until: UNTIL, apiKey: 'secret-key', ...clock() }));
    expect(denied.message).toMatch(/HTTP 403 \(check the API key\)/);
    expect(denied.message).not.toContain('secret-key');
    expect(seen).toHaveLength(1);
  });

  it('keeps to 5 requests per 30 s without a key (sliding window)', async () => {
    const base = await serve(await pageServer());
    const c = clock();
    await all({ baseUrl: base, since: SINCE, until: UNTIL, resultsPerPage: 1, ...c });
    expect(seen).toHaveLength(5);
    expect(c.slept).toEqual([]);
    const d = clock();
    await all({ baseUrl: base, since: SINCE, until: UNTIL, resultsPerPage: 1, requestsPer30s: 2, ...d });
    // Requests at t=0,0 then wait 30 s for the third, 0 for the fourth, 30 s for the fifth.
    expect(d.slept).toEqual([30_000, 30_000]);
  });

  it('splits a long range into windows of at most 120 days', async () => {
    const base = await serve(function empty(_url, _req, res) {
      res.end(JSON.stringify({ resultsPerPage: 0, startIndex: 0, totalResults: 0, format: 'NVD_CVE', version: '2.0', vulnerabilities: [] }));
    });
    await all({ baseUrl: base, since: new Date('2024-01-01T00:00:00Z'), until: new Date('2024-10-27T00:00:00Z'), ...clock() });
    expect(seen.map((s) => [s.url.searchParams.get('lastModStartDate'), s.url.searchParams.get('lastModEndDate')])).toEqual([
      ['2024-01-01T00:00:00.000Z', '2024-04-30T00:00:00.000Z'],
      ['2024-04-30T00:00:00.000Z', '2024-08-28T00:00:00.000Z'],
      ['2024-08-28T00:00:00.000Z', '2024-10-27T00:00:00.000Z'],
    ]);
    expect(windows(new Date('2024-01-01'), new Date('2024-01-01'))).toHaveLength(1);
  });

  it('rejects an answer that is not an API page', async () => {
    const base = await serve(function wrong(_url, _req, res) {
      res.end('{"hello": 1}');
    });
    expect((await expectWardenError(all({ baseUrl: base, since: SINCE, until: UNTIL, ...clock() }))).message).toMatch(/no integer "totalResults"/);
  });

  it('gives each page the cursor to resume from, across windows, keeping the end of the range fixed', async () => {
    const base = await serve(await pageServer());
    const range = { baseUrl: base, since: new Date('2024-01-01T00:00:00Z'), resultsPerPage: 2 };
    // No `until`: it defaults to the fake clock's now (2024-06-01), two windows.
    const full = await all({ ...range, ...clock() });
    const requests = seen.map((s) => `${s.url.searchParams.get('lastModStartDate')}@${s.url.searchParams.get('startIndex')}`);
    expect(requests).toEqual(['2024-01-01T00:00:00.000Z@0', '2024-01-01T00:00:00.000Z@2', '2024-01-01T00:00:00.000Z@4', '2024-04-30T00:00:00.000Z@0', '2024-04-30T00:00:00.000Z@2', '2024-04-30T00:00:00.000Z@4']);
    expect(full.map((p) => p.next)).toEqual([
      { until: '2024-06-01T00:00:00.000Z', window: '2024-01-01T00:00:00.000Z', startIndex: 2 },
      { until: '2024-06-01T00:00:00.000Z', window: '2024-01-01T00:00:00.000Z', startIndex: 4 },
      { until: '2024-06-01T00:00:00.000Z', window: '2024-04-30T00:00:00.000Z', startIndex: 0 },
      { until: '2024-06-01T00:00:00.000Z', window: '2024-04-30T00:00:00.000Z', startIndex: 2 },
      { until: '2024-06-01T00:00:00.000Z', window: '2024-04-30T00:00:00.000Z', startIndex: 4 },
      null,
    ]);
    for (const k of [1, 2, 4]) {
      seen.length = 0;
      // Resumed a month later: the range still ends where the interrupted run's did.
      const later = clock();
      await later.sleep!(30 * 86_400_000);
      await all({ ...range, now: later.now, sleep: later.sleep }, full[k]!.next as NvdCursor);
      expect(seen.map((s) => `${s.url.searchParams.get('lastModStartDate')}@${s.url.searchParams.get('startIndex')}`)).toEqual(requests.slice(k + 1));
      expect(seen.at(-1)!.url.searchParams.get('lastModEndDate')).toBe('2024-06-01T00:00:00.000Z');
    }
    seen.length = 0;
    const two = await all({ ...range, maxPages: 2, ...clock() }, full[1]!.next as NvdCursor);
    expect(two.map((p) => p.next)).toEqual([full[2]!.next, full[3]!.next]);
    expect(seen).toHaveLength(2);
  });
});
