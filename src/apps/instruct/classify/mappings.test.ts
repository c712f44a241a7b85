import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceFacts, SourceRecord } from '../types.js';
import { combineEvidence } from './combine.js';
import { ICS_ATTACK_IDS } from './ics-attack-ids.js';
import { CWE_DOMAINS, PLATFORM_DOMAINS, PRODUCT_WORD_DOMAINS, TACTIC_DOMAINS, TECHNIQUE_DOMAINS, type Mapping } from './mapping-tables.js';
import { factEvidence, productWords, RELATED_TECHNIQUE_FACTOR } from './mappings.js';
import { icsAttackIds, renderIcsIdsModule } from './training/ics-ids.js';

function record(over: Partial<SourceRecord> & { facts?: SourceFacts }): SourceRecord {
  return { id: 'capec:CAPEC-1', source: 'capec', kind: 'attack-pattern', sourceId: 'CAPEC-1', title: 't', description: '', references: [], ...over, facts: over.facts ?? {} };
}

function expectMapping(evidence: ReturnType<typeof factEvidence>, mapping: Mapping, why: string, factor = 1): void {
  expect(mapping.length).toBeGreaterThan(0);
  for (const [domain, confidence] of mapping) {
    expect(confidence).toBeGreaterThan(0);
    expect(confidence).toBeLessThanOrEqual(1);
    expect(evidence).toContainEqual({ domain, confidence: confidence * factor, why });
  }
}

describe('fact mappings: every table entry reaches the evidence', () => {
  it.each(Object.entries(TACTIC_DOMAINS))('tactic %s', (tactic, mapping) => {
    expectMapping(factEvidence(record({ facts: { tactics: [tactic] } })), mapping, `attack-tactic:${tactic}`);
  });
  it.each(Object.entries(PLATFORM_DOMAINS))('platform %s', (platform, mapping) => {
    expectMapping(factEvidence(record({ facts: { platforms: [platform] } })), mapping, `attack-platform:${platform}`);
  });
  it.each(Object.entries(TECHNIQUE_DOMAINS))('technique %s, as the record itself, as a sub-technique and as a used technique', (id, mapping) => {
    const own = record({ id: `attack:${id}`, source: 'attack', kind: 'technique', sourceId: id });
    expectMapping(factEvidence(own), mapping, `attack-technique:${id}`);
    const sub = record({ id: `attack:${id}.001`, source: 'attack', kind: 'technique', sourceId: `${id}.001`, facts: { parentTechnique: id } });
    expectMapping(factEvidence(sub), mapping, `attack-technique:${id}`);
    const group = record({ id: 'attack:G9999', source: 'attack', kind: 'group', sourceId: 'G9999', facts: { techniques: [`${id}.002`] } });
    expectMapping(factEvidence(group), mapping, `attack-technique:${id}`, RELATED_TECHNIQUE_FACTOR);
  });
  it.each(Object.entries(CWE_DOMAINS))('%s, as a related weakness and as a CWE record', (cwe, mapping) => {
    expectMapping(factEvidence(record({ facts: { cwes: [cwe] } })), mapping, `cwe:${cwe}`);
    expectMapping(factEvidence(record({ id: `cwe:${cwe}`, source: 'cwe', kind: 'weakness', sourceId: cwe })), mapping, `cwe:${cwe}`);
  });
  it.each(Object.entries(PRODUCT_WORD_DOMAINS))('product word %s, in a CPE and in a product name', (word, mapping) => {
    expectMapping(factEvidence(record({ facts: { products: [`cpe:2.3:a:acme:${word}:1.0:*:*:*:*:*:*:*`] } })), mapping, `product:${word}`);
    expectMapping(factEvidence(record({ facts: { products: [`Acme ${word}`] } })), mapping, `product:${word}`);
  });
});

