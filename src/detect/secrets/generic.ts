/**
 * The generic detector: `name = value`, `"name": "value"`, `NAME=value`, `--name value`,
 * `<name>value</name>` and `Authorization: Bearer value`, where the name says secret and the
 * value looks like one. Code, not a regex: a fast keyword regex finds candidate names, and a
 * hand-written scanner reads the name, the operator and the value in linear time.
 */
import { shannonEntropy } from '../../text/entropy.js';
import type { RawFinding, ScoreStep, Severity } from '../finding.js';
import { DEFAULT_PASSWORDS, charClasses, isHexDigest, isNonSecretShape, isPlaceholderValue, isReference, isUuid } from './heuristics.js';
import { basicCredentialsValid, decodeBase64 } from './validators.js';
import { GENERIC_RULES, type GenericKind } from './generic-rules.js';
import { classifyName, previousWord, type NameInfo } from './generic-names.js';

/** Finds candidate names; the rest is read by hand around each hit. */
export const GENERIC_HIT = /key|token|secret|pass|pwd|auth|bearer|credential/gi;

/** The words of GENERIC_HIT (all of them are scanner keywords too). */
export const GENERIC_HIT_WORDS = ['key', 'token', 'secret', 'pass', 'pwd', 'auth', 'bearer', 'credential'] as const;

/**
 * GENERIC_HIT for only the words a text contains, spelled with ASCII case classes (`[kK][eE][yY]`,
 * what the `i` flag means for ASCII letters, and faster): the same hits, since the words it
 * drops occur nowhere in the text. Undefined when none occurs.
 */
const hitCache = new Map<number, RegExp>();
function hitFor(has: (word: string) => boolean): RegExp | undefined {
  let mask = 0;
  for (let i = 0; i < GENERIC_HIT_WORDS.length; i++) if (has(GENERIC_HIT_WORDS[i]!)) mask |= 1 << i;
  if (mask === 0) return undefined;
  let re = hitCache.get(mask);
  if (!re) {
    re = genericHitRegex(GENERIC_HIT_WORDS.filter((_, i) => mask & (1 << i)));
    hitCache.set(mask, re);
  }
  return re;
}

/** `key|token` as `[kK][eE][yY]|[tT][oO][kK][eE][nN]` (global). */
export function genericHitRegex(words: readonly string[]): RegExp {
  return new RegExp(words.map((w) => [...w].map((ch) => `[${ch}${ch.toUpperCase()}]`).join('')).join('|'), 'g');
}

const SCHEMES = new Set(['bearer', 'basic', 'token', 'bot', 'apikey']);
const QUOTES = new Set(['"', "'", '`']);
const PROSE_VERB = /^(?:is|was)(?: now)?:? {1,2}/;
const XML_STOP = new Set(['<', '\n']);

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

const STOP = new Set([' ', '\t', '\n', '\r', ',', ';', '(', ')', '[', '{', '}', ']', '"', "'", '`', '<', '>', '&']);

interface Candidate {
  /** Whether the value was inside quotes (a literal) rather than bare (maybe an expression). */
  quoted: boolean;
  start: number;
  end: number;
  value: string;
  kind: GenericKind;
  weak: boolean;
  name: string;
}

/**
 * Reads the operator after a name ending at `pos` (optional quotes, `=`, `:`, `=>`, a CLI flag's
 * space...): where the value starts, or undefined when no assignment follows. Cheap, so it runs
 * before the name is classified (most keyword hits in prose have no operator).
 */
