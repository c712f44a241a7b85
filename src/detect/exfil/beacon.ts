import type { RawFinding, ScoreStep } from '../finding.js';
import { EXFIL_RULES } from './rules.js';

/** Image hosts that never pass a request's query to a third party (badges, proxies, CDNs of the platform). */
const TRUSTED_IMAGE_HOSTS: readonly string[] = [
  'githubusercontent.com', 'github.com', 'githubassets.com', 'img.shields.io', 'badgen.net', 'badge.fury.io', 'upload.wikimedia.org',
  'wikimedia.org', 'i.imgur.com', 'images.unsplash.com', 'gravatar.com', 'googleusercontent.com', 'ytimg.com', 'twimg.com',
  'cdn.jsdelivr.net', 'unpkg.com', 'codecov.io', 'coveralls.io', 'travis-ci.com', 'circleci.com', 'readthedocs.org', 'readthedocs.io',
  'npmjs.com', 'pypi.org', 'gitlab.com', 'bitbucket.org', 'sonarcloud.io', 'app.codacy.com', 'deepsource.io', 'starchart.cc',
  'api.star-history.com', 'contrib.rocks', 'opencollective.com', 'buymeacoffee.com', 'ko-fi.com', 'mermaid.ink', 'kroki.io', 'plantuml.com', 'latex.codecogs.com',
];

/** Query parameters of signed/CDN URLs that are opaque by design, not smuggled data. */
const OPAQUE_PARAMS = /^(?:x-(?:amz|goog)-[a-z-]{1,40}|signature|sig|policy|key-pair-id|expires|sv|se|sp|sr|st|spr|skoid|sktid|skt|ske|sks|skv|ixid|ixlib|v|ver|version|hash|h|etag|cb|_|t|ts)$/i;
const HOST_PATTERN = /^[a-z0-9.-]{1,253}$/;
const ENCODED = /^[A-Za-z0-9+/_=-]{1,}$/;
const HEX = /^[0-9a-fA-F]{1,}$/;
const SRC_ATTR = /\ssrc\s{0,4}=/;
const FILE_EXT = /\.[a-z0-9]{2,5}$/i;
const PLUS = /\+/g;
const LOCAL_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/** Every regex this module uses (the test suite runs the ReDoS check over them). */
export const BEACON_PATTERNS: readonly RegExp[] = [OPAQUE_PARAMS, HOST_PATTERN, ENCODED, HEX, SRC_ATTR, FILE_EXT, PLUS, LOCAL_HOST];

const MAX_URL = 65536;

/** Image URLs in markdown (`![a](url)`, `![a][ref]` + `[ref]: url`) and HTML (`<img src=...>`), with spans. */
export function imageUrls(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const refs: string[] = [];
  let close = -1;
  for (let i = text.indexOf('!['); i >= 0; i = text.indexOf('![', i + 2)) {
    // Each ']' search starts past the previous one: linear even for '![![![...' text.
    if (close < i + 2) close = text.indexOf(']', i + 2);
    if (close < 0) break;
    if (close - i > 1000) continue;
    const next = text.charCodeAt(close + 1);
    if (next === 40) {
      let s = close + 2;
      while (s < text.length && s - close < 8 && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
      const angle = text.charCodeAt(s) === 60;
      if (angle) s++;
      const e = urlEnd(text, s, angle);
      if (e > s) out.push({ start: s, end: e });
      i = Math.max(i, e - 2);
    } else {
      const labelEnd = next === 91 ? text.indexOf(']', close + 2) : -1;
      const label = labelEnd > close + 2 && labelEnd - close < 200 ? text.slice(close + 2, labelEnd) : text.slice(i + 2, close);
      if (label.length > 0 && label.length < 200) refs.push(label.toLowerCase());
    }
  }
  if (refs.length > 0) out.push(...referenceUrls(text, new Set(refs)));
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    if ((text.charCodeAt(i + 1) | 32) !== 105 || (text.charCodeAt(i + 2) | 32) !== 109 || (text.charCodeAt(i + 3) | 32) !== 103) continue;
    const tagEnd = text.indexOf('>', i + 4);
    if (tagEnd < 0) break;
    const tag = text.slice(i, Math.min(tagEnd, i + 8192)).toLowerCase();
    const src = tag.search(SRC_ATTR);
    if (src < 0) {
      i = tagEnd;
      continue;
    }
    let s = i + src + tag.slice(src).indexOf('=') + 1;
    while (text.charCodeAt(s) === 32) s++;
    const quote = text.charCodeAt(s);
    if (quote === 34 || quote === 39) s++;
    let e = s;
    while (e < text.length && e - s < MAX_URL && text.charCodeAt(e) !== quote && text.charCodeAt(e) > 32 && text.charCodeAt(e) !== 62) e++;
    if (e > s) out.push({ start: s, end: e });
    i = Math.max(tagEnd, e - 1);
  }
  return out;
}

