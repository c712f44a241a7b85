import type { SourceFacts, SourceRecord } from '../../types.js';
import { emptyResult, skip, uniq, type ParseResult } from '../types.js';
import { arr, isObject, isoDate, parseJsonFile, str } from './json.js';

/** At most this many CPE criteria are kept per CVE (some list thousands of versions). */
export const MAX_PRODUCTS = 50;
const CVSS_KEYS = ['cvssMetricV40', 'cvssMetricV31', 'cvssMetricV30', 'cvssMetricV2'] as const;

/**
 * Reads an NVD CVE API 2.0 response (`{vulnerabilities: [{cve}]}`: a downloaded page, or a
 * yearly JSON 2.0 feed file) into vulnerability records. Rejected CVEs are skipped; a CVE
 * without an id or English description is a failure naming its index.
 *
 * @example
 * const { items } = parseNvd(await readFile('nvdcve-2003.json', 'utf8'), 'nvdcve-2003.json');
 * items[0]!.record.id; // 'nvd:CVE-1999-1263'
 */
export function parseNvd(text: string, file: string): ParseResult {
  return parseNvdDocument(parseJsonFile(text, file), file);
}

/** Same as parseNvd for an already parsed API response (used by the online collector). */
export function parseNvdDocument(doc: unknown, file: string): ParseResult {
  const result = emptyResult('nvd');
  if (!isObject(doc) || !Array.isArray(doc.vulnerabilities)) {
    result.failures.push({ where: file, message: 'not an NVD CVE API 2.0 document: no "vulnerabilities" array' });
    return result;
  }
  doc.vulnerabilities.forEach(function readVulnerability(entry: unknown, index: number) {
    const where = `${file}: vulnerabilities[${index}]`;
    const cve = isObject(entry) ? entry.cve : undefined;
    if (!isObject(cve)) return result.failures.push({ where, message: 'missing "cve" object' });
    const id = str(cve.id);
    if (!id || !/^CVE-\d{4}-\d{4,}$/.test(id)) return result.failures.push({ where: `${where}.cve.id`, message: `missing or malformed CVE id` });
    if (cve.vulnStatus === 'Rejected') return skip(result, 'rejected');
    const description = english(cve.descriptions);
    if (!description) return result.failures.push({ where: `${where}.cve.descriptions`, message: `${id} has no English description` });
    const facts: SourceFacts = { cves: [id] };
    const cvss = readCvss(cve.metrics);
    if (cvss.length) facts.cvss = cvss;
    const cwes = uniq(arr(cve.weaknesses).flatMap((w) => (isObject(w) ? arr(w.description).map((d) => (isObject(d) ? str(d.value) : undefined)) : []))).filter((c) => /^CWE-\d+$/.test(c));
    if (cwes.length) facts.cwes = cwes;
    const products = uniq(cpeCriteria(cve.configurations)).slice(0, MAX_PRODUCTS);
    if (products.length) facts.products = products;
    const record: SourceRecord = {
      id: `nvd:${id}`,
      source: 'nvd',
      kind: 'vulnerability',
      sourceId: id,
      title: id,
      description,
      facts,
      references: uniq(arr(cve.references).map((r) => (isObject(r) ? str(r.url) : undefined))),
    };
    const published = isoDate(cve.published);
    const modified = isoDate(cve.lastModified);
    if (published) record.published = published;
    if (modified) record.modified = modified;
    result.items.push({ record, raw: cve });
    return undefined;
  });
  return result;
}

function english(descriptions: unknown): string | undefined {
  const list = arr(descriptions).filter(isObject);
  return str(list.find((d) => d.lang === 'en')?.value)?.trim();
}

function readCvss(metrics: unknown): NonNullable<SourceFacts['cvss']> {
  if (!isObject(metrics)) return [];
  const out: NonNullable<SourceFacts['cvss']> = [];
  for (const key of CVSS_KEYS) {
    for (const metric of arr(metrics[key])) {
      if (!isObject(metric) || !isObject(metric.cvssData)) continue;
      const data = metric.cvssData;
      const score = data.baseScore;
      const version = str(data.version);
      if (typeof score !== 'number' || !version) continue;
      const entry: NonNullable<SourceFacts['cvss']>[number] = { version, score };
      const severity = str(data.baseSeverity) ?? str(metric.baseSeverity);
      const vector = str(data.vectorString);
      if (severity) entry.severity = severity;
      if (vector) entry.vector = vector;
      if (!out.some((o) => o.version === entry.version && o.score === entry.score && o.vector === entry.vector)) out.push(entry);
    }
  }
  return out;
}

function* cpeCriteria(configurations: unknown): Generator<string> {
  for (const config of arr(configurations)) {
    if (!isObject(config)) continue;
    for (const node of arr(config.nodes)) {
      if (!isObject(node)) continue;
      for (const match of arr(node.cpeMatch)) {
        if (isObject(match) && match.vulnerable === true) {
          const criteria = str(match.criteria);
          if (criteria) yield criteria;
        }
      }
    }
  }
}
