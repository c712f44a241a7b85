import type { RawFinding } from '../finding.js';
import { applyContext, contextRules } from './context.js';
import { SPELLED_PATTERNS, spelledEmails } from './email-spelled.js';
import { report, Score } from './score.js';
import type { PiiRule, Recognizer } from './types.js';

export const EMAIL: PiiRule = {
  id: 'pii.email',
  description: 'email address',
  category: 'email',
  severity: 'medium',
  score: 0.5,
  attack: 'T1589.002',
  examples: {
    tp: ['Write to maria.lopez@gmail.com for details', 'contact: j.smith+billing@corp-mail.co.uk', 'Send it to <ahmet.yilmaz@firma.com.tr>.'],
    fp: ['Import it with @types/node@20.1.0', 'git clone git@github.com:org/repo.git', 'Retina asset icon@2x.png is bundled', 'See https://admin:hunter2@db.internal.net/path'],
  },
};

const LOCAL_MAX = 64;
const DOMAIN_MAX = 253;
/** Local-part characters accepted (RFC 5322 atext minus rarely used symbols). */
const isLocal = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || c === 39;
const isDomain = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;

/** Extensions that look like top-level domains in asset names such as icon@2x.png. */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'bmp', 'ico', 'heic', 'tiff', 'mp4', 'webm', 'pdf', 'zip', 'gz', 'tgz', 'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'css', 'scss', 'html', 'json', 'yaml', 'yml', 'toml', 'lock', 'md', 'txt', 'log', 'exe', 'dll', 'so', 'dylib', 'wasm', 'map']);
/** RFC 2606 / 6761 names reserved for documentation and testing. */
const RESERVED_DOMAIN = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local)$/;

const CONTEXT = contextRules([
  { words: ['email', 'e-mail', 'mail', 'mailto', 'contact', 'courriel', 'e-posta', 'correo', 'reach', 'write to', 'send'], delta: 0.1 },
]);

function validDomain(domain: string): string | undefined {
  if (domain.length < 4 || !domain.includes('.')) return undefined;
  const labels = domain.split('.');
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return undefined;
  }
  const tld = labels[labels.length - 1]!.toLowerCase();
  if (!/^(?:[a-z]{2,24}|xn--[a-z0-9-]{1,59})$/.test(tld)) return undefined;
  if (FILE_TLDS.has(tld)) return undefined;
  return tld;
}

/** The match sits in a URL's authority (scheme://user:pass@host): the urls detector's business. */
function inUrlAuthority(text: string, localStart: number): boolean {
  const stop = Math.max(0, localStart - 2048);
  for (let i = localStart - 1; i >= stop; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 60 || c === 40 || c === 34 || c === 39) return false;
    if (c === 47) return i > 1 && text.charCodeAt(i - 1) === 47 && text.charCodeAt(i - 2) === 58;
    if (c === 63 || c === 35 || c === 61 || c === 38) return false; // ? # = & : a query, not the authority
  }
  return false;
}

/**
 * Email addresses, found by expanding around each '@' (linear, no regex backtracking). URL
 * credentials (scheme://user:pass@host) are left to the urls detector; SCP-style git remotes
 * (git@host:path), package specs (pkg@1.2.3) and asset names (icon@2x.png) are not addresses.
 */
export const emailRecognizer: Recognizer = {
  name: 'email',
  rules: [EMAIL],
  patterns: SPELLED_PATTERNS,
  find(text, env) {
    const out: RawFinding[] = [];
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      let s = at;
      while (s > 0 && at - s < LOCAL_MAX && isLocal(text.charCodeAt(s - 1))) s--;
      if (s > 0 && at - s >= LOCAL_MAX && isLocal(text.charCodeAt(s - 1))) continue; // local part over 64
      let e = at + 1;
      while (e < text.length && e - at <= DOMAIN_MAX && isDomain(text.charCodeAt(e))) e++;
      while (e > at + 1 && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--;
      while (s < at && (text.charCodeAt(s) === 46 || text.charCodeAt(s) === 39)) s++;
      if (s === at || e <= at + 1) continue;
      const local = text.slice(s, at);
      if (local.endsWith('.') || local.includes('..')) continue;
      const prev = s > 0 ? text.charCodeAt(s - 1) : 32;
      if (prev === 64 || prev === 58 || prev === 47) {
        if (inUrlAuthority(text, s)) continue;
        if (prev === 64) continue;
      } else if (prev !== 32 && inUrlAuthority(text, s)) continue;
      const domain = text.slice(at + 1, e);
      const tld = validDomain(domain);
      if (!tld) continue;
      const next = text.charCodeAt(e);
      if (next === 64) continue;
      // git@github.com:org/repo.git — an SSH remote, not a mailbox.
      if (next === 58 && e + 1 < text.length && /[\w~/]/.test(text[e + 1]!)) continue;
      const score = new Score(EMAIL.score, 'local@domain shape');
      score.validated(0.85, `domain labels and top-level domain .${tld} well-formed`);
      const reserved = RESERVED_DOMAIN.test(domain.toLowerCase());
      if (reserved) score.invalidated(0.3, 'reserved documentation/test domain (RFC 2606): an example address');
      applyContext(score, text, s, e, CONTEXT);
      const finding = report(EMAIL, s, e, score, reserved ? 'example domain' : undefined);
      if (finding && reserved) finding.severity = 'low';
      if (finding) out.push(finding);
      at = e - 1;
    }
    out.push(...spelledEmails(text, env, EMAIL));
    return out;
  },
};
