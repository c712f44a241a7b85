import type { SourceFacts, SourceRecord } from '../../types.js';
import { emptyResult, skip, uniq, type ParseResult } from '../types.js';
import { arr, isObject, isoDate, parseJsonFile, str } from './json.js';

const GHSA_ID = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
/** At most this many affected packages are kept per advisory (a few list hundreds). */
export const MAX_PACKAGES = 50;

/**
 * Reads GitHub Security Advisories into advisory records: a page of the global advisories
 * REST API (`GET /advisories`, a JSON array of `{ghsa_id, cve_id, summary, ...}`) or one such
 * object, or the OSV files of the github/advisory-database repository (`GHSA-*.json`:
 * `{schema_version, id, aliases, affected, database_specific}`), alone or in an array.
 * Withdrawn advisories are skipped; one without a GHSA id or a summary is a failure.
 *
 * @example
 * const { items } = parseGhsa(await readFile('GHSA-jfh8-c2jp-5v3q.json', 'utf8'), 'GHSA-jfh8-c2jp-5v3q.json');
 * items[0]!.record.id; // 'ghsa:GHSA-jfh8-c2jp-5v3q'
 */
export function parseGhsa(text: string, file: string): ParseResult {
  return parseGhsaDocument(parseJsonFile(text, file), file);
}

/** Same as parseGhsa for an already parsed document (used by the online collector). */
export function parseGhsaDocument(doc: unknown, file: string): ParseResult {
  const result = emptyResult('ghsa');
  const entries = Array.isArray(doc) ? doc : [doc];
  entries.forEach(function readAdvisory(entry: unknown, index: number) {
    const where = Array.isArray(doc) ? `${file}: [${index}]` : file;
    if (!isObject(entry)) return result.failures.push({ where, message: 'advisory is not an object' });
    const osv = entry.ghsa_id === undefined && entry.id !== undefined;
    const id = str(osv ? entry.id : entry.ghsa_id);
    if (!id || !GHSA_ID.test(id)) return result.failures.push({ where: `${where}.${osv ? 'id' : 'ghsa_id'}`, message: 'missing or malformed GHSA id' });
    if (str(osv ? entry.withdrawn : entry.withdrawn_at)) return skip(result, 'withdrawn');
    const summary = str(entry.summary);
    const description = str(osv ? entry.details : entry.description) ?? summary;
    if (!summary || !description) return result.failures.push({ where: `${where}.summary`, message: `${id} has no summary` });
    const facts = osv ? osvFacts(entry) : restFacts(entry);
    const record: SourceRecord = { id: `ghsa:${id}`, source: 'ghsa', kind: 'advisory', sourceId: id, title: summary.trim(), description: description.trim(), facts, references: references(entry, osv) };
    const published = isoDate(osv ? entry.published : entry.published_at);
    const modified = isoDate(osv ? entry.modified : entry.updated_at);
    if (published) record.published = published;
    if (modified) record.modified = modified;
    result.items.push({ record, raw: entry });
    return undefined;
  });
  return result;
}

/** REST: cve_id and identifiers, cvss (+ cvss_severities), cwes, severity, vulnerabilities. */
function restFacts(entry: Record<string, unknown>): SourceFacts {
  const facts: SourceFacts = {};
  const cves = uniq([str(entry.cve_id), ...arr(entry.identifiers).map((i) => (isObject(i) && i.type === 'CVE' ? str(i.value) : undefined))]).filter((c) => CVE_ID.test(c));
  if (cves.length) facts.cves = cves;
  const severities = isObject(entry.cvss_severities) ? Object.values(entry.cvss_severities) : [];
  const cvss = uniqCvss([entry.cvss, ...severities].map(readCvss));
  if (cvss.length) facts.cvss = cvss;
  const cwes = uniq(arr(entry.cwes).map((c) => (isObject(c) ? str(c.cwe_id) : undefined))).filter((c) => /^CWE-\d+$/.test(c));
  if (cwes.length) facts.cwes = cwes;
  const severity = str(entry.severity);
  if (severity) facts.severity = severity;
  const products = uniq(arr(entry.vulnerabilities).map((v) => (isObject(v) ? packageName(v.package) : undefined))).slice(0, MAX_PACKAGES);
  if (products.length) facts.products = products;
  return facts;
}

/** OSV: aliases, database_specific.{cwe_ids, severity}, affected packages. OSV gives CVSS as a vector only, so no score is invented. */
function osvFacts(entry: Record<string, unknown>): SourceFacts {
  const facts: SourceFacts = {};
  const cves = uniq(arr(entry.aliases).map(str)).filter((c) => CVE_ID.test(c));
  if (cves.length) facts.cves = cves;
  const specific = isObject(entry.database_specific) ? entry.database_specific : {};
  const cwes = uniq(arr(specific.cwe_ids).map(str)).filter((c) => /^CWE-\d+$/.test(c));
  if (cwes.length) facts.cwes = cwes;
  const severity = str(specific.severity);
  if (severity) facts.severity = severity;
  const products = uniq(arr(entry.affected).map((a) => (isObject(a) ? packageName(a.package) : undefined))).slice(0, MAX_PACKAGES);
  if (products.length) facts.products = products;
  return facts;
}

/** `npm/lodash`, from `{ecosystem, name}`. */
function packageName(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const name = str(value.name);
  const ecosystem = str(value.ecosystem);
  return name ? (ecosystem ? `${ecosystem}/${name}` : name) : undefined;
}

type Cvss = NonNullable<SourceFacts['cvss']>[number];

/** `{score, vector_string}` with the version read from the vector (`CVSS:3.1/…`); null scores (no CVSS given) are dropped. */
function readCvss(value: unknown): Cvss | undefined {
  if (!isObject(value) || typeof value.score !== 'number' || !Number.isFinite(value.score) || value.score <= 0) return undefined;
  const vector = str(value.vector_string);
  const version = vector ? /^CVSS:(\d\.\d)\//.exec(vector)?.[1] : undefined;
  const cvss: Cvss = { version: version ?? 'unknown', score: value.score };
  if (vector) cvss.vector = vector;
  return cvss;
}

function uniqCvss(values: (Cvss | undefined)[]): Cvss[] {
  const seen = new Map<string, Cvss>();
  for (const v of values) if (v && !seen.has(`${v.version}|${v.vector ?? ''}`)) seen.set(`${v.version}|${v.vector ?? ''}`, v);
  return [...seen.values()];
}

/** html_url and the references (REST: URL strings; OSV: `{type, url}`). */
function references(entry: Record<string, unknown>, osv: boolean): string[] {
  const urls = arr(entry.references).map((r) => (isObject(r) ? str(r.url) : str(r)));
  return uniq([osv ? undefined : str(entry.html_url), ...urls]).filter((u) => u.startsWith('https://') || u.startsWith('http://'));
}
