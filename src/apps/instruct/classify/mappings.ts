/**
 * Evidence from a source record's structured facts (ATT&CK tactics, platforms and techniques,
 * CWE ids, CVSS, KEV, products), through the tables in mapping-tables.ts. Pure: no I/O.
 */
import type { SourceRecord } from '../types.js';
import type { Evidence } from './domains.js';
import { ICS_ATTACK_IDS } from './ics-attack-ids.js';
import { CWE_DOMAINS, PLATFORM_DOMAINS, PRODUCT_WORD_DOMAINS, TACTIC_DOMAINS, TECHNIQUE_DOMAINS, type Mapping } from './mapping-tables.js';

/** Products looked at per record (an NVD CVE can list thousands of CPEs; the first ones suffice). */
const MAX_PRODUCTS = 200;
/** Description characters searched for an exploited-before-patch statement. */
const MAX_DESCRIPTION = 20_000;

/** Phrases that state exploitation before a fix existed (zero_day); matched lower case, whole text. */
const ZERO_DAY_PHRASES = ['zero-day', '0-day', 'zero day', 'exploited in the wild before', 'before a patch', 'no patch is available', 'unpatched and actively exploited'];

/** Weight of a technique a record only uses or mitigates (see factEvidence). */
export const RELATED_TECHNIQUE_FACTOR = 0.5;

function push(out: Evidence[], mapping: Mapping | undefined, why: string, factor = 1): void {
  for (const [domain, confidence] of mapping ?? []) out.push({ domain, confidence: confidence * factor, why });
}

/** ATT&CK technique id without its sub-technique suffix (T1566.001 -> T1566). */
function baseTechnique(id: string): string {
  const dot = id.indexOf('.');
  return dot === -1 ? id : id.slice(0, dot);
}

/** ATT&CK for ICS numbering: techniques T0800-T0899, mitigations M0800-M0999. */
function isIcsNumbered(id: string): boolean {
  return /^T08\d\d$/.test(id) || /^M0[89]\d\d$/.test(id);
}

/** Lower-case words of a CPE's vendor and product fields, or of a plain product name. */
export function productWords(product: string): string[] {
  let text = product;
  if (product.startsWith('cpe:2.3:')) {
    const parts = product.split(':');
    text = `${parts[3] ?? ''} ${parts[4] ?? ''}`;
    const name = (parts[4] ?? '').toLowerCase();
    return [...new Set([name, ...text.toLowerCase().split(/[\s_-]+/)].filter((w) => w.length > 0))];
  }
  // A plain name: its words, their parts, and adjacent words joined as CPE writes them
  // ("Internet Explorer" -> internet_explorer).
  const words = text.toLowerCase().split(/[\s/]+/).filter((w) => w.length > 0);
  const joined = words.slice(1).map((w, i) => `${words[i]}_${w}`);
  return [...new Set([...words, ...words.flatMap((w) => w.split(/[_-]+/)), ...joined].filter((w) => w.length > 0))];
}

/**
 * Every piece of domain evidence the record's facts give (duplicates are merged later, in
 * combine.ts). An ATT&CK record is tied to ics_security by its ICS numbering, an ICS-only tactic
 * or platform, or its id being in the ATT&CK for ICS bundle (ics-attack-ids.ts).
 *
 * @example
 * factEvidence(record).map((e) => e.why); // ['cwe:CWE-79', 'cvss', ...]
 */
export function factEvidence(record: SourceRecord): Evidence[] {
  const out: Evidence[] = [];
  const f = record.facts;
  if (record.source === 'attack') {
    if (isIcsNumbered(record.sourceId)) out.push({ domain: 'ics_security', confidence: 0.95, why: `attack-ics:${record.sourceId}` });
    else if (ICS_ATTACK_IDS.has(record.sourceId)) out.push({ domain: 'ics_security', confidence: 0.9, why: `attack-ics:${record.sourceId}` });
  }
  // A technique record is about its own technique; a group, software or mitigation only uses or
  // counters the techniques it lists (often dozens), so those count half.
  const own = new Set<string>();
  if (record.source === 'attack' && record.kind === 'technique') own.add(baseTechnique(record.sourceId));
  if (f.parentTechnique) own.add(baseTechnique(f.parentTechnique));
  for (const id of own) push(out, TECHNIQUE_DOMAINS[id], `attack-technique:${id}`);
  for (const id of new Set((f.techniques ?? []).map(baseTechnique))) {
    if (own.has(id)) continue;
    push(out, TECHNIQUE_DOMAINS[id], `attack-technique:${id}`, RELATED_TECHNIQUE_FACTOR);
    if (isIcsNumbered(id)) out.push({ domain: 'ics_security', confidence: 0.9, why: `attack-ics:${id}` });
  }
  for (const tactic of f.tactics ?? []) push(out, TACTIC_DOMAINS[tactic], `attack-tactic:${tactic}`);
  for (const platform of f.platforms ?? []) push(out, PLATFORM_DOMAINS[platform], `attack-platform:${platform}`);
  const cwes = new Set(f.cwes ?? []);
  if (record.kind === 'weakness') cwes.add(record.sourceId);
  for (const cwe of cwes) push(out, CWE_DOMAINS[cwe], `cwe:${cwe}`);
  if (record.kind === 'vulnerability' || record.kind === 'advisory') {
    if (f.cvss?.length) out.push({ domain: 'vulnerability_management', confidence: 0.7, why: 'cvss' });
    else out.push({ domain: 'vulnerability_management', confidence: 0.6, why: `kind:${record.kind}` });
  }
  if (f.kev || record.kind === 'kev-entry') {
    out.push({ domain: 'vulnerability_management', confidence: 0.9, why: 'kev' });
    if (f.kev?.knownRansomware?.toLowerCase() === 'known') {
      out.push({ domain: 'zero_day', confidence: 0.7, why: 'kev:known-ransomware' });
      out.push({ domain: 'malware', confidence: 0.8, why: 'kev:known-ransomware' });
    }
  }
  const description = record.description.slice(0, MAX_DESCRIPTION).toLowerCase();
  if ((record.kind === 'vulnerability' || record.kind === 'kev-entry' || record.kind === 'advisory') && ZERO_DAY_PHRASES.some((p) => description.includes(p))) {
    out.push({ domain: 'zero_day', confidence: 0.8, why: 'exploited-before-patch' });
  }
  let seenHardware = false;
  for (const product of (f.products ?? []).slice(0, MAX_PRODUCTS)) {
    if (product.startsWith('cpe:2.3:h:') && !seenHardware) {
      seenHardware = true;
      out.push({ domain: 'iot_security', confidence: 0.45, why: 'cpe:hardware' });
    }
    for (const word of productWords(product)) push(out, PRODUCT_WORD_DOMAINS[word], `product:${word}`);
  }
  return out;
}
