import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { usePostgres } from '../../../../test/pg.js';
import { openStore } from '../../../store/index.js';
import type { SourceRecord } from '../types.js';
import { collectRecords, findSnapshots, readRaw, type CollectOptions } from './index.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-instruct-collect-');
const pgdb = usePostgres();

const FIXTURES = ['nvd-page.json', 'ics-attack-slice.json', 'enterprise-subtechnique.json', 'capec-slice.xml', 'cwec-sample.xml', 'known_exploited_vulnerabilities.json', 'arxiv-cs-cr.atom', 'README.md'];
const ALL = ['nvd', 'attack', 'capec', 'cwe', 'arxiv', 'kev'] as const;

/** Copies the fixtures into DIR/snap (the attack bundles one level down, to check the walk). */
async function snapshot(): Promise<string> {
  const snap = join(dir, 'snap');
  await mkdir(join(snap, 'attack'), { recursive: true });
  for (const name of FIXTURES) {
    const target = name.includes('attack') || name.startsWith('enterprise') ? join(snap, 'attack', name) : join(snap, name);
    await copyFile(new URL(`./test-fixtures/${name}`, import.meta.url), target);
  }
  return snap;
}

const options = (snap: string, db: string, extra: Partial<CollectOptions> = {}): CollectOptions => ({ sources: ALL, offline: snap, db, ...extra });

describe('findSnapshots', () => {
  it('recognises every fixture by content and ignores other files', async () => {
    const { files, ignored } = await findSnapshots(await snapshot());
    expect(files.map((f) => [f.name, f.source])).toEqual([
      ['arxiv-cs-cr.atom', 'arxiv'],
      ['attack/enterprise-subtechnique.json', 'attack'],
      ['attack/ics-attack-slice.json', 'attack'],
      ['capec-slice.xml', 'capec'],
      ['cwec-sample.xml', 'cwe'],
      ['known_exploited_vulnerabilities.json', 'kev'],
      ['nvd-page.json', 'nvd'],
    ]);
    expect(ignored).toEqual(['README.md']);
  });
});

