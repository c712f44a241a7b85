/**
 * The security domains the classify stage labels pairs with (issue 8). A pair may carry several;
 * the order here is only the display order of reports.
 */
export const DOMAINS = [
  'malware',
  'phishing',
  'zero_day',
  'iot_security',
  'web_security',
  'network_security',
  'vulnerability_management',
  'cloud_security',
  'cryptography',
  'identity_access_management',
  'ics_security',
] as const;

export type Domain = (typeof DOMAINS)[number];

/**
 * One reason to believe a pair belongs to a domain. `why` is written to
 * `metadata.domain_evidence` (`cwe:CWE-79`, `attack-tactic:lateral-movement`, `keyword:phishing`,
 * `classifier`, `llm`), `confidence` is the probability this reason alone gives, in (0, 1].
 */
export interface Evidence {
  domain: Domain;
  confidence: number;
  why: string;
}

const DOMAIN_SET: ReadonlySet<string> = new Set(DOMAINS);

/**
 * Whether a string names a known domain.
 *
 * @example
 * isDomain('web_security'); // true
 */
export function isDomain(value: string): value is Domain {
  return DOMAIN_SET.has(value);
}
