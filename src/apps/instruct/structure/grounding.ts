import type { SourceRecord } from '../types.js';

export type GroundedKind = 'cve' | 'cwe' | 'capec' | 'attack' | 'cvss';

export interface GroundingViolation {
  type: GroundedKind;
  /** The identifier or score as written in the response. */
  value: string;
  message: string;
}

export interface GroundingResult {
  ok: boolean;
  violations: GroundingViolation[];
}

// All patterns are linear: fixed-width digit runs between word boundaries, no nested quantifiers.
const CVE = /\bCVE-(\d{4})-(\d{4,7})\b/gi;
const CWE = /\bCWE-(\d{1,6})\b/gi;
const CAPEC = /\bCAPEC-(\d{1,6})\b/gi;
/** ATT&CK ids: techniques and sub-techniques (T1059.001, T0800), tactics, mitigations, groups, software, data sources, campaigns. */
const ATTACK = /\b(TA|T|M|G|S|DS|C)(\d{4})(\.\d{3})?\b/g;
/** A score claim: "score 9.8", "scored 7.5", "score of 10.0", "scores: 4.3". */
const SCORE = /\bscor(?:e|es|ed)\b[^0-9\n]{0,20}?(\d{1,2}(?:\.\d{1,2})?)\b/gi;
/** A score followed by a CVSS severity: "9.8 (CRITICAL)", "7.5 HIGH". */
const SEVERITY_SCORE = /\b(\d{1,2}\.\d{1,2}) ?\(?(?:none|low|medium|high|critical)\b/gi;

function canonical(type: GroundedKind, match: RegExpExecArray): string {
  switch (type) {
    case 'cve': return `CVE-${match[1]}-${Number(match[2])}`;
    case 'cwe': return `CWE-${Number(match[1])}`;
    case 'capec': return `CAPEC-${Number(match[1])}`;
    case 'attack': return `${match[1]}${match[2]}${match[3] ?? ''}`;
    case 'cvss': return String(Number(match[1]));
  }
}

const ID_PATTERNS: readonly [GroundedKind, RegExp][] = [
  ['cve', CVE],
  ['cwe', CWE],
  ['capec', CAPEC],
  ['attack', ATTACK],
];

function idsIn(text: string, type: GroundedKind, pattern: RegExp): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of text.matchAll(pattern)) out.set(canonical(type, match), match[0]);
  return out;
}

/** Every string in the record (all fields, nested), joined: what a response may quote from. */
function recordText(record: SourceRecord): string {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(record);
  return parts.join('\n');
}

/**
 * Checks that every CVE id, CWE id, CAPEC id, ATT&CK id and CVSS score a response states appears
 * in its source record. Ids may appear anywhere in the record (fields, description, references);
 * a score claim ("score 9.8") must equal one of the record's CVSS base scores, or be quoted
 * verbatim from the record's text. Ids compare without leading zeros (CWE-079 = CWE-79).
 *
 * @example
 * checkGrounding('CVE-2003-0001 has a base score 9.9.', record);
 * // { ok: false, violations: [{ type: 'cvss', value: '9.9', message: 'score 9.9 is not a CVSS score of nvd:CVE-2003-0001 ...' }] }
 */
export function checkGrounding(response: string, record: SourceRecord, sources: readonly SourceRecord[] = []): GroundingResult {
  const all = [record, ...sources];
  const known = all.length === 1 ? knownFor(record) : buildKnown(all);
  const violations: GroundingViolation[] = [];
  const names = () => all.map((r) => r.id).join(', ');
  for (const [type, pattern] of ID_PATTERNS) {
    for (const [id, written] of idsIn(response, type, pattern)) {
      if (!known.ids.has(`${type}:${id}`)) violations.push({ type, value: written, message: `${written} does not appear in ${names()}` });
    }
  }
  for (const match of [...response.matchAll(SCORE), ...response.matchAll(SEVERITY_SCORE)]) {
    const value = match[1]!;
    if (known.scores.has(Number(value)) || known.text.includes(match[0]) || violations.some((v) => v.type === 'cvss' && v.value === value)) continue;
    violations.push({ type: 'cvss', value, message: `score ${value} is not a CVSS score of ${names()}` });
  }
  return { ok: violations.length === 0, violations };
}

interface Known {
  /** `type:canonical id` for every id in the records' text. */
  ids: Set<string>;
  scores: Set<number>;
  text: string;
}

/** Per-record cache: several pairs are checked against the same record. */
const cache = new WeakMap<SourceRecord, Known>();

function knownFor(record: SourceRecord): Known {
  let known = cache.get(record);
  if (!known) cache.set(record, (known = buildKnown([record])));
  return known;
}

function buildKnown(records: readonly SourceRecord[]): Known {
  const text = records.map(recordText).join('\n');
  const ids = new Set<string>();
  for (const [type, pattern] of ID_PATTERNS) for (const id of idsIn(text, type, pattern).keys()) ids.add(`${type}:${id}`);
  const scores = new Set(records.flatMap((r) => (r.facts.cvss ?? []).map((c) => Number(c.score))));
  return { ids, scores, text };
}