describe.each([
  ['sqlite', () => `sqlite:${join(dir, 'out', 'instruct.db')}`],
  ['postgres', () => pgdb.url],
])('collectRecords on %s', (_engine, dbUrl) => {
  it('stores records and raw objects, and a re-run counts new / updated / unchanged', async () => {
    const snap = await snapshot();
    const db = dbUrl();
    const exportPath = join(dir, 'out', 'records.jsonl');
    const reportPath = join(dir, 'out', 'report.json');
    const first = await collectRecords(options(snap, db, { exportPath, reportPath }));
    expect(first.sources.nvd).toMatchObject({ files: ['nvd-page.json'], records: 4, new: 4, updated: 0, unchanged: 0, skipped: { rejected: 1 }, failed: 0 });
    expect(first.sources.attack).toMatchObject({ files: ['attack/enterprise-subtechnique.json', 'attack/ics-attack-slice.json'], failed: 1, skipped: { deprecated: 2, revoked: 2 } });
    expect(first.sources.capec).toMatchObject({ records: 3, new: 3, failed: 1, skipped: { deprecated: 1, obsolete: 1 } });
    expect(first.sources.cwe).toMatchObject({ records: 2, new: 2 });
    expect(first.sources.kev).toMatchObject({ records: 2, new: 2, failed: 1 });
    expect(first.sources.kev!.failures[0]!.where).toBe('known_exploited_vulnerabilities.json: vulnerabilities[2]');
    expect(first.sources.arxiv).toMatchObject({ records: 2, new: 2, failed: 1 });
    expect(first.totals.new).toBe(first.totals.records);
    expect(first.ignored_files).toEqual(['README.md']);
    // The report file and the export match the store.
    expect(JSON.parse(await readFile(reportPath, 'utf8'))).toEqual(first);
    const exported = (await readFile(exportPath, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as SourceRecord);
    expect(exported).toHaveLength(first.totals.records);
    expect(first.exported).toBe(exported.length);
    expect(new Set(exported.map((r) => r.id)).size).toBe(exported.length);
    expect(exported.find((r) => r.id === 'attack:T1059.001')!.facts.parentTechnique).toBe('T1059');
    const store = await openStore(db);
    try {
      const raw = (await readRaw(store, 'nvd:CVE-2003-0001')) as { id: string; vulnStatus: string };
      expect(raw.id).toBe('CVE-2003-0001');
      expect(raw.vulnStatus).toBeDefined();
      const runs = await store.all<{ id: string }>('SELECT id FROM instruct_collect_runs');
      expect(runs.map((r) => r.id)).toEqual([first.run_id]);
    } finally {
      await store.close();
    }

    // Same snapshot again: nothing changes.
    const second = await collectRecords(options(snap, db));
    expect(second.totals).toMatchObject({ new: 0, updated: 0, unchanged: first.totals.records });

    // A newer snapshot: one CVE changed, one added.
    const nvdPath = join(snap, 'nvd-page.json');
    const doc = JSON.parse(await readFile(nvdPath, 'utf8')) as { vulnerabilities: { cve: { id: string; descriptions: { lang: string; value: string }[]; lastModified: string } }[] };
    const changed = doc.vulnerabilities.find((v) => v.cve.id === 'CVE-2003-0001')!;
    changed.cve.descriptions[0]!.value += ' (updated)';
    const added = structuredClone(changed);
    added.cve.id = 'CVE-2003-9999';
    doc.vulnerabilities.push(added);
    await writeFile(nvdPath, JSON.stringify(doc));
    const third = await collectRecords(options(snap, db, { sources: ['nvd'] }));
    expect(Object.keys(third.sources)).toEqual(['nvd']);
    expect(third.sources.nvd).toMatchObject({ records: 5, new: 1, updated: 1, unchanged: 3 });
    const store2 = await openStore(db);
    try {
      const row = await store2.get<{ record: string }>('SELECT record FROM instruct_records WHERE id = ?', ['nvd:CVE-2003-0001']);
      expect((JSON.parse(row!.record) as SourceRecord).description).toMatch(/\(updated\)$/);
      const count = await store2.get<{ n: number }>('SELECT COUNT(*) AS n FROM instruct_records');
      expect(Number(count!.n)).toBe(first.totals.records + 1);
    } finally {
      await store2.close();
    }
  });
});

describe('collectRecords options and errors', () => {
  it('--since keeps records modified on or after the date, and undated ones', async () => {
    const snap = await snapshot();
    const report = await collectRecords(options(snap, `sqlite:${join(dir, 'a.db')}`, { since: new Date('2024-01-01T00:00:00Z'), sources: ['nvd', 'capec', 'arxiv'] }));
    // Of the four CVEs only CVE-2002-0628 was last modified after 2024-01-01; CAPEC records carry no dates.
    expect(report.sources.nvd).toMatchObject({ records: 4, filtered: 3, new: 1 });
    expect(report.sources.capec).toMatchObject({ records: 3, filtered: 0, new: 3 });
    expect(report.sources.arxiv).toMatchObject({ records: 2, filtered: 0, new: 2 });
    const later = await collectRecords(options(snap, `sqlite:${join(dir, 'b.db')}`, { since: new Date('2024-02-01T00:00:00Z'), sources: ['arxiv'] }));
    expect(later.sources.arxiv).toMatchObject({ filtered: 1, new: 1 });
  });

  it('stops on a malformed file naming it, and on a file over the size limit', async () => {
    const snap = await snapshot();
    await writeFile(join(snap, 'nvd-page.json'), '{"format":"NVD_CVE","vulnerabilities":[{"cve": {]}');
    const bad = await expectWardenError(collectRecords(options(snap, `sqlite:${join(dir, 'c.db')}`, { sources: ['nvd'] })));
    expect(bad.code).toBe('W_INSTRUCT_SOURCE');
    expect(bad.message).toMatch(/^nvd-page\.json:1:\d+: malformed JSON/);
    const big = await expectWardenError(collectRecords(options(snap, `sqlite:${join(dir, 'c.db')}`, { sources: ['capec'], maxFileBytes: 1000 })));
    expect(big.code).toBe('W_INSTRUCT_SOURCE');
    expect(big.message).toMatch(/capec-slice\.xml: file is \d+ bytes, over the limit of 1000/);
  });

  it('requires a file for each named source when asked, and a snapshot directory', async () => {
    const snap = join(dir, 'only-kev');
    await mkdir(snap);
    await copyFile(new URL('./test-fixtures/known_exploited_vulnerabilities.json', import.meta.url), join(snap, 'kev.json'));
    const missing = await expectWardenError(collectRecords(options(snap, `sqlite:${join(dir, 'd.db')}`, { sources: ['kev', 'cwe'], requireAll: true })));
    expect(missing.message).toMatch(/no snapshot file for cwe in the --offline directory \(found: kev\)/);
    const report = await collectRecords(options(snap, `sqlite:${join(dir, 'd.db')}`));
    expect(report.sources.cwe).toMatchObject({ files: [], records: 0 });
    expect(report.sources.kev).toMatchObject({ new: 2 });
    expect((await expectWardenError(collectRecords(options(join(dir, 'nope'), 'sqlite::memory:')))).code).toBe('W_IO_NOT_FOUND');
  });
});
