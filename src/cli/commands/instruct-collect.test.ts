import { once } from 'node:events';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import type { CollectReport } from '../../apps/instruct/collect/index.js';
import type { SourceRecord } from '../../apps/instruct/types.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-instruct-cli-');
const io = useCliCapture(['instruct', 'collect']);
const DEMO = fileURLToPath(new URL('../../../data/instruct/sources', import.meta.url));

/** What the bundled files hold, counted here independently of the parsers. */
async function demoCounts(): Promise<{ cves: number; rejected: number; techniques: number; capec: number }> {
  const nvd = JSON.parse(await readFile(join(DEMO, 'nvdcve-2003-slice.json'), 'utf8')) as { vulnerabilities: { cve: { vulnStatus: string } }[] };
  const attack = JSON.parse(await readFile(join(DEMO, 'ics-attack-slice.json'), 'utf8')) as { objects: { type: string; revoked?: boolean; x_mitre_deprecated?: boolean }[] };
  const capec = await readFile(join(DEMO, 'capec_3000_v3.2-slice.xml'), 'utf8');
  return {
    cves: nvd.vulnerabilities.length,
    rejected: nvd.vulnerabilities.filter((v) => v.cve.vulnStatus === 'Rejected').length,
    techniques: attack.objects.filter((o) => o.type === 'attack-pattern' && !o.revoked && !o.x_mitre_deprecated).length,
    capec: capec.split('<Attack_Pattern ').length - 1,
  };
}