describe('fact mappings: what the issue asks for', () => {
  const domainsOf = (r: SourceRecord) => combineEvidence(factEvidence(r), 0.5).domains;

  it('labels ATT&CK for ICS techniques, mitigations, groups and software ics_security', () => {
    expect(domainsOf(record({ id: 'attack:T0800', source: 'attack', kind: 'technique', sourceId: 'T0800', facts: { tactics: ['inhibit-response-function'] } }))).toEqual(['ics_security']);
    expect(domainsOf(record({ id: 'attack:M0801', source: 'attack', kind: 'mitigation', sourceId: 'M0801' }))).toEqual(['ics_security']);
    expect(domainsOf(record({ id: 'attack:G0034', source: 'attack', kind: 'group', sourceId: 'G0034' }))).toEqual(['ics_security']);
    // An Enterprise technique id that is not in the ICS bundle gets nothing from the id.
    expect(domainsOf(record({ id: 'attack:T1059', source: 'attack', kind: 'technique', sourceId: 'T1059' }))).toEqual([]);
    // A non-ATT&CK record with an ICS-looking id is not ATT&CK.
    expect(domainsOf(record({ id: 'capec:T0800', sourceId: 'T0800' }))).toEqual([]);
  });

  it('maps phishing techniques, cloud platforms and credential tactics', () => {
    expect(domainsOf(record({ id: 'attack:T1566.001', source: 'attack', kind: 'technique', sourceId: 'T1566.001', facts: { parentTechnique: 'T1566', tactics: ['initial-access'] } }))).toEqual(['phishing']);
    expect(domainsOf(record({ facts: { platforms: ['IaaS', 'Azure AD'] } }))).toEqual(['cloud_security', 'identity_access_management']);
    expect(domainsOf(record({ facts: { tactics: ['credential-access'] } }))).toEqual(['identity_access_management']);
    expect(domainsOf(record({ facts: { tactics: ['lateral-movement', 'command-and-control'] } }))).toEqual(['network_security']);
  });

  it('maps CWE families, CVSS, KEV and products', () => {
    expect(domainsOf(record({ facts: { cwes: ['CWE-79'] } }))).toEqual(['web_security']);
    expect(domainsOf(record({ facts: { cwes: ['CWE-798'] } }))).toEqual(['identity_access_management']);
    expect(domainsOf(record({ facts: { cwes: ['CWE-327'] } }))).toEqual(['cryptography']);
    expect(domainsOf(record({ facts: { cwes: ['CWE-787'] } }))).toEqual(['vulnerability_management']);
    expect(domainsOf(record({ facts: { cwes: ['CWE-200'] } }))).toEqual([]);
    const cve = record({ id: 'nvd:CVE-1', source: 'nvd', kind: 'vulnerability', sourceId: 'CVE-1', facts: { cvss: [{ version: '3.1', score: 9.8 }] } });
    expect(factEvidence(cve)).toContainEqual({ domain: 'vulnerability_management', confidence: 0.7, why: 'cvss' });
    const kev = (knownRansomware: string) => record({ id: 'kev:CVE-1', source: 'kev', kind: 'kev-entry', sourceId: 'CVE-1', facts: { kev: { vendor: 'v', product: 'p', dateAdded: '2024-01-01', requiredAction: 'patch', knownRansomware } } });
    expect(domainsOf(kev('Known'))).toEqual(['vulnerability_management', 'malware', 'zero_day']);
    expect(domainsOf(kev('Unknown'))).toEqual(['vulnerability_management']);
    const zeroDay = record({ id: 'nvd:CVE-2', source: 'nvd', kind: 'vulnerability', sourceId: 'CVE-2', description: 'A zero-day flaw exploited in the wild before a patch.' });
    expect(domainsOf(zeroDay)).toContain('zero_day');
    // Hardware alone (appliances, phones, printers) only hints at IoT; a device word settles it.
    expect(factEvidence(record({ facts: { products: ['cpe:2.3:h:acme:widget:1:*:*:*:*:*:*:*'] } }))).toEqual([{ domain: 'iot_security', confidence: 0.45, why: 'cpe:hardware' }]);
    expect(domainsOf(record({ facts: { products: ['cpe:2.3:h:acme:widget:1:*:*:*:*:*:*:*'] } }))).toEqual([]);
    expect(domainsOf(record({ facts: { products: ['cpe:2.3:h:acme:ip_camera:1:*:*:*:*:*:*:*'] } }))).toEqual(['iot_security']);
    expect(domainsOf(record({ facts: { products: ['cpe:2.3:o:acme:router_firmware:1:*:*:*:*:*:*:*'] } }))).toEqual(['iot_security', 'network_security']);
    expect(domainsOf(record({ facts: { products: ['cpe:2.3:a:siemens:simatic_s7:1:*:*:*:*:*:*:*'] } }))).toEqual(['ics_security']);
  });

  it('splits CPEs into vendor and product words, and bounds the products read', () => {
    expect(productWords('cpe:2.3:a:apache:http_server:2.4:*:*:*:*:*:*:*')).toEqual(['http_server', 'apache', 'http', 'server']);
    expect(productWords('Smart IP-Camera')).toEqual(['smart', 'ip-camera', 'ip', 'camera', 'smart_ip-camera']);
    expect(productWords('Internet Explorer')).toContain('internet_explorer');
    const many = Array.from({ length: 500 }, (_, i) => (i < 300 ? `cpe:2.3:a:v:p${i}:1:*:*:*:*:*:*:*` : 'cpe:2.3:a:v:openssl:1:*:*:*:*:*:*:*'));
    expect(factEvidence(record({ facts: { products: many } })).filter((e) => e.why === 'product:openssl')).toEqual([]);
  });

  it('a group that only uses a phishing technique needs more than that to be labelled phishing', () => {
    const group = record({ id: 'attack:G9999', source: 'attack', kind: 'group', sourceId: 'G9999', facts: { techniques: ['T1566'] } });
    expect(domainsOf(group)).toEqual([]);
  });

  it('the generated ICS id table matches the bundled ATT&CK for ICS bundle', () => {
    const path = join(import.meta.dirname, '../../../../data/instruct/sources/ics-attack-slice.json');
    const ids = icsAttackIds(JSON.parse(readFileSync(path, 'utf8')));
    expect([...ICS_ATTACK_IDS]).toEqual(ids);
    expect(readFileSync(join(import.meta.dirname, 'ics-attack-ids.ts'), 'utf8')).toBe(renderIcsIdsModule(ids, 'data/instruct/sources/ics-attack-slice.json'));
    expect(ids).toEqual(expect.arrayContaining(['T0800', 'M0801', 'G0034', 'S0603']));
    expect(() => icsAttackIds({})).toThrow(/STIX bundle/);
  });
});
