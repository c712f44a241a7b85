import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { usePostgres } from '../../../../test/pg.js';
import { openStore } from '../../../store/index.js';
import { collectRecords, type CollectOptions, type CollectReport } from './index.js';
import { fakeApi, sendJson, type FakeApi } from './test-helpers/fake-api.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-instruct-resume-');
const pgdb = usePostgres();
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const PASSWORD = 'resume-secret-pw';
/** 9 CVEs, 2 a page: 5 list pages. */
const CVES = Array.from({ length: 9 }, (_, i) => ({
  cve_id: `CVE-2024-100${i}`,
  description: `Hand-written CVE number ${i}: a buffer overflow in a parser.`,
  created_at: '2024-03-01T00:00:00Z',
  updated_at: `2024-03-0${i + 1}T00:00:00Z`,
}));

/** OpenCVE list pages; while `down(page)` is true the server drops the connection (it died). */
async function opencve(down: (page: number) => boolean): Promise<FakeApi> {
  return fakeApi(function opencveList(url, req, res) {
    const page = Number(url.searchParams.get('page'));
    if (down(page)) return req.socket.destroy();
    const results = CVES.slice((page - 1) * 2, page * 2);
    sendJson(res, { count: CVES.length, next: page * 2 < CVES.length ? `http://${req.headers.host}/api/cve?page=${page + 1}` : null, previous: null, results });
  });
}

const settings = (db: string, extra: Partial<CollectOptions> = {}): CollectOptions => ({
  sources: ['opencve'],
  db,
  reportPath: join(dir, 'report.json'),
  online: { opencve: { username: 'u', password: PASSWORD, baseUrl: `${api!.origin}/api`, details: false }, http: { maxRetries: 1, sleep: async () => {} } },
  ...extra,
});

const pagesSeen = () => api!.seen.map((s) => Number(s.url.searchParams.get('page')));

async function storedIds(db: string): Promise<string[]> {
  const store = await openStore(db);
  try {
    return (await store.all<{ id: string }>('SELECT id FROM instruct_records ORDER BY id')).map((r) => r.id);
  } finally {
    await store.close();
  }
}

describe.each([
  ['sqlite', () => `sqlite:${join(dir, 'instruct.db')}`],
  ['postgres', () => pgdb.url],
])('resumable online collection on %s', (_engine, dbUrl) => {
  it('a server that dies mid-way: the re-run resumes at the failed page, nothing lost, duplicated or re-fetched', async () => {
    const db = dbUrl();
    let dead = true;
    // First run: the server dies when page 3 is asked for and stays down.
    api = await opencve((page) => dead && page >= 3);
    const error = await expectWardenError(collectRecords(settings(db)));
    expect(error.code).toBe('W_INSTRUCT_FETCH');
    expect(error.message).toMatch(/^opencve: .*\/api\/cve\?page=3: gave up after 2 attempts \(last: network error\)\. The pages fetched so far are stored/);
    expect(error.message).not.toContain(PASSWORD);
    const first = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as CollectReport;
    expect(first.sources.opencve).toMatchObject({ pages: 2, new: 4, error: expect.stringContaining('page=3') });
    expect(JSON.stringify(first)).not.toContain(PASSWORD);
    expect(pagesSeen()).toEqual([1, 2, 3, 3]);
    expect(await storedIds(db)).toHaveLength(4);

    // The server is back: the re-run starts at page 3.
    dead = false;
    api.seen.length = 0;
    const second = await collectRecords(settings(db));
    expect(pagesSeen()).toEqual([3, 4, 5]);
    expect(second.sources.opencve).toMatchObject({ resumed_from: { page: 3 }, pages: 3, new: 5, updated: 0, unchanged: 0 });
    expect(second.sources.opencve!.error).toBeUndefined();
    expect(await storedIds(db)).toEqual(CVES.map((c) => `opencve:${c.cve_id}`));

    // Finished: the checkpoint is cleared, so the next run is a full pass (all unchanged).
    api.seen.length = 0;
    const third = await collectRecords(settings(db));
    expect(pagesSeen()).toEqual([1, 2, 3, 4, 5]);
    expect(third.sources.opencve).toMatchObject({ new: 0, unchanged: 9 });
    expect(third.sources.opencve!.resumed_from).toBeUndefined();
  });
});

describe('resumable online collection', () => {
  it('--max-pages stops a run that the next one continues; --restart ignores the checkpoint; another scope ignores it', async () => {
    const db = `sqlite:${join(dir, 'pages.db')}`;
    api = await opencve(() => false);
    const withPages = (extra: Partial<CollectOptions> = {}) => {
      const base = settings(db, extra);
      return { ...base, online: { ...base.online, maxPages: 2 } };
    };
    expect((await collectRecords(withPages())).sources.opencve).toMatchObject({ pages: 2, new: 4 });
    expect((await collectRecords(withPages())).sources.opencve).toMatchObject({ pages: 2, new: 4, resumed_from: { page: 3 } });
    expect(pagesSeen()).toEqual([1, 2, 3, 4]);
    api.seen.length = 0;
    expect((await collectRecords(withPages({ restart: true }))).sources.opencve).toMatchObject({ pages: 2, unchanged: 4 });
    expect(pagesSeen()).toEqual([1, 2]);
    // A different --since is another scope: it starts over instead of resuming.
    api.seen.length = 0;
    await collectRecords(withPages({ since: new Date('2024-03-05T00:00:00Z') }));
    expect(pagesSeen()).toEqual([1, 2]);
  });

  it('one failing source does not stop the others: KEV is collected while OpenCVE is down', async () => {
    const kev = await readFile(new URL('./test-fixtures/known_exploited_vulnerabilities.json', import.meta.url), 'utf8');
    api = await fakeApi(function mixed(url, req, res) {
      if (url.pathname.startsWith('/api/')) return sendJson(res, { detail: 'down' }, 503);
      res.end(kev);
    });
    const db = `sqlite:${join(dir, 'mixed.db')}`;
    const base = settings(db, { sources: ['opencve', 'kev'] });
    const error = await expectWardenError(collectRecords({ ...base, online: { ...base.online, kev: { url: `${api.origin}/kev.json` } } }));
    expect(error.message).toMatch(/^opencve: .*HTTP 503/);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as CollectReport;
    expect(report.sources.kev).toMatchObject({ new: 2, pages: 1 });
    expect(report.sources.kev!.error).toBeUndefined();
    expect(await storedIds(db)).toEqual(['kev:CVE-2003-0001', 'kev:CVE-2021-44228']);
  });
});