function assignmentAt(text: string, nameStart: number, pos: number, name: string): { p: number; xml: boolean } | undefined {
  let p = pos;
  let quotes = 0;
  while (quotes < 2 && (text[p] === '"' || text[p] === "'" || text[p] === '`' || text[p] === ']')) {
    p++;
    quotes++;
  }
  const xml = text[nameStart - 1] === '<' && text[p] === '>';
  let spaces = 0;
  while (spaces < 5 && isSpace(text.charCodeAt(p))) {
    p++;
    spaces++;
  }
  const op = text.slice(p, p + 3);
  if (xml) p += 1;
  else if (op.startsWith('===')) p += 3;
  else if (op.startsWith(':=') || op.startsWith('=>') || op.startsWith('==') || op.startsWith('?=')) p += 2;
  else if (op[0] === '=' || (op[0] === ':' && op[1] !== ':')) p += 1;
  else {
    // No operator: a CLI flag (`--token VALUE`), a bare scheme (`Bearer VALUE`), or prose
    // (`your API key is \`VALUE\``, quoted values only).
    const flag = name.startsWith('-') && spaces > 0;
    const bearer = name.toLowerCase() === 'bearer' && spaces === 1;
    const prose = spaces === 1 ? PROSE_VERB.exec(text.slice(p, p + 16)) : null;
    if (prose && QUOTES.has(text[p + prose[0].length] ?? '')) p += prose[0].length;
    else if (!flag && !bearer) return undefined;
  }
  spaces = 0;
  while (spaces < 5 && isSpace(text.charCodeAt(p))) {
    p++;
    spaces++;
  }
  return { p, xml };
}

function readValue(text: string, from: number, name: string, info: NameInfo, xml: boolean): Candidate | undefined {
  let p = from;
  if ((text[p] === 'b' || text[p] === 'r') && (text[p + 1] === '"' || text[p + 1] === "'")) p++;
  if (text[p] === 'f' && (text[p + 1] === '"' || text[p + 1] === "'")) return undefined;
  const quote = text[p];
  let start: number;
  let end: number;
  if (quote === '"' || quote === "'" || quote === '`') {
    start = p + 1;
    end = start;
    while (end < text.length && end - start <= 400 && text[end] !== quote && text[end] !== '\n') end++;
    if (text[end] !== quote) return undefined;
    if (/^\s{0,3}\+/.test(text.slice(end + 1, end + 5))) return undefined; // "prefix" + variable: only part of the value
  } else {
    start = p;
    end = start;
    const stopAt = xml ? XML_STOP : STOP;
    while (end < text.length && end - start <= 400 && !stopAt.has(text[end]!)) end++;
    if (text[end] === '(' || text[end] === '[' || text[end] === '{') return undefined;
  }
  let value = text.slice(start, end);
  let kind = info.kind;
  // Authorization schemes: `Bearer x`, `Basic x`, `Token x` (quoted or not).
  const space = value.indexOf(' ');
  const scheme = (space > 0 ? value.slice(0, space) : value).toLowerCase();
  if (SCHEMES.has(scheme) && (info.kind === 'auth' || name.toLowerCase() === 'bearer' || space > 0 || text[end] === ' ')) {
    if (space > 0) {
      start += space + 1;
    } else {
      if (text[end] !== ' ' || quote === '"' || quote === "'") return undefined;
      start = end + 1;
      end = start;
      while (end < text.length && end - start <= 400 && !STOP.has(text[end]!)) end++;
    }
    value = text.slice(start, end);
    kind = 'auth';
    if (scheme === 'basic') return basicCredentialsValid(value) && realPassword(basicPassword(value), true, true) ? { quoted: true, start, end, value, kind, weak: false, name: 'basic' } : undefined;
  } else if (name.toLowerCase() === 'bearer') {
    kind = 'auth';
  }
  if (value.length === 0) return undefined;
  return { quoted: quote === '"' || quote === "'" || quote === '`', start, end, value, kind, weak: info.weak, name };
}

function basicPassword(value: string): string {
  const text = decodeBase64(value)?.toString('utf8') ?? '';
  return text.slice(text.indexOf(':') + 1);
}

/**
 * A password worth reporting. `decoded`: the value came out of base64 (Basic auth), where a
 * leading `@`, `&` or `%` is just a character, not a reference sigil.
 */
