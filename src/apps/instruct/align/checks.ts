/**
 * Checks every aligned answer must pass, template-made or LLM-made: a refusal really refuses
 * (or, for prompt injection, really declines the injected part), and no text carries a live
 * address. Simple linear patterns only.
 */
import type { AlignType } from './types.js';

/** Decline phrases, matched on lower-cased text with typographic apostrophes folded. */
const DECLINES = [
  "can't", 'cannot', "won't", 'will not', 'not able to', 'unable to', 'decline', 'declining', 'refuse', "i'm not going to", 'not follow', 'ignoring it', 'not act on',
];

/** How far into the answer the decline must appear: a refusal says no first. */
const DECLINE_WINDOW = 400;

/**
 * True when the answer declines within its first 400 characters.
 *
 * @example
 * isRefusal("I can't help with that. Here is how to spot phishing instead: ..."); // true
 * isRefusal('Sure! Subject: Your account is suspended...'); // false
 */
export function isRefusal(text: string): boolean {
  const head = text.slice(0, DECLINE_WINDOW).toLowerCase().replace(/[\u2018\u2019]/g, "'");
  return DECLINES.some((phrase) => head.includes(phrase));
}

const URL = /\bhttps?:\/\/([^\s/:?#"'<>)]{1,253})/gi;
const IPV4 = /\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g;
/** The domain after an `@` (the local part does not matter, and scanning it invites backtracking). */
const EMAIL_DOMAIN = /@([\w-][\w.-]{0,252})/g;

function reservedHost(host: string): boolean {
  const h = host.toLowerCase();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h)) return documentationIp(h);
  return ['example.com', 'example.org', 'example.net'].some((d) => h === d || h.endsWith('.' + d)) || h.endsWith('.example') || h.endsWith('.invalid') || h.endsWith('.test');
}

function documentationIp(ip: string): boolean {
  return ip.startsWith('192.0.2.') || ip.startsWith('198.51.100.') || ip.startsWith('203.0.113.');
}

/**
 * Addresses in the text that are not reserved for documentation (RFC 2606 names, RFC 5737
 * ranges): URLs, e-mail domains and IPv4 addresses. Empty when the text is safe to ship.
 *
 * @example
 * liveAddresses('see https://login.example.com and 198.51.100.23'); // []
 * liveAddresses('post to http://evil.io/x'); // ['evil.io']
 */
export function liveAddresses(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(URL)) if (!reservedHost(m[1]!)) found.push(m[1]!);
  for (const m of text.matchAll(EMAIL_DOMAIN)) {
    let domain = m[1]!;
    while (domain.endsWith('.')) domain = domain.slice(0, -1);
    if (domain.includes('.') && !reservedHost(domain)) found.push(domain);
  }
  for (const m of text.matchAll(IPV4)) {
    const ip = m[0];
    if (m.slice(1, 5).every((o) => Number(o) <= 255) && !documentationIp(ip)) found.push(ip);
  }
  return found;
}

export type AnswerProblem = 'empty' | 'too-long' | 'no-refusal' | 'live-address';

/**
 * Why an answer cannot be used for a pair of this type, or undefined when it can.
 *
 * @example
 * answerProblem('Sure, here it is.', 'refusal', 200); // 'no-refusal'
 */
export function answerProblem(text: string, type: AlignType, referenceLength: number): AnswerProblem | undefined {
  if (text.trim().length < 20) return 'empty';
  if (text.length > 4 * Math.max(referenceLength, 300)) return 'too-long';
  if (type === 'refusal' && !isRefusal(text)) return 'no-refusal';
  if (liveAddresses(text).length > 0) return 'live-address';
  return undefined;
}
