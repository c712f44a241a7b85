import type { SourceFacts, SourceRecord } from '../../types.js';
import { emptyResult, uniq, type ParseResult } from '../types.js';
import { arr, isObject, isoDate, parseJsonFile, str } from './json.js';

/**
 * Reads the CISA Known Exploited Vulnerabilities catalog
 * (`known_exploited_vulnerabilities.json`) into kev-entry records keyed by CVE id. An entry
 * without cveID, vendor, product or dateAdded is a failure naming its index.
 *
 * @example
 * const { items } = parseKev(await readFile('known_exploited_vulnerabilities.json', 'utf8'), 'kev.json');
 * items[0]!.record.facts.kev?.requiredAction;
 */
export function parseKev(text: string, file: string): ParseResult {
  const result = emptyResult('kev');
  const doc = parseJsonFile(text, file);
  if (!isObject(doc) || !Array.isArray(doc.vulnerabilities) || !str(doc.catalogVersion)) {
    result.failures.push({ where: file, message: 'not a CISA KEV catalog: expected "catalogVersion" and a "vulnerabilities" array' });
    return result;
  }
  doc.vulnerabilities.forEach(function readEntry(entry: unknown, index: number) {
    const where = `${file}: vulnerabilities[${index}]`;
    if (!isObject(entry)) return result.failures.push({ where, message: 'entry is not an object' });
    const cve = str(entry.cveID);
    const vendor = str(entry.vendorProject);
    const product = str(entry.product);
    const dateAdded = str(entry.dateAdded);
    const requiredAction = str(entry.requiredAction);
    const missing = [!cve || !/^CVE-\d{4}-\d{4,}$/.test(cve) ? 'cveID' : '', !vendor ? 'vendorProject' : '', !product ? 'product' : '', !dateAdded ? 'dateAdded' : '', !requiredAction ? 'requiredAction' : ''].filter(Boolean);
    if (missing.length) return result.failures.push({ where, message: `missing or malformed ${missing.join(', ')}` });
    const kev: NonNullable<SourceFacts['kev']> = { vendor: vendor!, product: product!, dateAdded: dateAdded!, requiredAction: requiredAction! };
    const dueDate = str(entry.dueDate);
    const ransomware = str(entry.knownRansomwareCampaignUse);
    if (dueDate) kev.dueDate = dueDate;
    if (ransomware) kev.knownRansomware = ransomware;
    const facts: SourceFacts = { cves: [cve!], kev, products: [`${vendor} ${product}`] };
    const cwes = uniq(arr(entry.cwes).map(str)).filter((c) => /^CWE-\d+$/.test(c));
    if (cwes.length) facts.cwes = cwes;
    const record: SourceRecord = {
      id: `kev:${cve}`,
      source: 'kev',
      kind: 'kev-entry',
      sourceId: cve!,
      title: str(entry.vulnerabilityName) ?? cve!,
      description: str(entry.shortDescription) ?? '',
      facts,
      references: uniq(splitNotes(str(entry.notes))),
    };
    const published = isoDate(dateAdded);
    if (published) record.published = published;
    result.items.push({ record, raw: entry });
    return undefined;
  });
  return result;
}

/** KEV notes hold URLs separated by " ; ". */
function splitNotes(notes: string | undefined): string[] {
  return (notes ?? '').split(';').map((s) => s.trim()).filter((s) => s.startsWith('http://') || s.startsWith('https://'));
}
