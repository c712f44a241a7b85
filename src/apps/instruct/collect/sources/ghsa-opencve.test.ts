import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { classify } from '../detect.js';
import { parseGhsa } from './ghsa.js';
import { parseOpencve } from './opencve.js';

const fixture = (name: string) => readFile(new URL(`../test-fixtures/${name}`, import.meta.url), 'utf8');

describe('parseGhsa', () => {
  it('reads a REST /advisories page: facts verbatim, withdrawn skipped, a malformed id failed', async () => {
    const result = parseGhsa(await fixture('ghsa-advisories-page.json'), 'page.json');
    expect(result.items.map((i) => i.record.id)).toEqual(['ghsa:GHSA-jfh8-c2jp-5v3q', 'ghsa:GHSA-29mw-wpgm-hmr9']);
    expect(result.skipped).toEqual({ withdrawn: 1 });
    expect(result.failures).toEqual([{ where: 'page.json: [3].ghsa_id', message: 'missing or malformed GHSA id' }]);
    const log4j = result.items[0]!.record;
    expect(log4j).toMatchObject({ source: 'ghsa', kind: 'advisory', sourceId: 'GHSA-jfh8-c2jp-5v3q', title: 'Remote code injection in Log4j', published: '2021-12-10T00:40:56.000Z', modified: '2024-03-15T20:55:31.000Z' });
    expect(log4j.description).toMatch(/^Apache Log4j2 2\.0-beta9 through 2\.15\.0/);
    // cvss and cvss_severities.cvss_v3 are the same metric; the empty cvss_v4 (score 0) is not a metric.
    expect(log4j.facts).toEqual({
      cves: ['CVE-2021-44228'],
      cvss: [{ version: '3.1', score: 10, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
      cwes: ['CWE-20', 'CWE-502', 'CWE-917'],
      severity: 'critical',
      products: ['maven/org.apache.logging.log4j:log4j-core'],
    });
    expect(log4j.references[0]).toBe('https://github.com/advisories/GHSA-jfh8-c2jp-5v3q');
    expect(log4j.references).toContain('https://logging.apache.org/log4j/2.x/security.html');
    expect(new Set(log4j.references).size).toBe(log4j.references.length);
    expect((result.items[0]!.raw as { epss: unknown }).epss).toBeDefined();
  });

  it('reads the advisory-database OSV files to the same record ids and facts (no CVSS score is invented from a vector)', async () => {
    const log4j = parseGhsa(await fixture('ghsa-osv/GHSA-jfh8-c2jp-5v3q.json'), 'GHSA-jfh8-c2jp-5v3q.json');
    expect(log4j.failures).toEqual([]);
    expect(log4j.items).toHaveLength(1);
    const record = log4j.items[0]!.record;
    expect(record).toMatchObject({ id: 'ghsa:GHSA-jfh8-c2jp-5v3q', title: 'Remote code injection in Log4j', modified: '2024-03-15T20:55:31.000Z' });
    expect(record.facts).toEqual({
      cves: ['CVE-2021-44228'],
      cwes: ['CWE-20', 'CWE-502', 'CWE-917'],
      severity: 'CRITICAL',
      products: ['Maven/org.apache.logging.log4j:log4j-core', 'Maven/org.ops4j.pax.logging:pax-logging-log4j2'],
    });
    expect(record.references).toEqual(['https://nvd.nist.gov/vuln/detail/CVE-2021-44228', 'https://logging.apache.org/log4j/2.x/security.html', 'https://github.com/apache/logging-log4j2']);
    const withdrawn = parseGhsa(await fixture('ghsa-osv/GHSA-xq3w-v528-46rv.json'), 'w.json');
    expect(withdrawn).toMatchObject({ items: [], skipped: { withdrawn: 1 }, failures: [] });
  });

  it('fails an advisory without a summary and names the position', () => {
    const result = parseGhsa(JSON.stringify([{ ghsa_id: 'GHSA-29mw-wpgm-hmr9', description: '' }, 7]), 'x.json');
    expect(result.failures).toEqual([
      { where: 'x.json: [0].summary', message: 'GHSA-29mw-wpgm-hmr9 has no summary' },
      { where: 'x.json: [1]', message: 'advisory is not an object' },
    ]);
  });
});

describe('parseOpencve', () => {
  it('reads CVE details: newest CVSS first, weaknesses, vendor$PRODUCT$product names; a malformed id fails', async () => {
    const result = parseOpencve(await fixture('opencve-cves.json'), 'opencve-cves.json');
    expect(result.items.map((i) => i.record.id)).toEqual(['opencve:CVE-2024-31497', 'opencve:CVE-2014-0160']);
    expect(result.failures).toEqual([{ where: 'opencve-cves.json: [2].cve_id', message: 'missing or malformed CVE id' }]);
    const putty = result.items[0]!.record;
    expect(putty).toMatchObject({ source: 'opencve', kind: 'vulnerability', sourceId: 'CVE-2024-31497', title: 'PuTTY: NIST P-521 client keys can be recovered from biased ECDSA nonces', published: '2024-04-15T20:15:11.077Z' });
    expect(putty.facts).toEqual({
      cves: ['CVE-2024-31497'],
      cvss: [{ version: '3.1', score: 5.9, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
      cwes: ['CWE-338'],
      products: ['putty putty', 'filezilla-project filezilla_client', 'tortoisegit'],
    });
    const heartbleed = result.items[1]!.record;
    expect(heartbleed.title).toBe('CVE-2014-0160');
    expect(heartbleed.facts.cvss!.map((c) => c.version)).toEqual(['3.1', '2.0']);
  });

  it('reads a list page (results without details)', async () => {
    const result = parseOpencve(await fixture('opencve-list-page.json'), 'list.json');
    expect(result.items.map((i) => i.record.id)).toEqual(['opencve:CVE-2024-31497', 'opencve:CVE-2014-0160']);
    expect(result.items[0]!.record.facts).toEqual({ cves: ['CVE-2024-31497'] });
    expect(parseOpencve('{"results":[{"cve_id":"CVE-2024-0001"}]}', 'p.json').failures).toEqual([{ where: 'p.json: results[0].description', message: 'CVE-2024-0001 has no description' }]);
  });
});

describe('classify (new sources)', () => {
  it('recognises GHSA REST pages, OSV files and OpenCVE answers by content, then by name', async () => {
    expect(classify('x.json', await fixture('ghsa-advisories-page.json'))).toBe('ghsa');
    expect(classify('x.json', await fixture('ghsa-osv/GHSA-29mw-wpgm-hmr9.json'))).toBe('ghsa');
    expect(classify('x.json', await fixture('opencve-cves.json'))).toBe('opencve');
    expect(classify('x.json', await fixture('opencve-list-page.json'))).toBe('opencve');
    expect(classify('GHSA-29mw-wpgm-hmr9.json', '[]')).toBe('ghsa');
    expect(classify('opencve-2024.json', '{}')).toBe('opencve');
    expect(classify('other.json', '[{"a": 1}]')).toBeUndefined();
    // KEV uses cveID, not cve_id, and is not mistaken for OpenCVE.
    expect(classify('x.json', await fixture('known_exploited_vulnerabilities.json'))).toBe('kev');
  });
});
