import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import { fakeApi, sendJson, type FakeApi } from '../../apps/instruct/collect/test-helpers/fake-api.js';
import type { CollectReport } from '../../apps/instruct/collect/index.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-instruct-cli-online-');
const io = useCliCapture(['instruct', 'collect']);
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const fixture = (name: string) => readFile(new URL(`../../apps/instruct/collect/test-fixtures/${name}`, import.meta.url), 'utf8');
const TOKEN = 'ghp_cli_token_abcdef';

/** One local server playing GitHub (/advisories, one advisory a page), OpenCVE (/api/cve), arXiv (/api/query) and the KEV feed (/kev.json). */
async function apis(): Promise<FakeApi> {
  const advisories = JSON.parse(await fixture('ghsa-advisories-page.json')) as unknown[];
  const details = JSON.parse(await fixture('opencve-cves.json')) as { cve_id: string }[];
  const atom = await fixture('arxiv-cs-cr.atom');
  const kev = await fixture('known_exploited_vulnerabilities.json');
  return fakeApi(function apis(url, req, res) {
    if (url.pathname === '/advisories') {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return sendJson(res, { message: 'Bad credentials' }, 401);
      const at = Number(url.searchParams.get('after') ?? 0);
      const link: Record<string, string> = at + 1 < advisories.length ? { link: `<http://${req.headers.host}/advisories?per_page=100&after=${at + 1}>; rel="next"` } : {};
      return sendJson(res, advisories.slice(at, at + 1), 200, link);
    }
    if (url.pathname === '/api/cve') return sendJson(res, { count: 2, next: null, previous: null, results: details.slice(0, 2) });
    if (url.pathname.startsWith('/api/cve/')) return sendJson(res, details.find((d) => url.pathname.endsWith(d.cve_id)));
    if (url.pathname === '/api/query') {
      res.writeHead(200, { 'content-type': 'application/atom+xml' });
      return res.end(atom);
    }
    res.end(kev);
  });
}

const flags = () => [
  '--ghsa-url', `${api!.origin}/advisories`,
  '--opencve-url', `${api!.origin}/api`,
  '--arxiv-url', `${api!.origin}/api/query`,
  '--arxiv-delay-ms', '0',
  '--kev-url', `${api!.origin}/kev.json`,
];

describe('warden instruct collect online (GHSA, OpenCVE, arXiv, KEV)', () => {
  it('collects every API source, stops at --max-pages and resumes on the re-run, never printing the credentials', async () => {
    api = await apis();
    const out = join(dir, 'o1');
    process.env.OPENCVE_USERNAME = 'analyst';
    process.env.OPENCVE_PASSWORD = 'cli-secret-pw';
    try {
      const base = ['--sources', 'ghsa,opencve,arxiv,kev', '--since', '2020-01-01', '--github-token', TOKEN, '--out', out, ...flags()];
      expect(await io.cli(...base, '--max-pages', '2', '--json')).toBe(0);
      const first = JSON.parse(io.out) as CollectReport;
      expect(first.sources.ghsa).toMatchObject({ pages: 2, new: 2 });
      expect(first.sources.opencve).toMatchObject({ pages: 1, new: 2, failed: 0 });
      expect(first.sources.arxiv).toMatchObject({ pages: 1, new: 2, failed: 1 });
      expect(first.sources.kev).toMatchObject({ pages: 1, new: 2 });
      io.out = '';
      expect(await io.cli(...base, '--json')).toBe(0);
      const second = JSON.parse(io.out) as CollectReport;
      // GHSA resumes at its third page (the withdrawn and the malformed advisories); the finished sources start over.
      expect(second.sources.ghsa).toMatchObject({ resumed_from: { next: expect.stringContaining('after=2') }, pages: 2, new: 0, skipped: { withdrawn: 1 }, failed: 1 });
      expect(second.sources.opencve).toMatchObject({ pages: 1, new: 0, unchanged: 2 });
      const ghsaRequests = api.seen.filter((s) => s.url.pathname === '/advisories').map((s) => s.url.searchParams.get('after'));
      expect(ghsaRequests).toEqual([null, '1', '2', '3']);
      const all = JSON.stringify([first, second]) + (await readFile(join(out, 'collect-report.json'), 'utf8')) + io.err;
      expect(all).not.toContain(TOKEN);
      expect(all).not.toContain('cli-secret-pw');
      const records = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n');
      expect(records).toHaveLength(8);
    } finally {
      delete process.env.OPENCVE_USERNAME;
      delete process.env.OPENCVE_PASSWORD;
    }
  });

  it('exits 2 with W_INSTRUCT_FETCH naming the source and URL on a refused token, without printing it', async () => {
    api = await apis();
    expect(await io.cli('--sources', 'ghsa', '--github-token', 'ghp_wrong_one', '--out', join(dir, 'o2'), ...flags())).toBe(2);
    expect(io.err).toMatch(/W_INSTRUCT_FETCH: ghsa: http:\/\/127\.0\.0\.1:\d+\/advisories\?.*HTTP 401 \(check the GitHub token/);
    expect(io.err).not.toContain('ghp_wrong_one');
    const report = JSON.parse(await readFile(join(dir, 'o2', 'collect-report.json'), 'utf8')) as CollectReport;
    expect(report.sources.ghsa!.error).toMatch(/HTTP 401/);
  });

  it('--sources all offline reads GHSA (REST page and OSV files) and OpenCVE snapshots too', async () => {
    const snap = join(dir, 'snap');
    await mkdir(join(snap, 'advisories', 'github-reviewed', '2021', '12', 'GHSA-jfh8-c2jp-5v3q'), { recursive: true });
    await copyFile(new URL('../../apps/instruct/collect/test-fixtures/ghsa-osv/GHSA-jfh8-c2jp-5v3q.json', import.meta.url), join(snap, 'advisories', 'github-reviewed', '2021', '12', 'GHSA-jfh8-c2jp-5v3q', 'GHSA-jfh8-c2jp-5v3q.json'));
    await copyFile(new URL('../../apps/instruct/collect/test-fixtures/ghsa-osv/GHSA-xq3w-v528-46rv.json', import.meta.url), join(snap, 'GHSA-xq3w-v528-46rv.json'));
    await copyFile(new URL('../../apps/instruct/collect/test-fixtures/ghsa-advisories-page.json', import.meta.url), join(snap, 'advisories-page.json'));
    await copyFile(new URL('../../apps/instruct/collect/test-fixtures/opencve-cves.json', import.meta.url), join(snap, 'cves.json'));
    expect(await io.cli('--offline', snap, '--out', join(dir, 'o3'), '--json')).toBe(0);
    const report = JSON.parse(io.out) as CollectReport;
    expect(report.sources.ghsa).toMatchObject({ files: ['GHSA-xq3w-v528-46rv.json', 'advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', 'advisories-page.json'], records: 3, new: 2, unchanged: 0, skipped: { withdrawn: 2 }, failed: 1 });
    // The same advisory as an OSV file and on the REST page shares its id: stored once, the later file updating it.
    expect(report.sources.ghsa!.updated).toBe(1);
    expect(report.sources.opencve).toMatchObject({ files: ['cves.json'], records: 2, new: 2, failed: 1 });
  });
});
