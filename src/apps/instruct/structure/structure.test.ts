import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceRecord } from '../types.js';
import { checkGrounding, structureRecords } from './index.js';
import { chooseTemplates } from './select.js';
import { TEMPLATES, eligibleTemplates, hasField, isEligible } from './templates/index.js';
import { trimSentences } from './text.js';
import type { FactField } from './types.js';

const fixtures = join(import.meta.dirname, 'test-fixtures');
function load(name: string): SourceRecord[] {
  return readFileSync(join(fixtures, name), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SourceRecord);
}
const real = load('real-source.jsonl');
const adversarial = load('adversarial.jsonl');
const all = [...real, ...adversarial];
const byId = (id: string): SourceRecord => all.find((r) => r.id === id)!;

/** A copy of the record with one field emptied. */
function without(record: SourceRecord, field: FactField): SourceRecord {
  const copy = structuredClone(record);
  if (field === 'description') copy.description = '';
  else if (field === 'published') delete copy.published;
  else if (field === 'references') copy.references = [];
  else if (field === 'kevRansomware') delete copy.facts.kev?.knownRansomware;
  else delete (copy.facts as Record<string, unknown>)[field];
  return copy;
}

describe('templates', () => {
  it('offers at least three templates in different styles for every kind the issue names', () => {
    for (const kind of ['vulnerability', 'technique', 'attack-pattern', 'weakness', 'paper', 'advisory', 'kev-entry']) {
      const own = TEMPLATES.filter((t) => t.kind === kind);
      expect(own.length, kind).toBeGreaterThanOrEqual(3);
      expect(new Set(own.map((t) => t.style)).size, kind).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
  });

  it('makes a template ineligible when a record lacks a field it requires', () => {
    let checked = 0;
    for (const record of all) {
      for (const template of TEMPLATES) {
        if (!isEligible(template, record)) continue;
        for (const field of template.requires) {
          expect(isEligible(template, without(record, field)), `${template.id} without ${field} on ${record.id}`).toBe(false);
          checked++;
        }
        if (template.anyOf) {
          const stripped = template.anyOf.reduce(without, record);
          expect(isEligible(template, stripped), `${template.id} without any of ${template.anyOf.join(',')}`).toBe(false);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('treats NVD placeholder CWEs, empty lists and empty strings as missing', () => {
    expect(hasField(byId('nvd:CVE-2024-0003'), 'cwes')).toBe(false);
    expect(hasField(byId('nvd:CVE-2024-0003'), 'cvss')).toBe(false);
    expect(hasField(byId('nvd:CVE-1999-1263'), 'cwes')).toBe(false);
    expect(hasField(byId('nvd:CVE-2003-0063'), 'cwes')).toBe(true);
    expect(eligibleTemplates(byId('nvd:CVE-2024-0003')).map((t) => t.id)).toEqual(['vulnerability.explain']);
    expect(eligibleTemplates(byId('nvd:CVE-2024-0002'))).toEqual([]);
    expect(eligibleTemplates(byId('attack:M1042'))).toEqual([]);
    expect(byId('nvd:CVE-2002-0841').description).toMatch(/^Rejected reason/);
    expect(eligibleTemplates(byId('nvd:CVE-2002-0841'))).toEqual([]);
    expect(eligibleTemplates(byId('attack:G0016')).map((t) => t.id)).toEqual(['generic.overview']);
    expect(eligibleTemplates(byId('kev:CVE-2020-0001')).map((t) => t.id).sort()).toEqual(['kev-entry.action', 'kev-entry.executive']);
  });

  it('uses every template on some fixture record', () => {
    const used = new Set(all.flatMap((r) => eligibleTemplates(r).map((t) => t.id)));
    expect(TEMPLATES.map((t) => t.id).filter((id) => !used.has(id))).toEqual([]);
  });
});

describe('grounding target', () => {
  it('every CVE, CVSS score, CWE and ATT&CK id in every eligible template response appears in its record', () => {
    let pairs = 0;
    for (const record of all) {
      for (const template of eligibleTemplates(record)) {
        const { instruction, response } = template.render(record);
        expect(instruction.length, template.id).toBeGreaterThan(10);
        expect(response.trim().length, `${template.id} on ${record.id}`).toBeGreaterThan(10);
        const result = checkGrounding(`${instruction}\n${response}`, record);
        expect(result.violations, `${template.id} on ${record.id}`).toEqual([]);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(60);
  });

  it('states every CVSS version a record gives, with its own score', () => {
    const record = byId('nvd:CVE-2024-0001');
    const template = TEMPLATES.find((t) => t.id === 'vulnerability.severity')!;
    const { response } = template.render(record);
    expect(response).toContain('CVSS v4.0 base score 5.1 (MEDIUM)');
    expect(response).toContain('CVSS v3.1 base score 6.1 (MEDIUM)');
    expect(response).toContain('CVSS v2.0 base score 4.3 (MEDIUM)');
    expect(response.indexOf('v4.0')).toBeLessThan(response.indexOf('v2.0'));
    expect(template.render(byId('nvd:CVE-2024-0004')).response).toContain('base score 10.0 (CRITICAL)');
  });

  it('catches invented ids and scores, and accepts ones quoted from the record', () => {
    const record = byId('nvd:CVE-2024-0001');
    const bad = checkGrounding('CVE-2024-0001 (also CVE-2024-9999) has a CVSS base score 9.8, maps to CWE-89 and ATT&CK T1190; 7.2 (HIGH).', record);
    expect(bad.ok).toBe(false);
    expect(bad.violations.map((v) => `${v.type}:${v.value}`).sort()).toEqual(['attack:T1190', 'cve:CVE-2024-9999', 'cvss:7.2', 'cvss:9.8', 'cwe:CWE-89']);
    const good = checkGrounding('CVE-2024-0001 is like CVE-2023-9999 (CWE-079), score 6.1; the vendor calls the risk score "moderate". Version 2.4.1.', record);
    expect(good).toEqual({ ok: true, violations: [] });
    expect(checkGrounding('Reported with score 0.93 F1.', byId('arxiv:2401.00001')).ok).toBe(false);
    expect(checkGrounding('Our detector reaches a score of 0.93 F1.', byId('arxiv:2401.00001')).ok).toBe(true);
    expect(checkGrounding('See T1059.001 and M1042.', byId('attack:T1059.001')).ok).toBe(true);
    expect(checkGrounding('See T1059.002.', byId('attack:T1059.001')).violations[0]?.value).toBe('T1059.002');
  });
});

describe('selection', () => {
  it('is deterministic for a seed and independent of input order', () => {
    const options = { seed: 42, templatesPerRecord: 2 };
    const first = structureRecords(all, options);
    expect(structureRecords(all, options)).toEqual(first);
    const reversed = structureRecords([...all].reverse(), options);
    expect([...reversed].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...first].sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('picks distinct eligible templates, and other seeds pick others', () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => all.map((r) => chooseTemplates(r, seed, 2).map((t) => t.id).join('+')).join('|'));
    expect(new Set(seeds).size).toBeGreaterThan(1);
    for (const record of all) {
      const chosen = chooseTemplates(record, 7, 3);
      expect(new Set(chosen.map((t) => t.id)).size).toBe(chosen.length);
      expect(chosen.length).toBe(Math.min(3, eligibleTemplates(record).length));
      for (const t of chosen) expect(isEligible(t, record)).toBe(true);
    }
  });

  it('writes the pair shape with metadata', () => {
    const [pair] = structureRecords([byId('kev:CVE-2021-44228')], { seed: 3, templatesPerRecord: 1 });
    expect(pair).toMatchObject({ id: expect.stringMatching(/^kev:CVE-2021-44228#kev-entry\./), metadata: { source: 'kev', kind: 'kev-entry', source_ids: ['kev:CVE-2021-44228'], seed: 3 } });
    expect(() => structureRecords(all, { seed: -1, templatesPerRecord: 2 })).toThrow(/--seed/);
    expect(() => structureRecords(all, { seed: 1, templatesPerRecord: 0 })).toThrow(/--templates-per-record/);
  });
});

describe('trimSentences', () => {
  it('cuts at sentence boundaries, never mid-sentence, and keeps abbreviations whole', () => {
    expect(trimSentences('One. Two. Three.', 9)).toBe('One. Two.');
    expect(trimSentences('A very long first sentence. B.', 5)).toBe('A very long first sentence.');
    expect(trimSentences('Use e.g. Foo here. Then bar.', 20)).toBe('Use e.g. Foo here.');
    expect(trimSentences('Version 2.4.1 is hit. Next one.', 100, 1)).toBe('Version 2.4.1 is hit.');
    expect(trimSentences('  spaced\n\ttext  ')).toBe('spaced text.');
    expect(trimSentences('Adversaries may block X. (Citation: Zhu 2011) (Citation: SANS 2016) More.', 100)).toBe('Adversaries may block X. More.');
  });
});