function referenceUrls(text: string, labels: ReadonlySet<string>): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = text.indexOf(']:'); i >= 0; i = text.indexOf(']:', i + 2)) {
    // `[label]:` at the start of a line (up to 3 spaces of indent), looked for within 210 chars.
    let open = i - 1;
    while (open >= 0 && i - open < 205 && text.charCodeAt(open) !== 91 && text.charCodeAt(open) !== 93 && text.charCodeAt(open) !== 10) open--;
    if (open < 0 || text.charCodeAt(open) !== 91) continue;
    let lineStart = open;
    while (lineStart > 0 && open - lineStart < 4 && text.charCodeAt(lineStart - 1) === 32) lineStart--;
    if (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) continue;
    if (!labels.has(text.slice(open + 1, i).toLowerCase())) continue;
    let s = i + 2;
    while (s < text.length && s - i < 16 && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
    const angle = text.charCodeAt(s) === 60;
    if (angle) s++;
    const e = urlEnd(text, s, angle);
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}

/** Longest stretch between URL delimiters (/ ? & = # ;): data needs room, short URLs are skipped cheaply. */
function longestToken(raw: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 47 || c === 63 || c === 38 || c === 61 || c === 35 || c === 59) {
      if (run > best) best = run;
      run = 0;
    } else run++;
  }
  return Math.max(best, run);
}

/** End of a markdown link destination: whitespace or an unbalanced ')' (or '>' inside <...>). */
function urlEnd(text: string, s: number, angle: boolean): number {
  let depth = 0;
  let e = s;
  for (; e < text.length && e - s < MAX_URL; e++) {
    const c = text.charCodeAt(e);
    if (angle ? c === 62 || c === 10 : c <= 32) break;
    if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) break;
      depth--;
    }
  }
  return e;
}

/** What in an image URL looks like smuggled data, if anything (described, never quoted). */
function dataEvidence(url: URL): { reason: string; strong: boolean }[] {
  const evidence: { reason: string; strong: boolean }[] = [];
  const values: [string, string][] = [...url.searchParams.entries()];
  if (url.search.length > 1 && !url.search.includes('=')) values.push(['', decodeSafe(url.search.slice(1))]);
  for (const [name, value] of values) {
    if (name && OPAQUE_PARAMS.test(name)) continue;
    const kind = valueKind(value, 24);
    if (kind) evidence.push({ reason: `query value of ${value.length} chars: ${kind}`, strong: kind.startsWith('encoded') && value.length >= 64 });
  }
  for (const segment of url.pathname.split('/')) {
    const body = segment.replace(FILE_EXT, '');
    const kind = valueKind(decodeSafe(body), 48);
    if (kind && !(HEX.test(body) && body.length < 96)) evidence.push({ reason: `path segment of ${body.length} chars: ${kind}`, strong: body.length >= 64 });
  }
  return evidence;
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value.replace(PLUS, ' '));
  } catch {
    return value;
  }
}

/** 'encoded data' for base64/hex/base32-looking values, 'readable text' for prose; else undefined. */
function valueKind(value: string, min: number): string | undefined {
  if (value.length < min) return undefined;
  let spaces = 0;
  let digits = 0;
  let upper = 0;
  let lower = 0;
  const seen = new Set<string>();
  for (const ch of value) {
    seen.add(ch);
    if (ch === ' ') spaces++;
    else if (ch >= '0' && ch <= '9') digits++;
    else if (ch >= 'A' && ch <= 'Z') upper++;
    else if (ch >= 'a' && ch <= 'z') lower++;
  }
  if (spaces >= 3 && value.length >= 20 && upper + lower >= value.length * 0.5) return 'readable text (conversation data)';
  if (!ENCODED.test(value)) return undefined;
  const mixed = (upper > 0 && lower > 0 && digits > 0) || (HEX.test(value) && digits > 0 && upper + lower > 0);
  if (!mixed || seen.size < 12) return undefined;
  return HEX.test(value) ? 'encoded data (hex)' : 'encoded data (base64)';
}

/**
 * The classic LLM exfiltration: an image whose URL carries data in its query or path to an
 * external host; rendering the markdown sends it, no click needed. data: images, local and
 * trusted badge/CDN hosts and signed-URL parameters are not evidence.
 */
export function judgeImages(text: string): RawFinding[] {
  if (!text.includes('![') && !text.includes('<')) return [];
  const out: RawFinding[] = [];
  for (const { start, end } of imageUrls(text)) {
    const raw = text.slice(start, end);
    if (longestToken(raw) < 20) continue;
    const lower = raw.slice(0, 8).toLowerCase();
    if (!lower.startsWith('http://') && !lower.startsWith('https://') && !raw.startsWith('//')) continue;
    let url: URL;
    try {
      url = new URL(raw.startsWith('//') ? `https:${raw}` : raw);
    } catch {
      continue;
    }
    const host = url.hostname;
    if (LOCAL_HOST.test(host) || host.endsWith('.localhost') || host.endsWith('.local') || !HOST_PATTERN.test(host)) continue;
    if (TRUSTED_IMAGE_HOSTS.some((d) => host === d || host.endsWith(`.${d}`))) continue;
    const evidence = dataEvidence(url);
    if (evidence.length === 0) continue;
    const rule = EXFIL_RULES.markdownImageBeacon;
    let score: number = rule.score;
    const steps: ScoreStep[] = [{ step: 'pattern', score, reason: 'rendered image URL to an external host' }];
    steps.push({ step: 'structure', score, reason: evidence.map((e) => e.reason).join('; ') });
    if (evidence.some((e) => e.strong)) {
      score = Math.min(0.99, score + 0.1);
      steps.push({ step: 'structure', score, reason: 'long encoded payload (+0.1)' });
    }
    out.push({ rule: rule.id, category: rule.category, start, end, severity: rule.severity, score: Math.round(score * 1000) / 1000, message: rule.description, attack: rule.attack, explanation: steps });
  }
  return out;
}
