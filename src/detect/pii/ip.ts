import type { RawFinding } from '../finding.js';
import { applyContext, contextRules } from './context.js';
import { ipv4Range, ipv6Range, isNetmask, parseIpv4, parseIpv6 } from './ip-ranges.js';
import { matchRuns } from './runs.js';
import { report, Score } from './score.js';
import type { PiiRule, Recognizer } from './types.js';

export const IP_PUBLIC: PiiRule = {
  id: 'pii.ip-public',
  description: 'public IP address',
  category: 'ip',
  severity: 'medium',
  score: 0.5,
  attack: 'T1590.005',
  examples: {
    tp: ['The login came from 81.214.33.7 at noon', 'ssh root@34.201.17.9', 'AAAA record 2a00:1450:4001:82b::200e', 'client [2606:4700:4700::1111]:443'],
    fp: ['Upgrade to version 1.2.3.4 first', 'octets 300.12.1.1 are invalid', 'netmask 255.255.255.0', 'OID 1.3.6.1.4.1 is enterprises', 'std::vector<int> in C++'],
  },
};

export const IP_PRIVATE: PiiRule = {
  id: 'pii.ip-private',
  description: 'private or reserved IP address',
  category: 'ip',
  severity: 'low',
  score: 0.4,
  attack: 'T1590.005',
  examples: {
    tp: ['Point the app at 127.0.0.1:8080', 'router at 192.168.1.1', 'ULA fd12:3456:789a::1 on the LAN', 'use 203.0.113.5 in docs', 'CGNAT peer 100.72.4.9'],
    fp: ['release v10.0.0.1 is out', 'Build 192.168.1.1.4 notes', 'ratio 10.0.0.256', 'time 10:30:45 local', 'Abc::Def namespace'],
  },
};

const IPV4 = /(?:\d{1,3}\.){3}\d{1,3}/g;


const VERSION_WORDS = [
  'version', 'versions', 'ver', 'v', 'release', 'build', 'firmware', 'sdk', 'package', 'npm', 'pip', 'pypi', 'semver',
  'chrome', 'firefox', 'safari', 'library', 'module', 'section', 'chapter', 'figure', 'table', 'step', 'rule',
  'clause', 'article', '§', 'oid', 'snmp', 'mib', 'patch', 'update', 'changelog',
];
const CONTEXT = contextRules([
  { words: VERSION_WORDS, delta: -0.45, before: 24, after: 4 },
  {
    words: ['ip', 'ips', 'ip address', 'ipv4', 'ipv6', 'address', 'addr', 'host', 'server', 'ping', 'ssh', 'dns', 'gateway', 'proxy', 'client', 'firewall', 'listen', 'bind', 'inet', 'subnet', 'route', 'remote', 'from', 'peer', 'router'],
    delta: 0.1,
  },
]);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWord = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

function v4Bounds(text: string, start: number, end: number): boolean {
  const prev = start > 0 ? text.charCodeAt(start - 1) : -1;
  const next = end < text.length ? text.charCodeAt(end) : -1;
  if (prev >= 0 && (isWord(prev) || prev === 46)) return false;
  if (next >= 0 && isWord(next)) return false;
  if (next === 46 && end + 1 < text.length && isWord(text.charCodeAt(end + 1))) return false;
  return true;
}

const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * The run of hex digits, colons (and dots, for a trailing IPv4) around the colon at `colon`,
 * when it could be an IPv6 address: at most 45 characters, found without a regex so that
 * prose colons cost one look at their neighbours.
 */
