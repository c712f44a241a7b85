// Builds real-source.jsonl from slices of ../shared/data/sources (run once by hand; the tests
// read only the generated file). This is a fixture converter, not the collector: it maps just
// the fields the structure templates read. Usage: node make-fixtures.mjs /work/shared/data/sources
/* global process, console */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const out = [];

const nvd = JSON.parse(readFileSync(join(dir, 'nvdcve-2003.json'), 'utf8'));
const wanted = ['CVE-1999-1263', 'CVE-2002-0628', 'CVE-2002-1337', 'CVE-2003-0063'];
const noMetrics = nvd.vulnerabilities.map((v) => v.cve).find((c) => !c.metrics.cvssMetricV2 && !c.metrics.cvssMetricV31 && !c.metrics.cvssMetricV30);
for (const cve of [...nvd.vulnerabilities.map((v) => v.cve).filter((c) => wanted.includes(c.id)), noMetrics]) {
  const cvss = [];
  for (const key of ['cvssMetricV31', 'cvssMetricV30', 'cvssMetricV2']) {
    for (const m of cve.metrics[key] ?? []) {
      cvss.push({ version: m.cvssData.version, score: m.cvssData.baseScore, severity: m.cvssData.baseSeverity ?? m.baseSeverity, vector: m.cvssData.vectorString });
    }
  }
  const description = cve.descriptions.find((d) => d.lang === 'en')?.value ?? '';
  out.push({
    id: `nvd:${cve.id}`, source: 'nvd', kind: 'vulnerability', sourceId: cve.id, title: cve.id, description,
    published: cve.published, modified: cve.lastModified,
    facts: {
      cvss,
      cwes: [...new Set((cve.weaknesses ?? []).flatMap((w) => w.description.map((d) => d.value)))],
      products: [...new Set((cve.configurations ?? []).flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch.map((m) => m.criteria))))],
    },
    references: (cve.references ?? []).map((r) => r.url).slice(0, 5),
  });
}

const bundle = JSON.parse(readFileSync(join(dir, 'ics-attack.json'), 'utf8'));
const byId = new Map(bundle.objects.map((o) => [o.id, o]));
const extId = (o) => o.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id;
for (const tid of ['T0803', 'T0800', 'T0817']) {
  const t = bundle.objects.find((o) => o.type === 'attack-pattern' && extId(o) === tid);
  const rels = bundle.objects.filter((o) => o.type === 'relationship' && o.target_ref === t.id && !o.revoked);
  const mitigations = rels.filter((r) => r.relationship_type === 'mitigates').map((r) => byId.get(r.source_ref)).filter(Boolean)
    .map((m) => ({ id: extId(m), name: m.name, description: m.description }));
  const usedBy = rels.filter((r) => r.relationship_type === 'uses').map((r) => byId.get(r.source_ref)?.name).filter(Boolean);
  out.push({
    id: `attack:${tid}`, source: 'attack', kind: 'technique', sourceId: tid, title: t.name, description: t.description,
    published: t.created, modified: t.modified,
    facts: { tactics: t.kill_chain_phases.map((p) => p.phase_name), platforms: t.x_mitre_platforms ?? [], mitigations, usedBy: [...new Set(usedBy)], ...(t.x_mitre_detection ? { detection: t.x_mitre_detection } : {}) },
    references: t.external_references.map((r) => r.url).filter(Boolean).slice(0, 5),
  });
}

const xml = readFileSync(join(dir, 'capec_3000_v3.2.xml'), 'utf8');
const tag = (s, name) => s.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`))?.[1];
const strip = (s) => s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
for (const cid of ['1', '66', '7']) {
  const start = xml.indexOf(`<Attack_Pattern ID="${cid}" `);
  const body = xml.slice(start, xml.indexOf('</Attack_Pattern>', start));
  const name = body.match(/Name="([^"]+)"/)[1];
  const list = (outer, inner) => [...(tag(body, outer) ?? '').matchAll(new RegExp(`<${inner}>([\\s\\S]*?)</${inner}>`, 'g'))].map((m) => strip(m[1]));
  out.push({
    id: `capec:CAPEC-${cid}`, source: 'capec', kind: 'attack-pattern', sourceId: `CAPEC-${cid}`, title: name, description: strip(tag(body, 'Description') ?? ''),
    facts: {
      prerequisites: list('Prerequisites', 'Prerequisite'),
      mitigations: list('Mitigations', 'Mitigation').map((m) => ({ name: m })),
      cwes: [...body.matchAll(/Related_Weakness CWE_ID="(\d+)"/g)].map((m) => `CWE-${m[1]}`),
      ...(tag(body, 'Likelihood_Of_Attack') ? { likelihood: tag(body, 'Likelihood_Of_Attack') } : {}),
      ...(tag(body, 'Typical_Severity') ? { severity: tag(body, 'Typical_Severity') } : {}),
    },
    references: [],
  });
}
writeFileSync(join(import.meta.dirname, 'real-source.jsonl'), out.map((r) => JSON.stringify(r)).join('\n') + '\n');
// eslint-disable-next-line no-console
console.log(out.length, 'records');
