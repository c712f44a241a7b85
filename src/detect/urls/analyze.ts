import { domainToUnicode } from 'node:url';
import { looksLikePlaceholder } from '../rule.js';
import { dataUriSignals, scriptUriSignals } from './content.js';
import { BRANDS, CODE_HOSTS, DECOY_EXTENSIONS, EXEC_EXTENSIONS, PASTE_SITES, PHISHING_WORDS, RISKY_TLDS, SHORTENERS, TRUSTED_DOWNLOAD_HOSTS } from './data.js';
import { brandOf, classifyIpv6, hostIn, isDocumentationName, isLocalName, isOfficialFor, labelScripts, parseIpv4, registrableDomain } from './host.js';
import { encodedHostSignals, redirectSignals, tunnelSignals } from './hops.js';
import type { UrlCandidate } from './scan.js';
import { adjust, signal, type Signal } from './signal.js';

const PLACEHOLDER_USERS = new Set(['user', 'username', 'usr', 'login', 'name', 'me', 'you', 'foo', 'myuser', 'your_user', 'your-user', 'youruser']);
const PLACEHOLDER_PASSWORDS = new Set(['password', 'pass', 'passwd', 'pwd', 'pw', 'secret', 'token', 'xxx', 'mypassword', 'your_password', 'yourpassword', 'your-password', 'bar', 'p@ssw0rd', 'pa55word']);
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;
const DOMAIN_LIKE = /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6}$/i;
const LETTER = /[a-z]/i;

const BRAND_KEYS: readonly string[] = [...BRANDS.keys()];
/** Any brand name anywhere in a host: one pass before the per-token work. */
const BRAND_NAMES = new RegExp(BRAND_KEYS.join('|'));
const PASTE_BY_HOST = new Map(PASTE_SITES.map((p) => [p.host, p]));

/** Every regex this module uses (the test suite runs the ReDoS check over them). */
export const ANALYZE_PATTERNS: readonly RegExp[] = [NON_ASCII, DOMAIN_LIKE, LETTER, BRAND_NAMES];

/** Slash look-alikes that make a userinfo read like a path (`github.com∕org∕@v1.zip`). */
const FAKE_SLASHES = ['\u2215', '\u2044', '\uff0f', '\u29f8'];

/** Parsed pieces of a hierarchical URL, with spans relative to the candidate start. */
interface Parts {
  url: URL;
  hostname: string;
  hostRaw: string;
  authStart: number;
  authEnd: number;
  at: number;
}

/** All signals for one candidate URL (before combination). Never fetches anything. */
export function analyzeCandidate(text: string, cand: UrlCandidate): Signal[] {
  const raw = text.slice(cand.start, cand.end);
  if (cand.scheme === 'data') return dataUriSignals(raw, cand.start);
  if (cand.scheme === 'javascript' || cand.scheme === 'vbscript') return scriptUriSignals(raw, cand.start);
  const parts = split(raw, cand);
  if (!parts) return [];
  const out: Signal[] = [];
  const { url, hostname, hostRaw } = parts;
  const ipv4 = hostname.startsWith('[') ? undefined : parseIpv4(hostRaw);
  const ipv6 = hostname.startsWith('[') ? classifyIpv6(hostname) : undefined;
  const local = isLocalName(hostname) || ipv4?.cls === 'local' || ipv6?.cls === 'local';
  const documentation = isDocumentationName(hostname) || ipv4?.cls === 'documentation' || ipv6?.cls === 'documentation';
  out.push(...userinfoSignals(raw, cand, parts, local || documentation));
  const whole = (key: Parameters<typeof signal>[0], label: string, reason?: string, score?: number) => signal(key, cand.start, cand.end, label, reason, score);
  out.push(...encodedHostSignals(hostRaw, hostname, whole));
  if (ipv4?.form === 'encoded' || ipv6?.mapped) {
    out.push(whole('ipEncoded', 'encoded IP host', ipv6?.mapped ? 'IPv4-mapped IPv6 host (hides an IPv4 address)' : 'IPv4 host written in decimal/octal/hex/short form'));
  }
  if (local || documentation) return out;
  const cls = ipv4?.cls ?? ipv6?.cls;
  if (cls === 'metadata') {
    const s = whole('ipHost', 'cloud metadata IP', 'URL targets the cloud instance metadata service (credential theft / SSRF)', 0.8);
    s.severity = 'high';
    s.attack = 'T1552.005';
    out.push(s);
  } else if (cls === 'public' && ipv4?.form !== 'encoded') {
    out.push(whole('ipHost', 'IP host'));
  }
  if (url.protocol === 'file:') out.push(whole('fileRemote', 'remote file URL'));
  if (ipv4 || ipv6) {
    out.push(...executableSignals(url, hostname, whole));
    out.push(...pasteSignals(url, hostname, whole));
    return out;
  }
  out.push(...nameSignals(url, hostname, hostRaw, whole));
  return out;
}

