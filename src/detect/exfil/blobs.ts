import type { RawFinding, ScoreStep } from '../finding.js';
import { EXFIL_RULES, type ExfilRuleKey } from './rules.js';
import { randomEntropy, runStats, type Run, type RunStats } from './runs.js';

/** Thresholds: below them a blob is too small to matter. */
export const BASE64_MIN = 200;
/** SHA-512 and other 512-bit digests are exactly 128 hex chars: a hex blob must be longer. */
export const HEX_MIN = 129;
export const COMPRESSED_MIN = 64;
/** Below this entropy a long run is a pattern (padding, repeats), not data. */
const BASE64_MIN_ENTROPY = 4.7;
const HEX_MIN_ENTROPY = 3.0;
/** Below this a long upper-case run is a pattern or words, not base32 data. */
const BASE32_MIN_ENTROPY = 4.2;

/** Magic numbers of compressed/archive formats, checked on decoded bytes. */
const COMPRESSED: readonly { name: string; test: (b: Uint8Array) => boolean }[] = [
  { name: 'gzip', test: (b) => b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08 },
  { name: 'zlib', test: (b) => b[0] === 0x78 && ((0x78 << 8) | b[1]!) % 31 === 0 && (b[1]! & 0x20) === 0 },
  { name: 'zip', test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 },
  { name: 'zstd', test: (b) => b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd },
  { name: 'bzip2', test: (b) => b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68 && b[3]! >= 0x31 && b[3]! <= 0x39 },
  { name: 'xz', test: (b) => b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a },
  { name: '7z', test: (b) => b[0] === 0x37 && b[1] === 0x7a && b[2] === 0xbc && b[3] === 0xaf },
];

