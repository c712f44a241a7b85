import { WardenError } from '../../../core/errors.js';
import type { SourceRecord } from '../types.js';
import { isNonEnglish } from './language.js';

/**
 * The filter's rules: fast, explainable checks that decide the clear cases. A rule answers
 * `keep`, `reject` or nothing (undecided: the classifier decides). Each rule is data with an id
 * (recorded in `relevance.reasons` as `rule:<id>`) and carries its own true and false positives;
 * `checkRules()` runs when this module loads and fails it when one misfires, gitleaks-style.
 */
export interface RelevanceRule {
  id: string;
  /** What the rule does when it fires. */
  verdict: 'keep' | 'reject';
  description: string;
  /** True when the rule fires for the record. Pure: no I/O, no state. */
  test(record: RuleInput): boolean;
  /** Records the rule must fire on. */
  fires: RuleInput[];
  /** Records it must not fire on. */
  passes: RuleInput[];
}

/** The record fields rules read (a SourceRecord satisfies it). */
export type RuleInput = Pick<SourceRecord, 'source' | 'kind' | 'title' | 'description'> & { facts: Pick<SourceRecord['facts'], 'categories'> };

/** Fewest words a description needs (ATT&CK mitigations are the shortest real ones: about 8 words). */
export const MIN_WORDS = 4;

/** Curated security catalogues: every entry is security content by construction. */
const CATALOG_SOURCES = new Set<string>(['attack', 'capec', 'cwe', 'kev']);

/** arXiv categories that are security by definition. */
const SECURITY_CATEGORIES = new Set(['cs.CR']);

/**
 * Security words for the arXiv check: a paper outside cs.CR that mentions none of them is off
 * topic. Matched as whole lower-case words (a Set lookup, no regex backtracking).
 */
const SECURITY_WORDS = new Set([
  'security', 'secure', 'attack', 'attacks', 'attacker', 'attackers', 'adversarial', 'adversary', 'malware', 'ransomware',
  'vulnerability', 'vulnerabilities', 'exploit', 'exploits', 'exploitation', 'intrusion', 'privacy', 'phishing', 'cryptography',
  'cryptographic', 'encryption', 'authentication', 'jailbreak', 'jailbreaks', 'backdoor', 'backdoors', 'poisoning', 'threat',
  'threats', 'forensics', 'fuzzing', 'botnet', 'spam', 'fraud', 'injection', 'cyber', 'cybersecurity', 'firewall', 'anomaly',
]);

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

function hasSecurityWord(text: string): boolean {
  return words(text).some((w) => SECURITY_WORDS.has(w));
}

/** NVD marks withdrawn CVEs in the description ("** REJECT **", "Rejected reason: ..."). */
function isRejectedCve(r: RuleInput): boolean {
  const d = r.description.trimStart();
  return d.startsWith('** REJECT **') || d.startsWith('** REJECTED **') || d.startsWith('Rejected reason:');
}

/** Placeholder descriptions: reserved ids and stock "nothing here" strings. */
const PLACEHOLDERS = new Set(['n/a', 'na', 'none', 'tbd', 'todo', 'null', 'undefined', 'no description', 'no description available', 'description not available', 'not available', 'lorem ipsum', 'placeholder', 'reserved']);

function isPlaceholder(r: RuleInput): boolean {
  const d = r.description.trim();
  if (d.startsWith('** RESERVED **') || d.startsWith('RESERVED ') || d.toLowerCase().startsWith('lorem ipsum')) return true;
  // Stock placeholders are short.
  if (d.length > 64) return false;
  let end = d.length;
  while (end > 0 && (d[end - 1] === '.' || d[end - 1] === '!' || d[end - 1]!.trim() === '')) end--;
  return PLACEHOLDERS.has(d.slice(0, end).toLowerCase());
}

const cve = (description: string): RuleInput => ({ source: 'nvd', kind: 'vulnerability', title: 'CVE-2024-0001', description, facts: {} });
const paper = (title: string, description: string, categories: string[]): RuleInput => ({ source: 'arxiv', kind: 'paper', title, description, facts: { categories } });
const technique = (description: string): RuleInput => ({ source: 'attack', kind: 'technique', title: 'Spearphishing Attachment', description, facts: {} });

const XSS = 'Cross-site scripting (XSS) vulnerability in the search page of Example CMS 2.1 allows remote attackers to inject arbitrary web script via the q parameter.';