function v6Span(text: string, colon: number): [number, number] | undefined {
  const next = text.charCodeAt(colon + 1);
  if (!(isHex(next) || next === 58)) return undefined;
  let start = colon;
  while (start > 0 && colon - start < 40 && (isHex(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 58)) start--;
  let end = colon + 1;
  while (end < text.length && end - start < 46) {
    const c = text.charCodeAt(end);
    if (!(isHex(c) || c === 58 || c === 46)) break;
    end++;
  }
  return end - start >= 3 ? [start, end] : undefined;
}

function v6Bounds(text: string, start: number, end: number): boolean {
  const prev = start > 0 ? text.charCodeAt(start - 1) : -1;
  const next = end < text.length ? text.charCodeAt(end) : -1;
  return !(prev >= 0 && (isWord(prev) || prev === 58 || prev === 46)) && !(next >= 0 && (isWord(next) || next === 58));
}

/** Compressed or full IPv6 text that also reads as something else (C++ scopes, hex words, times). */
function implausibleV6(value: string): boolean {
  if (!/\d/.test(value)) return true;
  if (/[a-f]/.test(value) && /[A-F]/.test(value)) return true;
  const groups = value.split(':').filter((g) => g.length > 0);
  if (value === '::1') return false;
  return groups.length < 3 && !groups.some((g) => g.length >= 3);
}

/**
 * Four-part version numbers read as IPv4 (`AssemblyVersion("2.4.1.0")`, `upgrade the chart
 * from 1.12.3.4 to 1.13.0.1`): an identifier ending in "version" right before, a move between
 * versions (upgrade … from/to), or a chart/package/build name on the line.
 */
const VERSION_IDENT = /[A-Za-z_]version\W{0,4}$/i;
const VERSION_MOVE = /\b(?:upgrad|downgrad|bump|rollback|roll back|pin)/i;
const FROM_TO = /\b(?:from|to)\s{1,3}v?$/i;
const VERSION_NAMES = /\b(?:chart|helm|appversion|nuget|assemblyinfo|fileversion|productversion|bundle version|firmware)\b/i;
const VERSION_BEFORE: readonly RegExp[] = [VERSION_IDENT, VERSION_MOVE, FROM_TO, VERSION_NAMES];

function versionContext(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 80), start);
  const line = before.slice(before.lastIndexOf('\n') + 1);
  return VERSION_IDENT.test(line) || (FROM_TO.test(line) && VERSION_MOVE.test(line)) || VERSION_NAMES.test(line.slice(-40));
}

function classify(text: string, start: number, end: number, range: string | undefined, shape: string, v4: boolean): RawFinding | undefined {
  const rule = range === undefined ? IP_PUBLIC : IP_PRIVATE;
  const score = new Score(rule.score, shape);
  score.validated(rule.score + 0.1, range === undefined ? 'valid public address' : `valid address in ${range} range`);
  if (v4 && versionContext(text, start)) score.invalidated(0.45, 'a four-part version number (version identifier, upgrade from/to, or chart/package name before it)');
  applyContext(score, text, start, end, CONTEXT);
  return report(rule, start, end, score, range ?? 'public');
}

/**
 * IPv4 and IPv6 addresses, public (pii.ip-public) apart from private and reserved ranges
 * (pii.ip-private: RFC 1918, loopback, link-local, CGNAT, documentation, ULA, multicast).
 * Octets over 255, leading zeros, netmasks and longer dotted runs are rejected; version or
 * section words right before the address lower it below reporting.
 */
export const ipRecognizer: Recognizer = {
  name: 'ip',
  rules: [IP_PUBLIC, IP_PRIVATE],
  patterns: [IPV4, ...VERSION_BEFORE],
  find(text, env) {
    const out: RawFinding[] = [];
    for (const { start, end, value } of matchRuns(env.windows, IPV4, 7)) {
      if (!v4Bounds(text, start, end) || env.claimed(start, end)) continue;
      const octets = parseIpv4(value);
      if (!octets || isNetmask(octets)) continue;
      const finding = classify(text, start, end, ipv4Range(octets), 'dotted quad', true);
      if (finding) out.push(finding);
    }
    for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
      const span = v6Span(text, colon);
      if (!span) continue;
      colon = span[1];
      const start = span[0];
      let end = span[1];
      while (end > start && (text.charCodeAt(end - 1) === 46 || (text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) !== 58))) end--;
      const value = text.slice(start, end);
      if (value.length < 3 || !v6Bounds(text, start, end) || env.claimed(start, end)) continue;
      const groups = parseIpv6(value);
      if (!groups || implausibleV6(value)) continue;
      const range = ipv6Range(groups);
      if (range === 'unspecified') continue;
      const finding = classify(text, start, end, range, 'IPv6 groups', false);
      if (finding) out.push(finding);
    }
    return out;
  },
};
