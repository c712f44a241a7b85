import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { WardenError } from '../../../core/errors.js';
import { parseArxiv } from './sources/arxiv.js';
import { parseAttack } from './sources/attack.js';
import { parseCapec } from './sources/capec.js';
import { parseCwe } from './sources/cwe.js';
import { parseKev } from './sources/kev.js';
import { parseNvd } from './sources/nvd.js';
import type { ParseResult } from './types.js';

const fixture = (name: string) => readFile(new URL(`./test-fixtures/${name}`, import.meta.url), 'utf8');
const byId = (result: ParseResult, id: string) => result.items.find((i) => i.record.id === id)?.record;

describe('parseNvd (NVD CVE API 2.0)', () => {
  it('reads CVEs with CVSS of every version, CWEs, CPE products and references; skips rejected ones', async () => {
    const text = await fixture('nvd-page.json');
    const doc = JSON.parse(text) as { vulnerabilities: { cve: { id: string; vulnStatus: string } }[] };
    const result = parseNvd(text, 'nvd-page.json');
    const rejected = doc.vulnerabilities.filter((v) => v.cve.vulnStatus === 'Rejected').length;
    expect(rejected).toBe(1);
    expect(result.items).toHaveLength(doc.vulnerabilities.length - rejected);
    expect(result.skipped).toEqual({ rejected: 1 });
    expect(result.failures).toEqual([]);
    const cve = byId(result, 'nvd:CVE-2003-0001')!;
    expect(cve).toMatchObject({ source: 'nvd', kind: 'vulnerability', sourceId: 'CVE-2003-0001', title: 'CVE-2003-0001', published: '2003-01-17T05:00:00.000Z' });
    expect(cve.description).toMatch(/^Multiple ethernet Network Interface Card/);
    expect(cve.facts.cvss).toEqual([{ version: '2.0', score: 5, severity: 'MEDIUM', vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' }]);
    expect(cve.facts.cwes).toEqual(['CWE-200']);
    expect(cve.facts.cves).toEqual(['CVE-2003-0001']);
    expect(cve.facts.products).toContain('cpe:2.3:o:freebsd:freebsd:4.2:*:*:*:*:*:*:*');
    expect(cve.references.length).toBeGreaterThan(3);
    const both = byId(result, 'nvd:CVE-2002-0628')!;
    expect(both.facts.cvss).toEqual([
      { version: '3.1', score: 7.5, severity: 'HIGH', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' },
      { version: '2.0', score: 5, severity: 'MEDIUM', vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' },
    ]);
    // NVD-CWE-Other is a placeholder, not a CWE id.
    expect(byId(result, 'nvd:CVE-1999-1263')!.facts.cwes).toBeUndefined();
  });

  it('counts malformed entries as failures naming their index, and fails on bad JSON with line and column', () => {
    const doc = { vulnerabilities: [{ cve: { id: 'CVE-2020-0001', descriptions: [{ lang: 'en', value: 'ok' }] } }, { cve: { id: 'nope' } }, { cve: { id: 'CVE-2020-0002', descriptions: [{ lang: 'es', value: 'hola' }] } }, 7] };
    const result = parseNvd(JSON.stringify(doc), 'p.json');
    expect(result.items.map((i) => i.record.id)).toEqual(['nvd:CVE-2020-0001']);
    expect(result.failures.map((f) => f.where)).toEqual(['p.json: vulnerabilities[1].cve.id', 'p.json: vulnerabilities[2].cve.descriptions', 'p.json: vulnerabilities[3]']);
    expect(() => parseNvd('{"vulnerabilities": [\n  {"cve": }\n]}', 'bad.json')).toThrow(/^bad\.json:2:11: malformed JSON/);
    expect(parseNvd('{"foo": 1}', 'x.json').failures[0]!.message).toMatch(/no "vulnerabilities" array/);
  });
});

describe('parseAttack (STIX 2.x bundles)', () => {
  it('reads an ICS technique with tactics, detection strategies, mitigations and users; skips revoked and deprecated objects and their links', async () => {
    const result = parseAttack(await fixture('ics-attack-slice.json'), 'ics.json');
    expect(result.skipped).toEqual({ deprecated: 2, revoked: 1 });
    expect(result.failures).toEqual([]);
    const t = byId(result, 'attack:T0817')!;
    expect(t).toMatchObject({ kind: 'technique', sourceId: 'T0817', title: 'Drive-by Compromise' });
    expect(t.description).not.toContain('(Citation:');
    expect(t.facts.tactics).toEqual(['initial-access']);
    expect(t.facts.techniques).toEqual(['T0817']);
    expect(t.facts.detection).toMatch(/^Detection of Drive-by Compromise: /);
    expect(t.facts.mitigations!.map((m) => m.id).sort()).toEqual(['M0921', 'M0948', 'M0950', 'M0951']);
    expect(t.facts.mitigations!.find((m) => m.id === 'M0948')).toMatchObject({ name: 'Application Isolation and Sandboxing', description: expect.stringMatching(/^Restrict the execution/) });
    // Industroyer is deprecated, Dragonfly 2.0 revoked: neither may appear.
    expect(new Set(t.facts.usedBy)).toEqual(new Set(['Dragonfly', 'Bad Rabbit', 'TEMP.Veles', 'OilRig', 'ALLANITE']));
    expect(result.items.map((i) => i.record.id)).not.toContain('attack:T0850');
    expect(result.items.map((i) => i.record.id)).not.toContain('attack:S1004');
    expect(byId(result, 'attack:G0035')).toMatchObject({ kind: 'group', facts: { techniques: ['T0817'] } });
    expect(byId(result, 'attack:M0948')).toMatchObject({ kind: 'mitigation', facts: { techniques: ['T0817'] } });
    expect(byId(result, 'attack:S0606')).toMatchObject({ kind: 'software' });
  });

  it('reads enterprise sub-techniques with their parent, x_mitre_detection and tool users', async () => {
    const result = parseAttack(await fixture('enterprise-subtechnique.json'), 'ent.json');
    expect(result.skipped).toEqual({ revoked: 1 });
    expect(result.failures).toEqual([{ where: 'ent.json: malware--00000000-0000-4000-8000-000000000006', message: 'malware without a name or an ATT&CK external_id' }]);
    const sub = byId(result, 'attack:T1059.001')!;
    expect(sub.facts).toMatchObject({ techniques: ['T1059.001'], parentTechnique: 'T1059', tactics: ['execution'], platforms: ['Windows'], usedBy: ['PowerSploit'], mitigations: [{ id: 'M1038', name: 'Execution Prevention' }] });
    expect(sub.facts.detection).toMatch(/^If proper execution policy/);
    const parent = byId(result, 'attack:T1059')!;
    expect(parent.facts.parentTechnique).toBeUndefined();
    expect(parent.facts.mitigations).toBeUndefined(); // that relationship is revoked
    expect(parent.description).toBe('Adversaries may abuse command and script interpreters to execute commands.');
    expect(byId(result, 'attack:S0194')!.facts.techniques).toEqual(['T1059.001']); // not the revoked T1999
  });

  it('rejects a document that is not a bundle', () => {
    expect(parseAttack('{"type": "x"}', 'x.json').failures[0]!.message).toMatch(/not a STIX bundle/);
  });
});

describe('parseCapec', () => {
  it('reads attack patterns with prerequisites, mitigations, likelihood, severity, CWEs and ATT&CK mappings; skips deprecated and obsolete', async () => {
    const result = parseCapec(await fixture('capec-slice.xml'), 'capec.xml');
    expect(result.items.map((i) => i.record.id)).toEqual(['capec:CAPEC-1', 'capec:CAPEC-10', 'capec:CAPEC-100']);
    expect(result.skipped).toEqual({ deprecated: 1, obsolete: 1 });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.where).toMatch(/^capec\.xml:\d+$/);
    const p = byId(result, 'capec:CAPEC-1')!;
    expect(p).toMatchObject({ kind: 'attack-pattern', sourceId: 'CAPEC-1', title: 'Accessing Functionality Not Properly Constrained by ACLs' });
    expect(p.facts.likelihood).toBe('High');
    expect(p.facts.severity).toBe('High');
    expect(p.facts.prerequisites).toHaveLength(3);
    expect(p.facts.prerequisites![0]).toMatch(/^The application must be navigable/);
    expect(p.facts.mitigations![0]!.name).toMatch(/^In a J2EE setting, .* Having done so, any direct access/);
    expect(p.facts.cwes).toEqual(expect.arrayContaining(['CWE-285', 'CWE-732']));
    expect(p.facts.techniques).toEqual(['T1044']);
  });
});

describe('parseCwe', () => {
  it('reads weaknesses with mitigations, likelihood, observed CVEs; skips deprecated and obsolete; ignores categories', async () => {
    const result = parseCwe(await fixture('cwec-sample.xml'), 'cwe.xml');
    expect(result.items.map((i) => i.record.id)).toEqual(['cwe:CWE-79', 'cwe:CWE-89']);
    expect(result.skipped).toEqual({ deprecated: 1, obsolete: 1 });
    const xss = byId(result, 'cwe:CWE-79')!;
    expect(xss.kind).toBe('weakness');
    expect(xss.description).toMatch(/served to other users\. Cross-site scripting \(XSS\) vulnerabilities occur when untrusted data enters a web application & is/);
    expect(xss.facts).toMatchObject({ cwes: ['CWE-79'], likelihood: 'High', cves: ['CVE-2021-25926', 'CVE-2021-25963'] });
    expect(xss.facts.mitigations).toEqual([
      { id: 'MIT-3', name: 'Architecture and Design', description: expect.stringMatching(/^Use a vetted library/) },
      { name: 'Implementation, Architecture and Design', description: 'Understand the context in which your data will be used and the encoding that will be expected.' },
    ]);
    expect(xss.references).toContain('https://capec.mitre.org/data/definitions/63.html');
    expect(byId(result, 'cwe:CWE-89')!.description).toContain('input <from an upstream component>');
  });

  it('names the file and line of malformed XML', () => {
    expect(() => parseCwe('<Weakness_Catalog>\n<Weaknesses>\n<Weakness ID="1">\n</Weaknesses>', 'c.xml')).toThrow(/^c\.xml:4: malformed XML: end tag <\/Weaknesses> does not match <Weakness>/);
  });
});

describe('parseKev', () => {
  it('reads KEV entries with vendor, product, dates, action and ransomware use; malformed entries fail by index', async () => {
    const result = parseKev(await fixture('known_exploited_vulnerabilities.json'), 'kev.json');
    expect(result.items.map((i) => i.record.id)).toEqual(['kev:CVE-2021-44228', 'kev:CVE-2003-0001']);
    expect(result.failures).toEqual([{ where: 'kev.json: vulnerabilities[2]', message: 'missing or malformed cveID' }]);
    const log4j = byId(result, 'kev:CVE-2021-44228')!;
    expect(log4j).toMatchObject({ kind: 'kev-entry', title: 'Apache Log4j2 Remote Code Execution Vulnerability', published: '2021-12-10T00:00:00.000Z' });
    expect(log4j.facts.kev).toEqual({ vendor: 'Apache', product: 'Log4j2', dateAdded: '2021-12-10', requiredAction: expect.stringMatching(/^For all affected/), dueDate: '2021-12-24', knownRansomware: 'Known' });
    expect(log4j.facts.cwes).toEqual(['CWE-20', 'CWE-400', 'CWE-502']);
    expect(log4j.references).toEqual(['https://nvd.nist.gov/vuln/detail/CVE-2021-44228', 'https://logging.apache.org/log4j/2.x/security.html']);
  });
});

describe('parseArxiv', () => {
  it('reads Atom entries with authors, categories and dates; an error entry fails', async () => {
    const result = parseArxiv(await fixture('arxiv-cs-cr.atom'), 'a.atom');
    expect(result.items.map((i) => i.record.id)).toEqual(['arxiv:2401.00001v2', 'arxiv:2402.00002v1']);
    expect(result.failures).toHaveLength(1);
    const paper = result.items[0]!.record;
    expect(paper).toMatchObject({ kind: 'paper', title: 'A Hand-Written Study of Prompt Injection Defences', published: '2024-01-01T09:30:00.000Z', modified: '2024-01-05T10:00:00.000Z' });
    expect(paper.description).toBe('We study prompt injection & jailbreak defences for LLM agents. We find that layered filters reduce attack success.');
    expect(paper.facts).toEqual({ authors: ['Ada Example', 'Bo Sample'], categories: ['cs.CR', 'cs.LG'] });
    expect(paper.references).toEqual(['http://arxiv.org/abs/2401.00001v2', 'http://arxiv.org/pdf/2401.00001v2']);
  });

  it('is a W_INSTRUCT_SOURCE error for a truncated feed', async () => {
    const text = (await fixture('arxiv-cs-cr.atom')).slice(0, 900);
    expect(() => parseArxiv(text, 'a.atom')).toThrow(WardenError);
  });
});

describe('JSON error positions', () => {
  it.each([
    ['{"a": }', 1, 7],
    ['{\n "a": [1, 2,]\n}', 2, 13],
    ['{"a": 1} x', 1, 10],
    ['{"a": "b\n"}', 1, 9],
    ['[1, 2', 1, 6],
    ['{"a": tru}', 1, 7],
  ])('%j fails at line %i column %i', (text, line, column) => {
    expect(() => parseKev(text, 'k.json')).toThrow(new RegExp(`^k\\.json:${line}:${column}: malformed JSON`));
  });
});
