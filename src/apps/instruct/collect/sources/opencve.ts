import type { SourceFacts, SourceRecord } from '../../types.js';
import { emptyResult, uniq, type ParseResult } from '../types.js';
import { arr, isObject, isoDate, parseJsonFile, str } from './json.js';

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
/** OpenCVE v2 metric keys, newest CVSS first, with the version they hold. */
const METRICS = [
  ['cvssV4_0', '4.0'],
  ['cvssV3_1', '3.1'],
  ['cvssV3_0', '3.0'],
  ['cvssV2_0', '2.0'],
] as const;
/** At most this many vendor/product names are kept per CVE. */
export const MAX_VENDORS = 50;

/**
 * Reads OpenCVE (v2 REST API, app.opencve.io or self-hosted) answers into vulnerability
 * records with source `opencve`: a list page (`GET /api/cve?page=N`:
 * `{count, next, previous, results: [{cve_id, description, created_at, updated_at}]}`), a
 * detail (`GET /api/cve/<id>`: the same plus `title`, `metrics.cvssV4_0|cvssV3_1|cvssV3_0|
 * cvssV2_0.data.{score, vector}`, `weaknesses: ['CWE-79']`, `vendors: ['vendor',
 * 'vendor$PRODUCT$product']`), or a JSON array of details (a saved snapshot). An entry without
 * a CVE id or description is a failure naming its position.
 *
 * @example
 * const { items } = parseOpencve(await readFile('opencve-cves.json', 'utf8'), 'opencve-cves.json');
 * items[0]!.record.id; // 'opencve:CVE-2024-31497'
 */
export function parseOpencve(text: string, file: string): ParseResult {
  return parseOpencveDocument(parseJsonFile(text, file), file);
}

/** Same as parseOpencve for an already parsed document (used by the online collector). */
export function parseOpencveDocument(doc: unknown, file: string): ParseResult {
  const result = emptyResult('opencve');
  const page = isObject(doc) && Array.isArray(doc.results);
  const entries = page ? (doc.results as unknown[]) : Array.isArray(doc) ? doc : [doc];
  entries.forEach(function readCve(entry: unknown, index: number) {
    const where = page ? `${file}: results[${index}]` : Array.isArray(doc) ? `${file}: [${index}]` : file;
    if (!isObject(entry)) return result.failures.push({ where, message: 'entry is not an object' });
    const id = str(entry.cve_id);
    if (!id || !CVE_ID.test(id)) return result.failures.push({ where: `${where}.cve_id`, message: 'missing or malformed CVE id' });
    const description = str(entry.description);
    if (!description) return result.failures.push({ where: `${where}.description`, message: `${id} has no description` });
    const facts: SourceFacts = { cves: [id] };
    const cvss = readMetrics(entry.metrics);
    if (cvss.length) facts.cvss = cvss;
    const cwes = uniq(arr(entry.weaknesses).map(str)).filter((c) => /^CWE-\d+$/.test(c));
    if (cwes.length) facts.cwes = cwes;
    const products = vendorNames(arr(entry.vendors));
    if (products.length) facts.products = products;
    const record: SourceRecord = { id: `opencve:${id}`, source: 'opencve', kind: 'vulnerability', sourceId: id, title: str(entry.title)?.trim() ?? id, description: description.trim(), facts, references: [] };
    const published = isoDate(entry.created_at);
    const modified = isoDate(entry.updated_at);
    if (published) record.published = published;
    if (modified) record.modified = modified;
    result.items.push({ record, raw: entry });
    return undefined;
  });
  return result;
}

/** `{cvssV3_1: {data: {score, vector}, provider}}` → cvss facts; empty `data` objects (no metric) are dropped. */
function readMetrics(metrics: unknown): NonNullable<SourceFacts['cvss']> {
  if (!isObject(metrics)) return [];
  const out: NonNullable<SourceFacts['cvss']> = [];
  for (const [key, version] of METRICS) {
    const metric = metrics[key];
    const data = isObject(metric) && isObject(metric.data) ? metric.data : undefined;
    if (!data || typeof data.score !== 'number' || !Number.isFinite(data.score)) continue;
    const vector = str(data.vector);
    out.push(vector ? { version, score: data.score, vector } : { version, score: data.score });
  }
  return out;
}

/** `vendor$PRODUCT$product` → `vendor product`; a bare vendor is kept only when none of its products is listed. */
function vendorNames(values: unknown[]): string[] {
  const names = uniq(values.map(str));
  const products = names.filter((n) => n.includes('$PRODUCT$'));
  const withProducts = new Set(products.map((p) => p.split('$PRODUCT$')[0]));
  const bare = names.filter((n) => !n.includes('$PRODUCT$') && !withProducts.has(n));
  return uniq([...products.map((p) => p.split('$PRODUCT$').join(' ')), ...bare]).slice(0, MAX_VENDORS);
}
