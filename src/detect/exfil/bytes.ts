/**
 * Bytes written out one by one as hex: C/Python escapes (`"\xfc\x48\x83…"`), 0x arrays
 * (`{0xfc, 0x48, …}`) and spaced dumps (`fc 48 83 e4 …`). Shellcode and exfiltrated binaries
 * travel in these forms, which the run scanner (unbroken base64/hex runs) never sees.
 *
 * Linear: escapes and 0x arrays are found with indexOf; spaced dumps with a skip probe (a dump
 * long enough to matter covers every probe position it spans, so prose is mostly skipped).
 */
import type { RawFinding, ScoreStep } from '../finding.js';
import { EXFIL_RULES } from './rules.js';

/** Bytes a list needs: prefixed forms are never digests; bare ones must beat SHA-512 (64 bytes). */
const MIN_PREFIXED = 48;
const MIN_BARE = 65;
/** Probe stride for bare dumps: MIN_BARE bytes take at least 3 * MIN_BARE - 1 = 194 chars. */
const STRIDE = 160;
const MAX_LISTS = 64;

interface ByteList {
  start: number;
  end: number;
  bytes: number[];
  /** Tokens with a hex letter (a-f): decimal tables have none. */
  lettered: number;
  form: 'escapes' | '0x' | 'bare';
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Separators between listed bytes: spaces, commas, line breaks, and quotes of split C strings. */
function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 34 || c === 39;
}

/** Reads a byte list of one form starting at `from`; its end is where the form stops. */
function readList(text: string, from: number, form: ByteList['form']): ByteList {
  const bytes: number[] = [];
  let lettered = 0;
  let i = from;
  let end = from;
  while (i < text.length) {
    let p = i;
    if (form === 'escapes') {
      if (text.charCodeAt(p) !== 92 || text.charCodeAt(p + 1) !== 120) break;
      p += 2;
    } else if (form === '0x') {
      if (text.charCodeAt(p) !== 48 || (text.charCodeAt(p + 1) | 32) !== 120) break;
      p += 2;
    }
    const hi = hexValue(text.charCodeAt(p));
    const lo = hexValue(text.charCodeAt(p + 1));
    if (hi < 0 || lo < 0) break;
    // A byte is exactly two digits: 0x123 and 'abc' are not bytes.
    if (form !== 'escapes' && hexValue(text.charCodeAt(p + 2)) >= 0) break;
    bytes.push(hi * 16 + lo);
    if (hi > 9 || lo > 9) lettered++;
    end = p + 2;
    i = end;
    let gap = 0;
    while (i < text.length && gap < 8 && isSeparator(text.charCodeAt(i))) {
      i++;
      gap++;
    }
  }
  return { start: from, end, bytes, lettered, form };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Two hex digits standing alone at `i` (a bare byte token). */
function tokenAt(text: string, i: number): boolean {
  return hexValue(text.charCodeAt(i)) >= 0 && hexValue(text.charCodeAt(i + 1)) >= 0 && hexValue(text.charCodeAt(i + 2)) < 0 && (i === 0 || hexValue(text.charCodeAt(i - 1)) < 0);
}

/** Two bare byte tokens in a row (`4f a0`) at or next to `probe`: prose rarely has them. */
function pairNear(text: string, probe: number): boolean {
  for (let s = Math.max(0, probe - 2); s <= probe + 1; s++) {
    if (tokenAt(text, s) && isBlank(text.charCodeAt(s + 2)) && tokenAt(text, s + 3)) return true;
  }
  return false;
}

function entropy(bytes: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const b of bytes) counts.set(b, (counts.get(b) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / bytes.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function judge(list: ByteList): RawFinding | undefined {
  const n = list.bytes.length;
  if (n < (list.form === 'bare' ? MIN_BARE : MIN_PREFIXED)) return undefined;
  if (list.lettered < n * 0.2) return undefined;
  const bits = entropy(list.bytes);
  const distinct = new Set(list.bytes).size;
  // Every byte different: a lookup table or S-box (random data repeats bytes long before 48).
  if (bits < 3.5 || distinct < 16 || distinct === n) return undefined;
  const rule = EXFIL_RULES.hexBytes;
  const how = list.form === 'escapes' ? '\\xNN escapes' : list.form === '0x' ? '0xNN array' : 'spaced hex dump';
  let score = rule.score;
  const steps: ScoreStep[] = [{ step: 'pattern', score, reason: `${n} bytes written as ${how}` }];
  // Random bytes of n draws show about log2(n) bits once n is below 256 distinct values.
  if (bits >= Math.min(7, Math.log2(n) - 0.6)) {
    score += 0.15;
    steps.push({ step: 'entropy', score, reason: `entropy ${bits.toFixed(2)} bits/byte: random-looking (shellcode, encrypted or compressed data) (+0.15)` });
  } else steps.push({ step: 'entropy', score, reason: `entropy ${bits.toFixed(2)} bits/byte: text or structured data` });
  if (n >= 1000) {
    score += 0.1;
    steps.push({ step: 'structure', score, reason: `${n} bytes (≥ 1000) (+0.1)` });
  }
  score = Math.round(Math.min(0.99, score) * 1000) / 1000;
  return {
    rule: rule.id,
    category: rule.category,
    start: list.start,
    end: list.end,
    severity: score >= 0.8 ? 'high' : 'medium',
    score,
    message: `${rule.description}: ${n} bytes as ${how}`,
    attack: rule.attack,
    explanation: steps,
  };
}

/**
 * Byte lists in a text, judged by length, hex letters and byte entropy.
 *
 * @example
 * hexByteLists('x = "' + '\\xfc\\x48'.repeat(40) + '"'); // [] (two distinct bytes: a pattern)
 */
export function hexByteLists(text: string): RawFinding[] {
  const out: RawFinding[] = [];
  let lists = 0;
  for (const [needle, form] of [['\\x', 'escapes'], ['0x', '0x']] as const) {
    for (let i = text.indexOf(needle); i >= 0 && lists < MAX_LISTS; i = text.indexOf(needle, i + 2)) {
      if (form === '0x' && i > 0 && hexValue(text.charCodeAt(i - 1)) >= 0) continue;
      const list = readList(text, i, form);
      i = Math.max(i, list.end - 2);
      if (list.bytes.length < MIN_PREFIXED) continue;
      lists++;
      const found = judge(list);
      if (found) out.push(found);
    }
  }
  // Bare dumps: probe every STRIDE chars for a char of a dump, then back up to the list start.
  let covered = 0;
  for (let probe = STRIDE - 1; probe < text.length && lists < MAX_LISTS; probe += STRIDE) {
    if (probe < covered) continue;
    const c = text.charCodeAt(probe);
    if ((hexValue(c) < 0 && !isBlank(c)) || !pairNear(text, probe)) continue;
    // Back to the start of the region of hex digits and blanks (each char walked back once:
    // the next walk stops where this one's list or probe ended).
    let s = probe;
    while (s > covered && (hexValue(text.charCodeAt(s - 1)) >= 0 || isBlank(text.charCodeAt(s - 1)))) s--;
    while (s <= probe && !tokenAt(text, s)) s++;
    const list = readList(text, s, 'bare');
    covered = Math.max(probe + 1, list.end);
    if (list.bytes.length < MIN_BARE) continue;
    lists++;
    const found = judge(list);
    if (found) out.push(found);
  }
  return out;
}
