import type { RawFinding, ScoreStep } from '../finding.js';
import { EXFIL_RULES } from './rules.js';
import { runStats, type Run } from './runs.js';

/** Shortest label treated as a data carrier (DNS allows 63). */
export const DNS_LABEL_MIN = 31;
const DNS_LABEL_MAX = 63;

/** Last labels that are file extensions, not TLDs (`<sha256>.tar.gz`, `<hash>.json`). */
const FILE_EXTENSIONS: ReadonlySet<string> = new Set([
  'gz', 'xz', 'bz2', 'zst', 'tar', 'tgz', 'zip', 'json', 'txt', 'log', 'bin', 'dat', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'pdf',
  'csv', 'xml', 'html', 'htm', 'js', 'mjs', 'ts', 'py', 'md', 'yml', 'yaml', 'exe', 'dll', 'so', 'sig', 'asc', 'pem', 'crt',
  'key', 'lock', 'tmp', 'bak', 'iso', 'img', 'parquet', 'arrow', 'pt', 'pth', 'onnx', 'safetensors', 'whl', 'deb', 'rpm',
  'jar', 'war', 'css', 'map', 'wasm', 'rs', 'go', 'sh', 'ps1', 'cs', 'rb', 'pl', 'ipynb', 'toml', 'ini', 'cfg', 'conf', 'db',
  'sqlite', 'mp4', 'mp3', 'wav', 'webp', 'woff', 'woff2', 'ttf', 'apk', 'dmg', 'pkg', 'msi', 'sha256', 'sha512', 'md5', 'onion',
]);

const TLD = /^[a-z]{2,24}$/;
/** Every regex this module uses (the test suite runs the ReDoS check over them). */
export const DNS_PATTERNS: readonly RegExp[] = [TLD];

/** Hosts whose long labels are content addresses, not exfiltration (IPFS gateways, Tor). */
function allowedHost(labels: readonly string[]): boolean {
  return labels.some((l) => l === 'ipfs' || l === 'ipns') || labels.at(-1) === 'onion' || labels.at(-1) === 'arpa';
}

function isHostChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
}

/**
 * A label-sized run followed by '.' may be part of a host name whose labels carry encoded
 * data. Returns the host end (so later labels of the same host are skipped) and the finding, if any.
 */
export function judgeDnsLabel(text: string, run: Run): { finding?: RawFinding; hostEnd: number } | undefined {
  if (run.lines !== 1 || text.charCodeAt(run.end) !== 46) return undefined;
  // The run may begin with '/' or '+' (base64 chars): the label is its trailing alphanumerics.
  let labelStart = run.end;
  while (labelStart > run.start && run.end - labelStart <= DNS_LABEL_MAX && isHostChar(text.charCodeAt(labelStart - 1)) && text.charCodeAt(labelStart - 1) !== 46) labelStart--;
  const labelLength = run.end - labelStart;
  if (labelLength < DNS_LABEL_MIN || labelLength > DNS_LABEL_MAX) return undefined;
  let start = labelStart;
  while (start > 0 && labelStart - start < 253 && isHostChar(text.charCodeAt(start - 1))) start--;
  let end = run.end;
  while (end < text.length && end - run.end < 253 && isHostChar(text.charCodeAt(end))) end++;
  while (end > run.end && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  const host = text.slice(start, end);
  const labels = host.toLowerCase().split('.');
  // Judged once: later label runs of this host are skipped by the caller (linear time).
  const none = { hostEnd: end };
  if (labels.some((l) => l.length === 0 || l.length > DNS_LABEL_MAX) || allowedHost(labels)) return none;
  const tld = labels.at(-1)!;
  if (!TLD.test(tld) || FILE_EXTENSIONS.has(tld)) return none;
  // The long label must be a sub-domain: at least a registrable name and a TLD after it.
  const first = labelStart - start;
  let offset = 0;
  const dataLabels: string[] = [];
  let carrierIndex = -1;
  labels.forEach((label, index) => {
    const at = offset;
    offset += label.length + 1;
    if (at < first || label.length < DNS_LABEL_MIN || index > labels.length - 3) return;
    if (encodedLabel(text, start + at, label.length)) {
      dataLabels.push(label);
      if (carrierIndex < 0) carrierIndex = index;
    }
  });
  if (carrierIndex < 0 || labels.length - carrierIndex < 3) return none;
  const steps: ScoreStep[] = [{ step: 'pattern', score: EXFIL_RULES.dnsBeacon.score, reason: `host name with ${dataLabels.length} encoded label(s) of ${DNS_LABEL_MIN}+ chars` }];
  let score: number = EXFIL_RULES.dnsBeacon.score;
  if (dataLabels.length > 1) {
    score = Math.min(0.99, score + 0.1);
    steps.push({ step: 'structure', score, reason: 'several data labels (chunked payload) (+0.1)' });
  }
  if (dataLabels.some((l) => l.length >= 50)) {
    score = Math.min(0.99, score + 0.05);
    steps.push({ step: 'structure', score, reason: 'label near the 63-char DNS limit (+0.05)' });
  }
  const rule = EXFIL_RULES.dnsBeacon;
  const finding: RawFinding = {
    rule: rule.id,
    category: rule.category,
    start,
    end,
    severity: rule.severity,
    score: Math.round(score * 1000) / 1000,
    message: rule.description,
    attack: rule.attack,
    explanation: steps,
  };
  return { finding, hostEnd: end };
}



/** Hex, base32 or mixed alphanumerics with the letter/digit churn of random data. */
function encodedLabel(text: string, start: number, length: number): boolean {
  const stats = runStats(text, start, start + length);
  if (stats.std + stats.urlsafe > 0 || stats.digits < 4) return false;
  if (stats.nonHex === 0) return stats.upper + stats.lower >= 4 && stats.entropy >= 2.9 && stats.switches >= 6;
  return stats.entropy >= 3.8 && stats.switches >= 6;
}
