import type { SourceFacts, SourceRecord } from '../../types.js';
import { emptyResult, skip, uniq, type ParseResult } from '../types.js';
import { child, children, parseXml, textOf, type XmlElement } from '../xml.js';

const SKIPPED_STATUS = new Set(['Deprecated', 'Obsolete']);

/**
 * Reads a CAPEC XML catalog (schema 3.x) into attack-pattern records: description,
 * prerequisites, mitigations, likelihood, typical severity, related CWEs and the ATT&CK
 * techniques of its taxonomy mappings. Deprecated and obsolete patterns are skipped.
 *
 * @example
 * const { items } = parseCapec(await readFile('capec_3000_v3.2.xml', 'utf8'), 'capec.xml');
 * items[0]!.record.id; // 'capec:CAPEC-1'
 */
export function parseCapec(text: string, file: string): ParseResult {
  const result = emptyResult('capec');
  const root = parseXml(text, file);
  if (root.name !== 'Attack_Pattern_Catalog') {
    result.failures.push({ where: file, message: `not a CAPEC catalog: root element is <${root.name}>, expected <Attack_Pattern_Catalog>` });
    return result;
  }
  for (const pattern of children(child(root, 'Attack_Patterns'), 'Attack_Pattern')) {
    const where = `${file}:${pattern.line}`;
    const id = pattern.attrs.ID;
    const name = pattern.attrs.Name;
    if (!id || !/^\d+$/.test(id) || !name) {
      result.failures.push({ where, message: 'Attack_Pattern without a numeric ID or a Name' });
      continue;
    }
    const status = pattern.attrs.Status ?? '';
    if (SKIPPED_STATUS.has(status)) {
      skip(result, status.toLowerCase());
      continue;
    }
    const facts: SourceFacts = {};
    const prerequisites = uniq(children(child(pattern, 'Prerequisites'), 'Prerequisite').map(textOf));
    if (prerequisites.length) facts.prerequisites = prerequisites;
    const mitigations = uniq(children(child(pattern, 'Mitigations'), 'Mitigation').map(textOf)).map((description) => ({ name: description }));
    if (mitigations.length) facts.mitigations = mitigations;
    const likelihood = textOf(child(pattern, 'Likelihood_Of_Attack'));
    const severity = textOf(child(pattern, 'Typical_Severity'));
    if (likelihood) facts.likelihood = likelihood;
    if (severity) facts.severity = severity;
    const cwes = uniq(children(child(pattern, 'Related_Weaknesses'), 'Related_Weakness').map((w) => (w.attrs.CWE_ID ? `CWE-${w.attrs.CWE_ID}` : undefined)));
    if (cwes.length) facts.cwes = cwes;
    const techniques = uniq(attackMappings(pattern));
    if (techniques.length) facts.techniques = techniques;
    const record: SourceRecord = {
      id: `capec:CAPEC-${id}`,
      source: 'capec',
      kind: 'attack-pattern',
      sourceId: `CAPEC-${id}`,
      title: name,
      description: [textOf(child(pattern, 'Description')), textOf(child(pattern, 'Extended_Description'))].filter(Boolean).join(' '),
      facts,
      references: [`https://capec.mitre.org/data/definitions/${id}.html`],
    };
    result.items.push({ record, raw: toPlain(pattern) });
  }
  return result;
}

/** ATT&CK technique ids from `<Taxonomy_Mapping Taxonomy_Name="ATTACK"><Entry_ID>1574.010</Entry_ID>`. */
function* attackMappings(pattern: XmlElement): Generator<string> {
  for (const mapping of children(child(pattern, 'Taxonomy_Mappings'), 'Taxonomy_Mapping')) {
    if (mapping.attrs.Taxonomy_Name !== 'ATTACK') continue;
    const entry = textOf(child(mapping, 'Entry_ID'));
    if (/^\d{4}(\.\d{3})?$/.test(entry)) yield `T${entry}`;
    else if (/^T\d{4}(\.\d{3})?$/.test(entry)) yield entry;
  }
}

/**
 * A JSON-friendly copy of an element for the store's raw column: attributes, text and
 * children by name.
 *
 * @example
 * toPlain(parseXml('<a x="1"><b>t</b></a>', 'x')); // { name: 'a', attrs: { x: '1' }, children: [{ name: 'b', text: 't' }] }
 */
export function toPlain(element: XmlElement): Record<string, unknown> {
  const out: Record<string, unknown> = { name: element.name };
  if (Object.keys(element.attrs).length) out.attrs = element.attrs;
  const text = element.text.replace(/\s+/g, ' ').trim();
  if (text) out.text = text;
  if (element.children.length) out.children = element.children.map(toPlain);
  return out;
}