function realPassword(value: string, quoted: boolean, decoded = false): boolean {
  if (value.length < 6 || value.length > 128 || DEFAULT_PASSWORDS.has(value.toLowerCase())) return false;
  const referenced = isReference(decoded ? value.replace(/^[@&%]/, '') : value, !quoted);
  if (isPlaceholderValue(value) || referenced || /\s/.test(value) || /^[!*]/.test(value) || NAMED_VALUE.test(value)) return false;
  if (/^\d+$/.test(value) || isNonSecretShape(value)) return false;
  // Bare words in code are variables (`pass = matchResult`); quoted words are fixtures ('testPass').
  if (looksLikeWords(value) || (!quoted && /\?\.|\?\?|&&|\|\||=>/.test(value))) return false;
  return charClasses(value) >= 2 || (value.length >= 16 && shannonEntropy(value) >= 3);
}

const HASH_CONTEXT = /sha|md5|hash|digest|checksum|commit|etag|integrity|fingerprint/i;
/** Names that hold secrets even when the value is plain hex (a GPG or cache key is hex too). */
const STRONG_NAME = /secret|token|private|passw|api|access|auth|session|sign|encrypt|hmac|master|client|cred/i;
/** A value that names what it stands for (`secret-2-levels`, `api_token_1`): a stand-in. */
const NAMED_VALUE = /(?:^|[-_.])(?:secret|password|passwd|token|apikey|api[-_]key)(?:$|[-_.\d])/i;

/**
 * Identifiers and slugs rather than random strings: no digits, and lower-case letters come in
 * word-length runs (`__vite_ssr_exportAll__`, `stackTraceError`: 3+ on average) where random
 * mixed-case text switches case after one or two letters.
 */
function looksLikeWords(value: string): boolean {
  if (/\d/.test(value)) return false;
  let runs = 0;
  let lower = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      lower++;
      const p = i > 0 ? value.charCodeAt(i - 1) : 0;
      if (!(p >= 97 && p <= 122)) runs++;
    }
  }
  return runs === 0 || lower / runs >= 3;
}

/** Lower-case, slash-separated segments: a path or a name space (`chai/deep-eql`, `prod/db/creds`). */
function isPathLike(value: string): boolean {
  return /^[a-z0-9_.@-]+(?:\/[a-z0-9_.@-]+)+\/?$/.test(value);
}

/**
 * Text inside a base64 value (Kubernetes Secret `data:`, Basic auth), when it decodes to
 * printable ASCII: placeholders hide there too (`cGFzc3dvcmQ=` is 'password').
 */