/** Base64 prefixes of payloads that are public or images: SSH public keys, PEM certificates. */
const PUBLIC_PREFIXES = ['AAAAB3NzaC1', 'AAAAC3NzaC1', 'AAAAE2VjZHNh', 'AAAAB3NzaC1kc3', 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS', 'LS0tLS1CRUdJTiBQVUJMSUMgS0VZ'];
const IMAGE_PREFIXES = ['iVBORw0KGg', '/9j/', 'R0lGOD', 'UklGR', 'Qk0'];

const LAYOUT = /[\r\n\t ]/g;
const DASH = /-/g;
const UNDERSCORE = /_/g;
const PASSIVE_TYPE = /^(?:image|font|audio|video)\/|^application\/(?:x-)?font/;
const PEM_HEADER = /-----BEGIN [A-Z0-9 ]{1,40}-----\s{0,4}$/;
const DKIM = /v=DKIM1|k=(?:rsa|ed25519)/i;
const SSH_KEY_TYPE = /(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d{3}|sk-ssh-ed25519@openssh\.com)\s{1,4}$/;

/** Every regex this module uses (the test suite runs the ReDoS check over them). */
export const BLOB_PATTERNS: readonly RegExp[] = [LAYOUT, DASH, UNDERSCORE, PASSIVE_TYPE, PEM_HEADER, SSH_KEY_TYPE, DKIM];

function decodePrefix(text: string, start: number, base64: boolean): Uint8Array {
  const head = text.slice(start, start + 24).replace(LAYOUT, '');
  if (!base64) return Buffer.from(head.length % 2 ? head.slice(0, -1) : head, 'hex');
  return Buffer.from(head.replace(DASH, '+').replace(UNDERSCORE, '/'), 'base64');
}

/** What is right before the run: a data: image/font header, a PEM armour line, an SSH key type. */
function prefixContext(text: string, start: number): 'data-image' | 'data-other' | 'pem' | 'ssh' | undefined {
  const before = text.slice(Math.max(0, start - 120), start);
  const data = before.lastIndexOf('data:');
  if (data >= 0 && before.endsWith(',')) {
    const type = before.slice(data + 5).toLowerCase();
    return PASSIVE_TYPE.test(type) ? 'data-image' : 'data-other';
  }
  if (PEM_HEADER.test(before)) return 'pem';
  // A DKIM record's public key: `v=DKIM1; k=rsa; p=MIIB…`.
  if (before.endsWith('p=') && DKIM.test(before)) return 'pem';
  if (SSH_KEY_TYPE.test(before)) return 'ssh';
  return undefined;
}

/** A run that is one dot-separated part of a JWT (`eyJ...`.`...`.`...`). */
function inJwt(text: string, run: Run): boolean {
  if (text.charCodeAt(run.start - 1) !== 46 && text.charCodeAt(run.end) !== 46) return false;
  let s = run.start;
  while (s > 0 && run.start - s < 8192 && isTokenChar(text.charCodeAt(s - 1))) s--;
  return text.startsWith('eyJ', s);
}

function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

function finding(key: ExfilRuleKey, run: Run, steps: ScoreStep[], score: number, message?: string): RawFinding {
  const rule = EXFIL_RULES[key];
  const severity = score >= 0.8 || rule.severity === 'high' ? 'high' : score < 0.4 ? 'low' : 'medium';
  return {
    rule: rule.id,
    category: rule.category,
    start: run.start,
    end: run.end,
    severity,
    score: Math.round(score * 1000) / 1000,
    message: message ?? rule.description,
    attack: rule.attack,
    explanation: steps,
  };
}

class Steps {
  readonly list: ScoreStep[] = [];
  constructor(public score: number, reason: string) {
    this.list.push({ step: 'pattern', score, reason });
  }
  add(step: ScoreStep['step'], delta: number, reason: string): void {
    this.score = Math.max(0, Math.min(0.99, this.score + delta));
    this.list.push({ step, score: Math.round(this.score * 1000) / 1000, reason: delta === 0 ? reason : `${reason} (${delta > 0 ? '+' : ''}${delta})` });
  }
}

function sizeSteps(steps: Steps, chars: number): void {
  if (chars >= 1000) steps.add('structure', 0.1, `${chars} encoded chars (≥ 1000)`);
  if (chars >= 10000) steps.add('structure', 0.1, 'very large payload (≥ 10000 chars)');
}

/** Judges one run: a compressed, base64 or hex blob, or nothing. */
export function judgeRun(text: string, run: Run): RawFinding | undefined {
  if (run.chars < COMPRESSED_MIN) return undefined;
  const context = prefixContext(text, run.start);
  if (context === 'data-image' || context === 'pem' || context === 'ssh') return undefined;
  const stats = runStats(text, run.start, run.end);
  const hexOnly = stats.nonHex === 0 || (stats.nonHex === 1 && text.startsWith('0x', run.start));
  const head = decodePrefix(text, hexOnly && text.startsWith('0x', run.start) ? run.start + 2 : run.start, !hexOnly);
  const magic = COMPRESSED.find((m) => m.test(head));
  if (magic && (hexOnly || stats.std + stats.urlsafe + stats.upper + stats.lower + stats.digits > 0)) {
    const minEntropy = hexOnly ? HEX_MIN_ENTROPY : BASE64_MIN_ENTROPY - 0.4;
    if (stats.entropy >= minEntropy) {
      const steps = new Steps(EXFIL_RULES.compressedBlob.score, `${hexOnly ? 'hex' : 'base64'} of ${magic.name} data, ${run.chars} chars`);
      steps.add('validator', 0, `${magic.name} magic number after decoding`);
      sizeSteps(steps, run.chars);
      return finding('compressedBlob', run, steps.list, steps.score, `Encoded ${magic.name}-compressed data`);
    }
  }
  if (hexOnly) return judgeHex(run, stats);
  if (stats.lower === 0 && stats.std === 0 && stats.urlsafe === 0) return judgeBase32(text, run, stats);
  return judgeBase64(text, run, stats, context === 'data-other');
}

/** Upper-case letters and the digits 2-7 only (RFC 4648 base32), long and random-looking. */
function judgeBase32(text: string, run: Run, stats: RunStats): RawFinding | undefined {
  if (run.chars < BASE64_MIN || stats.digits < run.chars * 0.05 || stats.switches < run.chars / 25) return undefined;
  for (let i = run.start; i < run.end; i++) {
    const c = text.charCodeAt(i);
    if (c === 48 || c === 49 || c === 56 || c === 57) return undefined; // 0 1 8 9 are not base32 digits
  }
  if (stats.entropy < BASE32_MIN_ENTROPY) return undefined;
  const steps = new Steps(EXFIL_RULES.base32Blob.score, `base32 blob of ${run.chars} chars`);
  // Base32 of text stays near 4.85 bits/char even on long runs; random data approaches 5.
  const random = randomEntropy(run.chars, 32, 0.05);
  if (stats.entropy >= Math.min(4.9, random)) steps.add('entropy', 0.15, `entropy ${stats.entropy.toFixed(2)} bits/char: random-looking (encrypted, compressed or binary)`);
  else steps.add('entropy', 0, `entropy ${stats.entropy.toFixed(2)} bits/char: encoded text or structured data`);
  sizeSteps(steps, run.chars);
  return finding('base32Blob', run, steps.list, steps.score);
}

function judgeHex(run: Run, stats: RunStats): RawFinding | undefined {
  if (run.chars < HEX_MIN || stats.digits === 0 || stats.upper + stats.lower === 0) return undefined;
  if (stats.entropy < HEX_MIN_ENTROPY) return undefined;
  const steps = new Steps(EXFIL_RULES.hexBlob.score, `hex blob of ${run.chars} chars (longer than any common digest)`);
  const random = randomEntropy(run.chars, 16, 0.12);
  if (stats.entropy >= Math.min(3.85, random)) steps.add('entropy', 0.15, `entropy ${stats.entropy.toFixed(2)} bits/char: random-looking (encrypted, compressed or binary)`);
  else steps.add('entropy', 0, `entropy ${stats.entropy.toFixed(2)} bits/char: hex of text or structured data`);
  sizeSteps(steps, run.chars);
  return finding('hexBlob', run, steps.list, steps.score);
}

function judgeBase64(text: string, run: Run, stats: RunStats, inDataUri: boolean): RawFinding | undefined {
  if (run.chars < BASE64_MIN) return undefined;
  const letters = stats.upper + stats.lower;
  // Both cases and digits: words, identifiers and slugs lack one of them.
  if (stats.upper < run.chars * 0.05 || stats.lower < run.chars * 0.05 || stats.digits < run.chars * 0.02) return undefined;
  if (stats.std > run.chars * 0.1 || stats.urlsafe > run.chars * 0.1 || letters < run.chars * 0.6) return undefined;
  // Encoded bytes scatter digits among letters; identifiers keep them in a few clumps.
  if (stats.entropy < BASE64_MIN_ENTROPY || stats.switches < run.chars / 25) return undefined;
  if (PUBLIC_PREFIXES.some((p) => text.startsWith(p, run.start)) || inJwt(text, run)) return undefined;
  const steps = new Steps(EXFIL_RULES.base64Blob.score, `base64${stats.urlsafe > 0 ? 'url' : ''} blob of ${run.chars} chars`);
  const random = randomEntropy(run.chars, 64, 0.2);
  if (stats.entropy >= Math.min(5.6, random)) steps.add('entropy', 0.15, `entropy ${stats.entropy.toFixed(2)} bits/char: random-looking (encrypted, compressed or binary)`);
  else steps.add('entropy', 0, `entropy ${stats.entropy.toFixed(2)} bits/char: encoded text or structured data`);
  if (text.startsWith('TVq', run.start) || text.startsWith('f0VMR', run.start)) steps.add('validator', 0.2, 'decodes to an executable (MZ/ELF header)');
  if (IMAGE_PREFIXES.some((p) => text.startsWith(p, run.start))) steps.add('invalidation', -0.3, 'decodes to an image (PNG/JPEG/GIF/WebP/BMP)');
  if (inDataUri) steps.add('context', -0.1, 'inside a data: URI (the urls detector judges those)');
  sizeSteps(steps, run.chars);
  return steps.score > 0 ? finding('base64Blob', run, steps.list, steps.score) : undefined;
}
