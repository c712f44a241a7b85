/**
 * The instruction-dataset pipeline's records, from collection to assembly. Every stage reads
 * the previous stage's records and adds its own fields; none rewrites another stage's fields.
 */

export type SourceName = 'nvd' | 'attack' | 'capec' | 'cwe' | 'arxiv' | 'kev' | 'ghsa' | 'opencve';

/** What a source record describes; templates are chosen per kind. */
export type RecordKind = 'vulnerability' | 'technique' | 'attack-pattern' | 'weakness' | 'paper' | 'advisory' | 'kev-entry' | 'group' | 'software' | 'mitigation';

/**
 * One collected record, normalised: the fields templates and classifiers read, plus the raw
 * source object (kept so grounding can be checked against it).
 */
export interface SourceRecord {
  /** Stable and unique across sources: `nvd:CVE-2003-0001`, `attack:T0800`, `capec:CAPEC-1`, `cwe:CWE-79`... */
  id: string;
  source: SourceName;
  kind: RecordKind;
  /** The source's own identifier (CVE-2003-0001, T0800, CAPEC-1, CWE-79, arXiv id, GHSA id). */
  sourceId: string;
  title: string;
  description: string;
  /** ISO 8601, when the source gives them. */
  published?: string;
  modified?: string;
  /** Kind-specific structured facts, all taken verbatim from the source (no invention). */
  facts: SourceFacts;
  /** Links given by the source. */
  references: string[];
  /** Set by the filter stage (`warden instruct filter`): whether the record is kept, and why. */
  relevance?: RelevanceDecision;
}

/** The filter stage's decision on one record; `reasons` say why (`rule:rejected-cve`, `classifier:0.93`, `llm:...`). */
export interface RelevanceDecision {
  keep: boolean;
  /** Security relevance in [0, 1] (1 or 0 when a rule decided). */
  score: number;
  reasons: string[];
  by: 'rules' | 'classifier' | 'llm';
}

export interface SourceFacts {
  cvss?: { version: string; score: number; severity?: string; vector?: string }[];
  cwes?: string[];
  cves?: string[];
  /** ATT&CK technique ids (T1059, T0800) and tactics (shortnames). */
  techniques?: string[];
  /** ATT&CK: the parent technique of a sub-technique (T1059 for T1059.001). */
  parentTechnique?: string;
  tactics?: string[];
  platforms?: string[];
  detection?: string;
  mitigations?: { id?: string; name: string; description?: string }[];
  /** CAPEC: prerequisites, related weaknesses, likelihood, severity. */
  prerequisites?: string[];
  likelihood?: string;
  severity?: string;
  /** Products (CPE criteria, vendor/product names). */
  products?: string[];
  /** Groups or software that use a technique (ATT&CK relationships), by name. */
  usedBy?: string[];
  /** arXiv: authors and categories. */
  authors?: string[];
  categories?: string[];
  /** KEV: vendor, product, date added, required action, due date, ransomware use. */
  kev?: { vendor: string; product: string; dateAdded: string; requiredAction: string; dueDate?: string; knownRansomware?: string };
}
