/**
 * Signals about where a URL really leads: tunnel services that serve someone's machine, open
 * redirectors that forward to the URL in a parameter (judged on that target), and hosts written
 * with percent-escapes. Pure functions of the parsed URL.
 */
import { BRANDS, CODE_HOSTS, REDIRECTORS, RISKY_TLDS, TRUSTED_DOWNLOAD_HOSTS, TUNNEL_HOSTS } from './data.js';
import { hostIn, isDocumentationName, isLocalName, parseIpv4, registrableDomain } from './host.js';
import { adjust, type Signal } from './signal.js';
import type { UrlRuleKey } from './rules.js';

type Whole = (key: UrlRuleKey, label: string, reason?: string, score?: number) => Signal;

/** Path words of a credential or payment page. */
const CREDENTIAL_PATH = /login|log-in|signin|sign-in|logon|verify|account|password|wallet|office365|m365|outlook|webmail|billing|payment|\/pay\b|invoice|confirm|secure|unlock|recover/i;
const PERCENT = /%[0-9a-f]{2}/i;
/** Query parameters that web apps redirect to after login, logout or a click. */
const REDIRECT_PARAMS: readonly string[] = [
  'redirect', 'redirect_uri', 'redirect_url', 'redirecturl', 'redirectto', 'return', 'returnurl', 'return_url', 'returnto', 'return_to',
  'next', 'goto', 'dest', 'destination', 'continue', 'target', 'url', 'out', 'link', 'forward', 'callback',
];

/** Sites whose own pages a redirect may honestly lead to. */
const KNOWN_SITES: readonly string[] = [...new Set([...[...BRANDS.values()].flat(), ...TRUSTED_DOWNLOAD_HOSTS, ...CODE_HOSTS])];

/** Every regex this module uses (the test suite runs the ReDoS check over them). */
export const HOPS_PATTERNS: readonly RegExp[] = [CREDENTIAL_PATH, PERCENT];

/** A sub-domain (or a port) of a tunnel service. */
export function tunnelSignals(url: URL, hostname: string, whole: Whole): Signal[] {
  const host = hostname.startsWith('www.') ? hostname.slice(4) : hostname;
  const service = TUNNEL_HOSTS.find((d) => host.endsWith(`.${d}`) || (host === d && url.port !== ''));
  if (!service) return [];
  const s = whole('tunnel', 'tunnel host', `host is served through the tunnel service ${service}`);
  if (CREDENTIAL_PATH.test(url.pathname)) adjust(s, 'context', 0.15, 'the path is a login, account or payment page');
  return [s];
}

/**
 * A link through a known redirector whose parameter sends the visitor to another site. The
 * finding is judged on the target: a local, documentation or same-site target is no finding;
 * an IP, a risky TLD or a credential path on the target raise it.
 */
export function redirectSignals(url: URL, hostname: string, whole: Whole): Signal[] {
  const bare = hostname.startsWith('www.') ? hostname.slice(4) : hostname;
  const known = REDIRECTORS.find((r) => (bare === r.host || bare.endsWith(`.${r.host}`)) && url.pathname.startsWith(r.path));
  if (!known && url.search.length < 12) return [];
  // Elsewhere, a redirect parameter (`?next=`, `?redirect_uri=`) counts only when its target
  // is itself suspect: a bare IP, or a login page on a high-abuse TLD.
  const redirector = known ?? { host: bare, path: url.pathname, params: REDIRECT_PARAMS };
  const values = redirector.params.length > 0 ? redirector.params.map((p) => url.searchParams.get(p)) : [decodeSafe(url.search.slice(1))];
  const value = values.find((v) => v !== null && /^https?:\/\//i.test(v));
  if (!value) return [];
  let target: URL;
  try {
    target = new URL(value);
  } catch {
    return [];
  }
  const to = target.hostname;
  if (!to || isLocalName(to) || isDocumentationName(to) || registrableDomain(to) === registrableDomain(bare) || hostIn(to, [registrableDomain(bare)])) return [];
  // A target the lists know (a brand's own domain, a vendor or code host) is where it says.
  if (hostIn(to, KNOWN_SITES) || (redirector.host.startsWith('google') && /(?:^|\.)google\.[a-z.]{2,6}$/.test(to))) return [];
  const ip = parseIpv4(to)?.cls === 'public' || (to.startsWith('[') && !to.startsWith('[::1') && !to.startsWith('[fe80') && !to.startsWith('[fd'));
  const risky = RISKY_TLDS.has(to.slice(to.lastIndexOf('.') + 1));
  const credential = CREDENTIAL_PATH.test(target.pathname);
  if (!known && !ip && !(risky && credential)) return [];
  const via = known ? `${known.host}${known.path}` : `a redirect parameter of ${bare}`;
  const s = whole('openRedirect', 'open redirect', `${via} forwards to ${registrableDomain(to)}`);
  s.message = `URL redirects through ${known ? known.host : bare} to ${ip ? to : registrableDomain(to)}`;
  if (ip) adjust(s, 'context', 0.15, 'the target host is a bare IP address');
  if (risky) adjust(s, 'context', 0.1, 'the target is on a high-abuse TLD');
  if (credential) adjust(s, 'context', 0.1, 'the target is a login, account or payment page');
  return [s];
}

/** A host with %XX escapes (`http://%67%6f.example/`): hidden from readers, decoded by browsers. */
export function encodedHostSignals(hostRaw: string, hostname: string, whole: Whole): Signal[] {
  if (!PERCENT.test(hostRaw)) return [];
  const s = whole('encodedHost', 'percent-encoded host', `the host is written with percent-escapes and decodes to ${hostname}`);
  s.message = `URL host is percent-encoded (decodes to ${hostname})`;
  return [s];
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