type Whole = (key: Parameters<typeof signal>[0], label: string, reason?: string, score?: number) => Signal;

/** Checks on a DNS host name: punycode, homographs, brand look-alikes, shorteners, TLD, paste, executables. */
function nameSignals(url: URL, hostname: string, hostRaw: string, whole: Whole): Signal[] {
  const out: Signal[] = [];
  const idn = hostname.includes('xn--');
  const unicode = idn ? domainToUnicode(hostname) || hostname : hostname;
  const labels = unicode.split('.');
  const tld = labels.at(-1)!;
  if (hostRaw.toLowerCase().includes('xn--')) {
    out.push(whole('punycode', 'punycode host', 'host is written in punycode (xn--), hiding how it displays'));
  }
  let homograph = false;
  // An ASCII host (no xn-- label) has only Latin letters: nothing to compare across scripts.
  for (const label of idn ? labels.slice(0, -1) : []) {
    const scripts = labelScripts(label);
    // A whole-script label under a same-script TLD (москва.рф) is an honest local name.
    if (scripts.wholeScriptConfusable && NON_ASCII.test(tld)) scripts.wholeScriptConfusable = false;
    const brand = brandOf(label);
    const accented = !scripts.mixed && !scripts.wholeScriptConfusable && brand !== undefined && NON_ASCII.test(label);
    if (!scripts.mixed && !scripts.wholeScriptConfusable && !accented) continue;
    const how = scripts.mixed ? `mixes ${[...scripts.scripts].join(' and ')} letters` : accented ? 'uses accented look-alike letters' : `is written in ${[...scripts.scripts][0]} letters that all look Latin`;
    const s = whole('homograph', 'homograph host', `host label ${how}`, brand ? 0.8 : scripts.mixed ? 0.65 : 0.5);
    if (brand) {
      adjust(s, 'validator', 0.1, `de-confuses to the brand "${brand}"`);
      s.message = `URL host imitates "${brand}" with look-alike letters`;
    }
    if (!brand && !scripts.mixed) s.severity = 'medium';
    out.push(s);
    homograph = true;
    break;
  }
  if (!homograph) {
    const impersonation = brandImpersonation(hostname, tld);
    if (impersonation) {
      const s = whole('brandImpersonation', 'brand look-alike', `host names the brand "${impersonation.brand}" but does not belong to it`);
      adjust(s, 'structure', 0.05 * impersonation.evidence.length, `phishing evidence: ${impersonation.evidence.join(', ')}`);
      s.message = `URL host impersonates "${impersonation.brand}"`;
      out.push(s);
    }
  }
  out.push(...tunnelSignals(url, hostname, whole), ...redirectSignals(url, hostname, whole));
  const bareHost = hostname.startsWith('www.') ? hostname.slice(4) : hostname;
  if (SHORTENERS.has(bareHost) && url.pathname.length > 1) out.push(whole('shortener', 'link shortener'));
  if (RISKY_TLDS.has(tld)) out.push(whole('riskyTld', 'risky TLD', `host is on the .${tld} TLD, which has a high abuse rate`));
  out.push(...pasteSignals(url, hostname, whole));
  out.push(...executableSignals(url, hostname, whole));
  return out;
}

function brandImpersonation(hostname: string, tld: string): { brand: string; evidence: string[] } | undefined {
  if (!BRAND_NAMES.test(hostname)) return undefined;
  const labels = hostname.split('.');
  const tokens = labels.slice(0, -1).flatMap((l) => l.split('-'));
  let brand: string | undefined;
  for (const token of tokens) {
    brand = BRANDS.has(token) ? token : BRAND_KEYS.find((b) => token.startsWith(b) && token.length - b.length <= 8 && b.length >= 5);
    if (brand) break;
  }
  if (!brand || isOfficialFor(brand, hostname)) return undefined;
  const evidence: string[] = [];
  const words = tokens.filter((t) => PHISHING_WORDS.has(t));
  if (words.length > 0) evidence.push('account/login wording');
  if (RISKY_TLDS.has(tld)) evidence.push('risky TLD');
  const sub = labels.slice(0, -registrableDomain(hostname).split('.').length);
  if (sub.includes(brand) && sub.some((l) => l === 'com' || l === 'net' || l === 'org')) evidence.push('brand domain used as a sub-domain');
  return evidence.length > 0 ? { brand, evidence } : undefined;
}

function pasteSignals(url: URL, hostname: string, whole: Whole): Signal[] {
  const host = hostname.startsWith('www.') ? hostname.slice(4) : hostname;
  const path = url.pathname;
  if (path.length <= 1) return [];
  const site = PASTE_BY_HOST.get(host);
  const gistRaw = host === 'gist.github.com' && path.includes('/raw');
  if (!site && !gistRaw) return [];
  const score = site?.score ?? 0.2;
  const s = whole('pasteSite', 'paste site', score <= 0.2 ? 'raw code-hosting content (often benign, sometimes a payload stage)' : undefined, score);
  if (score <= 0.2) {
    s.severity = 'low';
    s.weakEvidence = true;
  }
  if (site?.raw && path.toLowerCase().includes(site.raw)) adjust(s, 'structure', 0.1, 'raw endpoint (served as plain text to scripts)');
  return [s];
}