function decodedText(value: string): string | undefined {
  if (value.length < 8 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const text = decodeBase64(value)?.toString('latin1') ?? '';
  return /^[\x21-\x7e]{4,}$/.test(text) ? text : undefined;
}

/** Score steps for a candidate, or undefined when the value is not a secret. */
function judgeValue(c: Candidate, before: string): { score: number; severity: Severity; steps: ScoreStep[] } | undefined {
  const decoded = decodedText(c.value);
  if (decoded !== undefined && (isPlaceholderValue(decoded) || DEFAULT_PASSWORDS.has(decoded.toLowerCase()) || isReference(decoded))) return undefined;
  const v = c.value;
  if (c.kind === 'password') {
    if (!realPassword(v, c.quoted) || v.toLowerCase() === c.name.toLowerCase() || (c.weak && v.length < 8)) return undefined;
    const bits = shannonEntropy(v);
    const steps: ScoreStep[] = [{ step: 'pattern', score: 0.55, reason: 'password-like name with a literal value' }];
    const score = bits >= 3.3 && v.length >= 10 ? 0.7 : 0.55;
    steps.push({ step: 'entropy', score, reason: `entropy ${bits.toFixed(2)} over ${v.length} chars` });
    return { score, severity: 'medium', steps };
  }
  const minLength = c.weak ? 20 : c.kind === 'auth' ? 16 : 12;
  if (v.length < minLength || v.length > 400) return undefined;
  if (isPlaceholderValue(v) || isReference(v, !c.quoted) || isNonSecretShape(v) || isUuid(v)) return undefined;
  if (isHexDigest(v) && (c.weak || !STRONG_NAME.test(c.name) || HASH_CONTEXT.test(c.name) || HASH_CONTEXT.test(before))) return undefined;
  if (/example\.(?:com|org|net)/i.test(before)) return undefined; // documentation URLs
  if (/^eyJ[\w-]*\.eyJ/.test(v)) return undefined; // JWTs: judged by secrets.jwt
  // Secrets are tokens: no spaces, quotes, brackets, escapes or list punctuation; bare names
  // (key, token) need a token alphabet and digits.
  if (/["'`{}()[\]<>\\|;,\s]/.test(v) || /^!/.test(v)) return undefined;
  if (c.weak && !(/^[A-Za-z0-9+/=_.~-]+$/.test(v) && /\d/.test(v) && /[A-Za-z]/.test(v))) return undefined;
  if (!c.quoted && /^[A-Za-z_$][\w$]*$/.test(v) && (!/\d/.test(v) || v.includes('$') || v.startsWith(c.name))) return undefined; // a variable
  if (looksLikeWords(v) || isPathLike(v) || NAMED_VALUE.test(v)) return undefined;
  const bits = shannonEntropy(v);
  const classes = charClasses(v);
  const need = c.weak ? 3.5 : 3;
  if (bits < need || classes < 2) return undefined;
  const base = c.kind === 'auth' ? 0.65 : 0.5;
  const steps: ScoreStep[] = [{ step: 'pattern', score: base, reason: c.kind === 'auth' ? 'credential in an Authorization header' : 'secret-like name with a literal value' }];
  const strong = bits >= 4 && v.length >= 20;
  let score = strong ? base + 0.2 : base;
  steps.push({ step: 'entropy', score, reason: `entropy ${bits.toFixed(2)} ≥ ${need}, ${classes} character classes` });
  if (c.weak) {
    score -= 0.1;
    steps.push({ step: 'context', score, reason: 'bare name (key/token) says little (-0.1)' });
  }
  return { score: Math.round(score * 1000) / 1000, severity: strong || c.kind === 'auth' ? 'high' : 'medium', steps };
}

/**
 * Finds generic secret assignments in a text. `has` says which keywords the text contains
 * (the scanner's pre-filter); without it every keyword is looked for.
 *
 * @example
 * detectGeneric('API_KEY=Zq8vR2mXw9LkT4pN7sYb3HcJ')[0]?.rule; // 'secrets.generic-secret'
 */
export function detectGeneric(text: string, has?: (word: string) => boolean): RawFinding[] {
  const out: RawFinding[] = [];
  const hit = hitFor(has ?? (() => true));
  if (!hit) return out;
  hit.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = hit.exec(text)) !== null) {
    let s = m.index;
    let e = m.index + m[0].length;
    while (s > 0 && isNameChar(text.charCodeAt(s - 1))) s--;
    while (e < text.length && isNameChar(text.charCodeAt(e))) e++;
    hit.lastIndex = e;
    if (e - s > 64 || text[s - 1] === '$') continue;
    let name = text.slice(s, e);
    while (name.endsWith('.')) name = name.slice(0, -1);
    const op = assignmentAt(text, s, s + name.length, name);
    if (!op) continue;
    const previous = /^[A-Za-z]+$/.test(name) ? previousWord(text, s) : undefined;
    const info = classifyName(previous ? `${previous}_${name}` : name.replace(/^-+/, ''));
    if (!info) continue;
    const c = readValue(text, op.p, name, info, op.xml);
    if (!c) continue;
    const judged = judgeValue(c, text.slice(Math.max(0, s - 40), s));
    if (!judged) continue;
    const meta = GENERIC_RULES[c.kind];
    out.push({
      rule: meta.id,
      category: meta.category,
      start: c.start,
      end: c.end,
      severity: judged.severity,
      score: judged.score,
      message: meta.description,
      attack: meta.attack,
      explanation: judged.steps,
    });
    hit.lastIndex = Math.max(hit.lastIndex, c.end);
  }
  return out;
}