describe('warden instruct collect', () => {
  it('collects the bundled demo sources end to end, then a re-run changes nothing', async () => {
    const out = join(dir, 'out');
    expect(await io.cli('--offline', DEMO, '--out', out, '--json')).toBe(0);
    const report = JSON.parse(io.out) as CollectReport;
    const counts = await demoCounts();
    expect(counts.rejected).toBeGreaterThan(0);
    expect(report.sources.nvd).toMatchObject({ records: counts.cves - counts.rejected, new: counts.cves - counts.rejected, skipped: { rejected: counts.rejected }, failed: 0 });
    expect(report.sources.capec).toMatchObject({ records: counts.capec, new: counts.capec, failed: 0 });
    expect(report.sources.attack!.failed).toBe(0);
    expect(report.sources.cwe).toMatchObject({ files: [], records: 0 });
    const records = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as SourceRecord);
    expect(records).toHaveLength(report.totals.records);
    expect(records.filter((r) => r.kind === 'technique')).toHaveLength(counts.techniques);
    expect(records.every((r) => r.id === `${r.source}:${r.sourceId}`)).toBe(true);
    expect(JSON.parse(await readFile(join(out, 'collect-report.json'), 'utf8'))).toEqual(report);

    io.out = '';
    expect(await io.cli('--offline', DEMO, '--out', out)).toBe(0);
    expect(io.out).toMatch(/^SOURCE +FILES +RECORDS +NEW +UPDATED +UNCHANGED/);
    expect(io.out).toContain(`${report.totals.records} records read: 0 new, 0 updated, ${report.totals.records} unchanged`);
  });

  it('takes --sources, --db and --since', async () => {
    const db = `sqlite:${join(dir, 'custom.db')}`;
    expect(await io.cli('--offline', DEMO, '--out', join(dir, 'o2'), '--sources', 'nvd', '--db', db, '--since', '2020-01-01', '--json')).toBe(0);
    const report = JSON.parse(io.out) as CollectReport;
    expect(Object.keys(report.sources)).toEqual(['nvd']);
    expect(report.db).toBe(db);
    expect(report.sources.nvd!.filtered).toBeGreaterThan(0);
    expect(report.sources.nvd!.new + report.sources.nvd!.filtered).toBe(report.sources.nvd!.records);
  });

  it.each([
    [['--sources', 'nvd,bogus'], /unknown source "bogus"/],
    [['--sources', 'ghsa'], /no snapshot file for ghsa in the --offline directory/],
    [['--arxiv-delay-ms', '-1'], /--arxiv-delay-ms must be an integer of 0 or more/],
    [['--since', '2024-13-45'], /--since must be a date/],
    [['--sources', 'cwe'], /no snapshot file for cwe/],
    [['--max-file-mb', '0'], /--max-file-mb must be a positive integer/],
  ])('exits 2 on %j', async (args, message) => {
    expect(await io.cli('--offline', DEMO, '--out', join(dir, 'o3'), ...args)).toBe(2);
    expect(io.err).toMatch(message);
  });

  it('exits 2 online for snapshot-only sources, without --since or credentials, and on a malformed snapshot naming the file and line', async () => {
    expect(await io.cli('--out', join(dir, 'o4'), '--since', '2024-01-01', '--sources', 'nvd,attack,capec')).toBe(2);
    expect(io.err).toMatch(/W_USAGE: attack is read from snapshot files only: pass --offline DIR; capec is read from snapshot files only/);
    io.err = '';
    expect(await io.cli('--out', join(dir, 'o4'), '--sources', 'nvd')).toBe(2);
    expect(io.err).toMatch(/online NVD collection needs --since DATE/);
    const saved = { GITHUB_TOKEN: process.env.GITHUB_TOKEN, OPENCVE_USERNAME: process.env.OPENCVE_USERNAME, OPENCVE_PASSWORD: process.env.OPENCVE_PASSWORD };
    delete process.env.GITHUB_TOKEN;
    delete process.env.OPENCVE_USERNAME;
    delete process.env.OPENCVE_PASSWORD;
    try {
      io.err = '';
      expect(await io.cli('--out', join(dir, 'o4'), '--sources', 'ghsa,opencve')).toBe(2);
      expect(io.err).toMatch(/ghsa needs a GitHub token \(--github-token or GITHUB_TOKEN\); opencve needs credentials/);
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
    }
    const snap = join(dir, 'snap');
    await mkdir(snap);
    await writeFile(join(snap, 'capec.xml'), '<?xml version="1.0"?>\n<Attack_Pattern_Catalog>\n<Attack_Patterns>\n<Attack_Pattern ID="1" Name="x">\n</Attack_Patterns>\n');
    io.err = '';
    expect(await io.cli('--offline', snap, '--out', join(dir, 'o4'))).toBe(2);
    expect(io.err).toMatch(/W_INSTRUCT_SOURCE: capec\.xml:5: malformed XML: end tag <\/Attack_Patterns> does not match <Attack_Pattern>/);
  });

  it('collects NVD online from a server speaking the API 2.0, with the key from NVD_API_KEY', async () => {
    const page = await readFile(new URL('../../apps/instruct/collect/test-fixtures/nvd-page.json', import.meta.url), 'utf8');
    const keys: (string | undefined)[] = [];
    const doc = JSON.parse(page) as { vulnerabilities: { cve: { lastModified: string } }[] };
    const windows: string[] = [];
    // Answers like the API: CVEs whose lastModified falls in the requested window, paged.
    const server = createServer(function nvdApi(req, res) {
      keys.push(req.headers.apikey as string | undefined);
      const q = new URL(req.url!, 'http://x').searchParams;
      windows.push(q.get('lastModStartDate')!);
      const [from, to] = [Date.parse(q.get('lastModStartDate')!), Date.parse(q.get('lastModEndDate')!)];
      const hits = doc.vulnerabilities.filter((v) => Date.parse(`${v.cve.lastModified}Z`) >= from && Date.parse(`${v.cve.lastModified}Z`) <= to);
      const start = Number(q.get('startIndex'));
      const slice = hits.slice(start, start + Number(q.get('resultsPerPage')));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ resultsPerPage: slice.length, startIndex: start, totalResults: hits.length, format: 'NVD_CVE', version: '2.0', timestamp: '2026-01-01T00:00:00.000', vulnerabilities: slice }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    process.env.NVD_API_KEY = 'test-key-1';
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/json/cves/2.0`;
      expect(await io.cli('--sources', 'nvd', '--since', '2019-01-01', '--nvd-url', url, '--out', join(dir, 'o5'), '--json')).toBe(0);
    } finally {
      delete process.env.NVD_API_KEY;
      server.close();
    }
    const report = JSON.parse(io.out) as CollectReport;
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k === 'test-key-1')).toBe(true);
    expect(report.offline).toBeNull();
    // Modified since 2019: CVE-2003-0001 (2019-04-30), CVE-2002-0628 (2024-02-09) and the rejected CVE-2002-0841 (2023-11-07).
    expect(report.sources.nvd).toMatchObject({ records: 2, new: 2, filtered: 0, skipped: { rejected: 1 }, failed: 0 });
    expect(windows[0]).toBe('2019-01-01T00:00:00.000Z');
    expect(windows.length).toBeGreaterThan(20); // 120-day windows up to today
    expect(JSON.stringify(report)).not.toContain('test-key-1');
  });

  it('--help teaches with examples', async () => {
    expect(await io.cli('--help')).toBe(0);
    expect(io.out).toContain('Examples:');
    expect(io.out).toContain('warden instruct collect --offline data/instruct/sources');
    expect(io.out).toContain('--since <date>');
    expect(io.out).toContain('--github-token <token>');
    expect(io.out).toContain('--restart');
    expect(io.out).toContain('GITHUB_TOKEN=... warden instruct collect --sources ghsa,kev,arxiv --since 2024-06-01');
  });
});