function executableSignals(url: URL, hostname: string, whole: Whole): Signal[] {
  const names: string[] = [lastSegment(url.pathname)];
  if (url.search.length > 1) for (const value of url.searchParams.values()) names.push(lastSegment(value));
  for (const name of names) {
    const dot = name.lastIndexOf('.');
    if (dot <= 0) continue;
    const ext = name.slice(dot + 1);
    const strength = EXEC_EXTENSIONS.get(ext);
    if (!strength) continue;
    if (hostIn(hostname, TRUSTED_DOWNLOAD_HOSTS)) return [];
    const s = whole('executable', 'executable download', `URL downloads a .${ext} file`);
    if (strength === 'weak') s.needsCompanion = true;
    const before = name.slice(0, dot);
    const decoy = before.slice(before.lastIndexOf('.') + 1);
    if (before.includes('.') && DECOY_EXTENSIONS.has(decoy)) adjust(s, 'structure', 0.15, `double extension .${decoy}.${ext} disguises the file type`);
    if (hostIn(hostname, CODE_HOSTS)) {
      adjust(s, 'invalidation', -0.2, 'code-hosting site (release downloads are usually legitimate)');
      s.severity = 'low';
    }
    return [s];
  }
  return [];
}

function lastSegment(path: string): string {
  let name = path.slice(path.lastIndexOf('/') + 1);
  if (!name.includes('.') && !name.includes('%')) return '';
  if (name.includes('%')) {
    try {
      name = decodeURIComponent(name);
    } catch {
      // keep as is
    }
  }
  return name.toLowerCase();
}

/** Credentials (user:password@) and deceptive userinfo (a domain before '@'). */
function userinfoSignals(raw: string, cand: UrlCandidate, parts: Parts, lowRisk: boolean): Signal[] {
  if (parts.at < 0) return [];
  const userinfo = raw.slice(parts.authStart, parts.at);
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  const password = colon < 0 ? '' : userinfo.slice(colon + 1);
  const out: Signal[] = [];
  const fakeSlash = FAKE_SLASHES.some((c) => userinfo.includes(c));
  if (fakeSlash || (DOMAIN_LIKE.test(user) && LETTER.test(user.slice(user.lastIndexOf('.') + 1)))) {
    const s = signal('userinfoHost', cand.start, cand.end, 'deceptive userinfo', fakeSlash ? 'slash look-alikes before "@" make the real host look like a path' : 'a domain name before "@" poses as the host');
    if (fakeSlash) adjust(s, 'structure', 0.1, 'Unicode slash look-alikes in the authority');
    out.push(s);
  }
  if (password.length === 0 || fakeSlash) return out;
  let pw = password;
  try {
    pw = decodeURIComponent(password);
  } catch {
    // keep
  }
  const placeholder = looksLikePlaceholder(pw) || PLACEHOLDER_PASSWORDS.has(pw.toLowerCase()) || (PLACEHOLDER_USERS.has(user.toLowerCase()) && pw.length <= 4) || pw.startsWith('$') || pw.startsWith('%');
  if (placeholder) return out;
  const s = signal('credentials', cand.start + parts.authStart, cand.start + parts.at, 'credentials');
  if (lowRisk) {
    adjust(s, 'context', -0.3, 'local or documentation host');
    s.severity = 'medium';
  }
  out.push(s);
  return out;
}

/** Splits the authority out of the raw text (the URL parser normalises hosts; we need them raw). */
function split(raw: string, cand: UrlCandidate): Parts | undefined {
  let url: URL;
  try {
    url = new URL(cand.kind === 'scheme' ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
  const hostname = url.hostname;
  if (!hostname) return undefined;
  const slashes = cand.kind === 'scheme' ? raw.indexOf('//') : -2;
  const authStart = slashes + 2;
  let authEnd = authStart;
  while (authEnd < raw.length && !'/?#\\'.includes(raw[authEnd]!)) authEnd++;
  const at = raw.lastIndexOf('@', authEnd - 1);
  const hostStart = at >= authStart ? at + 1 : authStart;
  let hostRaw = raw.slice(hostStart, authEnd);
  if (hostRaw.startsWith('[')) hostRaw = hostRaw.slice(0, hostRaw.indexOf(']') + 1);
  else if (hostRaw.includes(':')) hostRaw = hostRaw.slice(0, hostRaw.lastIndexOf(':'));
  return { url, hostname, hostRaw, authStart, authEnd, at: at >= authStart ? at : -1 };
}
