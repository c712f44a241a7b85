/**
 * Keyword evidence: whole-word, case-insensitive matches of domain terms in a pair's
 * instruction and response, through one Aho-Corasick automaton (linear in the text, no regex).
 * A term's weight is the confidence it gives alone; several distinct terms of one domain
 * combine by noisy-OR in combine.ts, each recorded as `keyword:<term>`.
 */
import { AhoCorasick } from '../../../text/aho-corasick.js';
import type { Domain, Evidence } from './domains.js';

/** Characters of instruction + response searched (bounded work per pair). */
export const MAX_KEYWORD_CHARS = 20_000;

/** Terms per domain with their weight. Multi-word terms match as phrases. */
export const KEYWORDS: Readonly<Record<Domain, Readonly<Record<string, number>>>> = {
  malware: { malware: 0.85, ransomware: 0.9, trojan: 0.85, botnet: 0.85, worm: 0.6, backdoor: 0.75, rootkit: 0.85, spyware: 0.85, keylogger: 0.8, wiper: 0.75, 'remote access trojan': 0.9, dropper: 0.7, virus: 0.6, 'command and control': 0.4 },
  phishing: { phishing: 0.9, 'spear-phishing': 0.95, spearphishing: 0.95, 'spear phishing': 0.95, 'business email compromise': 0.85, smishing: 0.9, vishing: 0.9, 'malicious attachment': 0.6, 'credential harvesting': 0.7, 'lure email': 0.6 },
  zero_day: { 'zero-day': 0.9, '0-day': 0.9, 'zero day': 0.85, 'exploited in the wild': 0.6, 'before a patch': 0.6, 'unpatched': 0.4 },
  iot_security: { iot: 0.85, 'internet of things': 0.9, router: 0.6, routers: 0.6, camera: 0.6, 'ip camera': 0.85, firmware: 0.5, 'smart home': 0.8, 'embedded device': 0.75, 'embedded devices': 0.75, thermostat: 0.7, zigbee: 0.85, 'bluetooth low energy': 0.7, mirai: 0.85 },
  web_security: { 'cross-site scripting': 0.9, xss: 0.9, 'sql injection': 0.85, csrf: 0.9, 'cross-site request forgery': 0.9, ssrf: 0.9, 'server-side request forgery': 0.9, 'web application': 0.7, 'web server': 0.6, 'directory traversal': 0.7, 'path traversal': 0.7, 'http request': 0.5, url: 0.35, cgi: 0.55, php: 0.55, 'web browser': 0.5, cookie: 0.5, owasp: 0.85, 'file upload': 0.6, clickjacking: 0.85, 'html injection': 0.8 },
  network_security: { firewall: 0.75, 'intrusion detection': 0.75, ids: 0.4, vpn: 0.7, 'network traffic': 0.7, 'network segmentation': 0.8, 'man-in-the-middle': 0.8, 'adversary-in-the-middle': 0.8, sniffing: 0.7, 'port scan': 0.75, 'denial of service': 0.45, ddos: 0.75, dns: 0.5, tcp: 0.5, udp: 0.5, 'lateral movement': 0.6, 'network protocol': 0.6, packets: 0.5, snmp: 0.6 },
  vulnerability_management: { vulnerability: 0.5, 'buffer overflow': 0.65, 'cvss': 0.7, patch: 0.5, 'security update': 0.55, 'vulnerability scanning': 0.8, 'remediation': 0.45, 'heap overflow': 0.65, 'use-after-free': 0.65, 'format string': 0.6, 'integer overflow': 0.6, 'out-of-bounds': 0.6, 'known exploited': 0.75 },
  cloud_security: { cloud: 0.45, aws: 0.85, azure: 0.8, 'google cloud': 0.85, kubernetes: 0.85, 's3 bucket': 0.9, iaas: 0.85, saas: 0.8, 'office 365': 0.7, container: 0.5, containers: 0.5, serverless: 0.8, 'cloud storage': 0.85 },
  cryptography: { tls: 0.75, ssl: 0.7, cipher: 0.8, encryption: 0.65, encrypt: 0.6, decrypt: 0.6, cryptographic: 0.85, cryptography: 0.9, hash: 0.5, 'private key': 0.75, certificate: 0.6, 'random number': 0.65, 'md5': 0.7, 'sha-1': 0.7, rsa: 0.75, aes: 0.75, 'key exchange': 0.8, plaintext: 0.55, cleartext: 0.55 },
  identity_access_management: { oauth: 0.85, saml: 0.85, mfa: 0.85, 'multi-factor': 0.85, 'two-factor': 0.8, password: 0.6, passwords: 0.6, credentials: 0.6, authentication: 0.6, authorization: 0.55, 'access control': 0.65, 'privilege escalation': 0.5, 'single sign-on': 0.85, 'active directory': 0.7, 'brute force': 0.6, 'valid accounts': 0.7, 'account management': 0.75, kerberos: 0.7 },
  ics_security: { ics: 0.8, scada: 0.9, plc: 0.9, plcs: 0.9, modbus: 0.9, dnp3: 0.9, 'industrial control': 0.9, 'safety instrumented': 0.9, hmi: 0.75, rtu: 0.8, 'programmable logic controller': 0.95, 'operational technology': 0.85, 'control system': 0.6, 'process control': 0.75, 'engineering workstation': 0.85, stuxnet: 0.9, triton: 0.8, industroyer: 0.9 },
};

interface Term {
  domain: Domain;
  term: string;
  weight: number;
}

let compiled: { ac: AhoCorasick; terms: Term[] } | undefined;

function automaton(): { ac: AhoCorasick; terms: Term[] } {
  if (!compiled) {
    const terms: Term[] = [];
    for (const [domain, table] of Object.entries(KEYWORDS) as [Domain, Record<string, number>][]) {
      for (const [term, weight] of Object.entries(table)) terms.push({ domain, term, weight });
    }
    compiled = { ac: new AhoCorasick(terms.map((t) => t.term), { wordBoundaries: true, unit: 'char' }), terms };
  }
  return compiled;
}

/**
 * Keyword evidence for a text: one entry per distinct matched term. A term repeated counts
 * once, and a match inside a longer matched term is dropped ("phishing" in "spear-phishing"),
 * so neither repetition nor nesting stacks confidence.
 *
 * @example
 * keywordEvidence('A spear-phishing email dropped ransomware.').map((e) => e.why); // ['keyword:spear-phishing', 'keyword:ransomware']
 */
export function keywordEvidence(text: string): Evidence[] {
  const { ac, terms } = automaton();
  const matches: { term: number; start: number; end: number }[] = [];
  ac.scanText(text.length > MAX_KEYWORD_CHARS ? text.slice(0, MAX_KEYWORD_CHARS) : text, function onTerm(term, start, end) {
    matches.push({ term, start, end });
  });
  // Longest first at each start, so a nested match meets its container before itself.
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const seen = new Set<number>();
  const out: Evidence[] = [];
  let coveredTo = -1;
  for (const m of matches) {
    if (m.end <= coveredTo) continue;
    coveredTo = m.end;
    if (seen.has(m.term)) continue;
    seen.add(m.term);
    const t = terms[m.term]!;
    out.push({ domain: t.domain, confidence: t.weight, why: `keyword:${t.term}` });
  }
  return out;
}