/** In order: the first rule that fires decides. Reject rules come before keep rules. */
export const RULES: readonly RelevanceRule[] = [
  {
    id: 'empty',
    verdict: 'reject',
    description: 'no description at all',
    test: (r) => r.description.trim().length === 0,
    fires: [cve(''), cve('   \n ')],
    passes: [cve(XSS)],
  },
  {
    id: 'rejected-cve',
    verdict: 'reject',
    description: 'withdrawn CVE ("** REJECT **", "Rejected reason: ...")',
    test: isRejectedCve,
    fires: [cve('** REJECT ** DO NOT USE THIS CANDIDATE NUMBER. ConsultIDs: CVE-2003-0002.'), cve('Rejected reason: This CVE ID is a duplicate of CVE-2021-1234.')],
    passes: [cve(XSS), cve('The server rejects malformed packets but a crafted REJECT frame causes a buffer overflow in the parser, allowing code execution.')],
  },
  {
    id: 'placeholder',
    verdict: 'reject',
    description: 'placeholder text ("** RESERVED **", "N/A", "TBD", lorem ipsum)',
    test: isPlaceholder,
    fires: [cve('** RESERVED ** This candidate has been reserved by an organization or individual that will use it when announcing a new security problem.'), cve('N/A'), cve('Lorem ipsum dolor sit amet, consectetur adipiscing elit.')],
    passes: [cve(XSS), cve('Memory reserved for the TLS session cache is not freed, allowing remote attackers to cause a denial of service (memory exhaustion).')],
  },
  {
    id: 'disputed-cve',
    verdict: 'reject',
    description: 'CVE the vendor disputes ("** DISPUTED **"): its facts are contested, so it is no training material',
    test: (r) => r.description.includes('** DISPUTED **'),
    fires: [cve('** DISPUTED ** Example Lib 1.0 allows attackers to read files. NOTE: the vendor disputes this because the path is not user controlled.')],
    passes: [cve(XSS), cve('A disputed-payment handler in ShopCart 3.2 allows remote attackers to bypass authorization via a modified order id.')],
  },
  {
    id: 'too-short',
    verdict: 'reject',
    description: `fewer than ${MIN_WORDS} words of description`,
    test: (r) => r.description.trim().length > 0 && words(r.description).length < MIN_WORDS,
    fires: [cve('Buffer overflow.'), cve('See advisory.')],
    passes: [technique('Set and enforce secure password policies for accounts.'), cve(XSS)],
  },
  {
    id: 'non-english',
    verdict: 'reject',
    description: 'description not in English (the dataset is English)',
    test: (r) => isNonEnglish(r.description),
    fires: [
      cve('Eine Pufferüberlauf-Schwachstelle in der Anmeldeseite erlaubt es entfernten Angreifern, beliebigen Code auszuführen, wenn die Eingabe zu lang ist.'),
      cve('Una vulnerabilidad de inyección SQL en el formulario de acceso permite a los atacantes remotos ejecutar comandos arbitrarios en la base de datos.'),
      cve('登录页面中的缓冲区溢出漏洞允许远程攻击者通过过长的用户名执行任意代码。'),
    ],
    passes: [cve(XSS), cve('SQL injection in the "buscar" parameter of the Tienda del Sol plugin 1.2 for WordPress allows remote attackers to execute arbitrary SQL commands.')],
  },
  {
    id: 'arxiv-off-topic',
    verdict: 'reject',
    description: 'arXiv paper outside cs.CR whose title and abstract name no security topic',
    test: (r) => r.source === 'arxiv' && !(r.facts.categories ?? []).some((c) => SECURITY_CATEGORIES.has(c)) && !hasSecurityWord(`${r.title} ${r.description}`),
    fires: [paper('Faster Sparse Attention for Long Documents', 'We propose a sparse attention kernel that halves the memory use of long-context transformers on summarisation benchmarks.', ['cs.CL', 'cs.LG'])],
    passes: [
      paper('Jailbreak Defences for LLM Agents', 'We study prompt injection and jailbreak defences for LLM agents.', ['cs.CR']),
      paper('Adversarial Examples in Speech Models', 'We show adversarial perturbations that fool speech recognisers.', ['cs.SD', 'cs.LG']),
    ],
  },
  {
    id: 'arxiv-cs-cr',
    verdict: 'keep',
    description: 'arXiv paper listed in cs.CR (Cryptography and Security)',
    test: (r) => r.source === 'arxiv' && (r.facts.categories ?? []).some((c) => SECURITY_CATEGORIES.has(c)),
    fires: [paper('Jailbreak Defences for LLM Agents', 'We study prompt injection and jailbreak defences for LLM agents.', ['cs.CR', 'cs.AI'])],
    passes: [paper('Adversarial Examples in Speech Models', 'We show adversarial perturbations that fool speech recognisers.', ['cs.SD', 'cs.LG'])],
  },
  {
    id: 'security-catalog',
    verdict: 'keep',
    description: 'entry of a curated security catalogue (MITRE ATT&CK, CAPEC, CWE, CISA KEV)',
    test: (r) => CATALOG_SOURCES.has(r.source),
    fires: [technique('Adversaries may send spearphishing emails with a malicious attachment in an attempt to gain access to victim systems.')],
    passes: [cve(XSS), paper('Jailbreak Defences for LLM Agents', 'We study prompt injection and jailbreak defences.', ['cs.CR'])],
  },
];

/**
 * The first rule that fires for a record, or undefined (the classifier decides).
 *
 * @example
 * applyRules(record)?.id; // 'rejected-cve'
 */
export function applyRules(record: RuleInput, rules: readonly RelevanceRule[] = RULES): RelevanceRule | undefined {
  for (const rule of rules) if (rule.test(record)) return rule;
  return undefined;
}

/**
 * Checks the rule pack: unique ids, every rule fires on its own true positives and not on its
 * false positives. Returns the problems (empty when the pack is sound).
 *
 * @example
 * checkRules(RULES); // []
 */
export function checkRules(rules: readonly RelevanceRule[] = RULES): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) problems.push(`duplicate rule id "${rule.id}"`);
    ids.add(rule.id);
    rule.fires.forEach((r, i) => rule.test(r) || problems.push(`rule "${rule.id}" misses its true positive #${i + 1}`));
    rule.passes.forEach((r, i) => rule.test(r) && problems.push(`rule "${rule.id}" fires on its false positive #${i + 1}`));
  }
  return problems;
}

// A rule pack that misfires on its own examples must not decide anything (about 30 checks, microseconds).
const PROBLEMS = checkRules(RULES);
if (PROBLEMS.length > 0) throw new WardenError('W_INTERNAL', `relevance rules are broken: ${PROBLEMS.join('; ')}`);
