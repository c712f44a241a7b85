import type { SourceFacts, SourceRecord } from '../../types.js';
import { emptyResult, skip, uniq, type ParseResult } from '../types.js';
import { child, children, parseXml, textOf } from '../xml.js';
import { toPlain } from './capec.js';

const SKIPPED_STATUS = new Set(['Deprecated', 'Obsolete']);

/**
 * Reads a CWE XML catalog (`cwec_v4.x.xml`, schema 7.x) into weakness records: description
 * and extended description, potential mitigations (with phase), likelihood of exploit,
 * observed CVE examples and related CAPEC patterns (as references). Deprecated and obsolete
 * weaknesses are skipped.
 *
 * @example
 * const { items } = parseCwe(await readFile('cwec_v4.14.xml', 'utf8'), 'cwec.xml');
 * items[0]!.record.id; // 'cwe:CWE-79'
 */
export function parseCwe(text: string, file: string): ParseResult {
  const result = emptyResult('cwe');
  const root = parseXml(text, file);
  if (root.name !== 'Weakness_Catalog') {
    result.failures.push({ where: file, message: `not a CWE catalog: root element is <${root.name}>, expected <Weakness_Catalog>` });
    return result;
  }
  for (const weakness of children(child(root, 'Weaknesses'), 'Weakness')) {
    const where = `${file}:${weakness.line}`;
    const id = weakness.attrs.ID;
    const name = weakness.attrs.Name;
    if (!id || !/^\d+$/.test(id) || !name) {
      result.failures.push({ where, message: 'Weakness without a numeric ID or a Name' });
      continue;
    }
    const status = weakness.attrs.Status ?? '';
    if (SKIPPED_STATUS.has(status)) {
      skip(result, status.toLowerCase());
      continue;
    }
    const facts: SourceFacts = { cwes: [`CWE-${id}`] };
    const mitigations = children(child(weakness, 'Potential_Mitigations'), 'Mitigation')
      .map(function toMitigation(m) {
        const phases = uniq(children(m, 'Phase').map(textOf));
        const entry: { id?: string; name: string; description?: string } = { name: phases.length ? phases.join(', ') : 'Mitigation', description: textOf(child(m, 'Description')) };
        if (m.attrs.Mitigation_ID) entry.id = m.attrs.Mitigation_ID;
        return entry;
      })
      .filter((m) => m.description);
    if (mitigations.length) facts.mitigations = mitigations;
    const likelihood = textOf(child(weakness, 'Likelihood_Of_Exploit'));
    if (likelihood) facts.likelihood = likelihood;
    const cves = uniq(children(child(weakness, 'Observed_Examples'), 'Observed_Example').map((e) => textOf(child(e, 'Reference')))).filter((c) => /^CVE-\d{4}-\d{4,}$/.test(c));
    if (cves.length) facts.cves = cves;
    const capecs = uniq(children(child(weakness, 'Related_Attack_Patterns'), 'Related_Attack_Pattern').map((p) => p.attrs.CAPEC_ID));
    const record: SourceRecord = {
      id: `cwe:CWE-${id}`,
      source: 'cwe',
      kind: 'weakness',
      sourceId: `CWE-${id}`,
      title: name,
      description: [textOf(child(weakness, 'Description')), textOf(child(weakness, 'Extended_Description'))].filter(Boolean).join(' '),
      facts,
      references: [`https://cwe.mitre.org/data/definitions/${id}.html`, ...capecs.map((c) => `https://capec.mitre.org/data/definitions/${c}.html`)],
    };
    result.items.push({ record, raw: toPlain(weakness) });
  }
  return result;
}
