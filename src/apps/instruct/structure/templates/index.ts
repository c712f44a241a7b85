import type { SourceRecord } from '../../types.js';
import { realCwes } from '../text.js';
import type { FactField, Template } from '../types.js';
import { ATTACK_PATTERN_TEMPLATES, TECHNIQUE_TEMPLATES, WEAKNESS_TEMPLATES } from './attack.js';
import { GENERIC_TEMPLATES, PAPER_TEMPLATES } from './paper.js';
import { ADVISORY_TEMPLATES, KEV_TEMPLATES, VULNERABILITY_TEMPLATES } from './vulnerability.js';

/** Every built-in template, in a fixed order (selection depends on it: append, never reorder). */
export const TEMPLATES: readonly Template[] = [
  ...VULNERABILITY_TEMPLATES,
  ...ADVISORY_TEMPLATES,
  ...KEV_TEMPLATES,
  ...TECHNIQUE_TEMPLATES,
  ...ATTACK_PATTERN_TEMPLATES,
  ...WEAKNESS_TEMPLATES,
  ...PAPER_TEMPLATES,
  ...GENERIC_TEMPLATES,
];

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim().length > 0;
}

function someText(values: readonly string[] | undefined): boolean {
  return (values ?? []).some(nonEmpty);
}

/**
 * Whether a record has a field a template reads. "Has" means usable: a non-empty string, a list
 * with at least one entry, and for `cwes` at least one real `CWE-n` id (NVD's `NVD-CWE-Other`
 * placeholders do not count).
 *
 * @example
 * hasField({ ...record, facts: { cvss: [] } }, 'cvss'); // false
 */
export function hasField(record: SourceRecord, field: FactField): boolean {
  const f = record.facts;
  switch (field) {
    case 'description': return nonEmpty(record.description);
    case 'published': return nonEmpty(record.published);
    case 'cvss': return (f.cvss ?? []).some((c) => Number.isFinite(c.score) && nonEmpty(c.version));
    case 'cwes': return realCwes(record).length > 0;
    case 'cves': return someText(f.cves);
    case 'techniques': return someText(f.techniques);
    case 'tactics': return someText(f.tactics);
    case 'platforms': return someText(f.platforms);
    case 'detection': return nonEmpty(f.detection);
    case 'mitigations': return (f.mitigations ?? []).some((m) => nonEmpty(m.name));
    case 'prerequisites': return someText(f.prerequisites);
    case 'likelihood': return nonEmpty(f.likelihood);
    case 'severity': return nonEmpty(f.severity);
    case 'products': return someText(f.products);
    case 'usedBy': return someText(f.usedBy);
    case 'authors': return someText(f.authors);
    case 'categories': return someText(f.categories);
    case 'kev': return f.kev !== undefined && nonEmpty(f.kev.vendor) && nonEmpty(f.kev.product) && nonEmpty(f.kev.dateAdded) && nonEmpty(f.kev.requiredAction);
    case 'kevRansomware': return nonEmpty(f.kev?.knownRansomware);
    case 'references': return someText(record.references);
  }
}

/** NVD marks withdrawn CVE ids in the description ("** REJECT **", "Rejected reason: ..."); they carry no facts to teach. */
export function isRejected(record: SourceRecord): boolean {
  const start = record.description.trimStart().slice(0, 40).toUpperCase();
  return start.startsWith('** REJECT') || start.startsWith('REJECTED REASON:');
}

/**
 * Whether `template` can be filled from `record` without inventing anything: right kind, every
 * required field present, and one of `anyOf` when it is given.
 *
 * @example
 * isEligible(TEMPLATES[0]!, record);
 */
export function isEligible(template: Template, record: SourceRecord): boolean {
  if (template.kind !== record.kind && template.kind !== '*') return false;
  if (!template.requires.every((field) => hasField(record, field))) return false;
  return !template.anyOf || template.anyOf.some((field) => hasField(record, field));
}

/**
 * The templates that may be used for a record: its kind's eligible templates, or the generic
 * ones when its kind has none eligible (group, software, mitigation, sparse records).
 *
 * @example
 * eligibleTemplates(record).map((t) => t.id); // ['vulnerability.explain', 'vulnerability.severity']
 */
export function eligibleTemplates(record: SourceRecord, templates: readonly Template[] = TEMPLATES): Template[] {
  if (isRejected(record)) return [];
  const own = templates.filter((t) => t.kind === record.kind && isEligible(t, record));
  return own.length > 0 ? own : templates.filter((t) => t.kind === '*' && isEligible(t, record));
}
