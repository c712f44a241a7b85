import { asciiLookalike } from '../../text/confusables.js';
import { BRANDS, SHARED_HOSTING } from './data.js';

/** Where an IP literal points, as far as risk goes. */
export type IpClass = 'local' | 'private' | 'metadata' | 'documentation' | 'public';

const HEX_PART = /^0[xX][0-9a-fA-F]{0,16}$/;
const OCTAL_PART = /^0[0-7]{1,20}$/;
const DECIMAL_PART = /^(?:0|[1-9][0-9]{0,15})$/;
const DOC_EXAMPLE = /^(?:[a-z0-9-]{1,63}\.){0,8}example\.(?:com|net|org)$/;
const DOC_SUFFIX = /\.(?:example|test|invalid)$/;
const DOC_PLACEHOLDER = /^(?:www\.)?(?:your-?domain|my-?domain|your-?site|your-?server|domain)\.(?:com|net|org)$/;
const COMBINING = /[\u0300-\u036f]/g;
// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\x00-\x7f]+$/;

/** Every regex this module uses (the test suite runs the ReDoS check over them). */
export const HOST_PATTERNS: readonly RegExp[] = [HEX_PART, OCTAL_PART, DECIMAL_PART, DOC_EXAMPLE, DOC_SUFFIX, DOC_PLACEHOLDER, COMBINING, ASCII_ONLY];

export interface Ipv4Literal {
  /** 'dotted' = four plain decimal parts; 'encoded' = decimal/octal/hex or short forms. */
  form: 'dotted' | 'encoded';
  /** The address as four octets. */
  octets: [number, number, number, number];
  cls: IpClass;
}

/**
 * Parses a raw URL host the way browsers do (WHATWG IPv4 parser): 1 to 4 parts, each decimal,
 * octal (leading 0) or hex (0x), the last part filling the remaining bytes. Anything but four
 * plain decimal parts is an encoded address (`3232235777`, `0xC0A80001`, `0300.0250.0.1`, `127.1`).
 *
 * @example
 * parseIpv4('3232235777')?.form; // 'encoded' (192.168.1.1)
 */
export function parseIpv4(host: string): Ipv4Literal | undefined {
  // The WHATWG parser treats a host as IPv4 only when its last part is a number.
  const lastDot = host.lastIndexOf('.', host.length - 2);
  const c = host.charCodeAt(lastDot + 1);
  if (!(c >= 48 && c <= 57)) return undefined;
  const parts = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const values: number[] = [];
  let plain = parts.length === 4;
  for (const part of parts) {
    let value: number;
    if (HEX_PART.test(part)) {
      value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
      plain = false;
    } else if (OCTAL_PART.test(part)) {
      value = parseInt(part, 8);
      plain = false;
    } else if (DECIMAL_PART.test(part)) {
      value = Number(part);
    } else {
      return undefined;
    }
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return undefined;
  let address = last;
  values.forEach((v, i) => (address += v * 256 ** (3 - i)));
  const octets: [number, number, number, number] = [(address >>> 24) & 255, (address >>> 16) & 255, (address >>> 8) & 255, address & 255];
  return { form: plain ? 'dotted' : 'encoded', octets, cls: classifyIpv4(octets) };
}

export function classifyIpv4([a, b, c, d]: readonly number[]): IpClass {
  if (a === 127 || a === 0) return 'local';
  if (a === 169 && b === 254 && c === 169 && d === 254) return 'metadata';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b! >= 64 && b! <= 127)) return 'private';
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'documentation';
  return 'public';
}

/** Classifies a bracketed IPv6 hostname as the URL parser serialises it (`[::1]`). */
export function classifyIpv6(hostname: string): { cls: IpClass; mapped: boolean } {
  const h = (hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname).toLowerCase();
  if (h.startsWith('::ffff:')) {
    const tail = h.slice(7).split(':');
    const n = tail.length === 2 ? parseInt(tail[0]!, 16) * 65536 + parseInt(tail[1]!, 16) : 0;
    return { cls: classifyIpv4([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]), mapped: true };
  }
  if (h === '::1' || h === '::') return { cls: 'local', mapped: false };
  if (h.startsWith('fe80:') || h.startsWith('fc') || h.startsWith('fd')) return { cls: 'private', mapped: false };
  if (h.startsWith('2001:db8:') || h === '2001:db8::') return { cls: 'documentation', mapped: false };
  if (h === 'fd00:ec2::254') return { cls: 'metadata', mapped: false };
  return { cls: 'public', mapped: false };
}

/** Host names that point at this machine or the local network (never risky on their own). */
export function isLocalName(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal') ||
    host.endsWith('.lan') ||
    host.endsWith('.home.arpa') ||
    host === 'host.docker.internal'
  );
}

/** RFC 2606 / 6761 documentation names and common tutorial placeholders. */
export function isDocumentationName(host: string): boolean {
  return (
    DOC_EXAMPLE.test(host) ||
    DOC_SUFFIX.test(host) ||
    host === 'example' ||
    DOC_PLACEHOLDER.test(host)
  );
}

export type Script = 'latin' | 'cyrillic' | 'greek' | 'armenian' | 'cherokee' | 'other' | 'common';

/** Unicode script of a code point, by range; enough to spot mixed-script host labels. */
export function scriptOf(cp: number): Script {
  if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return 'latin';
  if (cp < 0xc0) return 'common';
  if ((cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) || (cp >= 0x1e00 && cp <= 0x1eff) || (cp >= 0x2c60 && cp <= 0x2c7f) || (cp >= 0xa720 && cp <= 0xa7ff) || (cp >= 0xff21 && cp <= 0xff5a) || (cp >= 0x250 && cp <= 0x2af)) return 'latin';
  if ((cp >= 0x400 && cp <= 0x52f) || (cp >= 0x1c80 && cp <= 0x1c8f) || (cp >= 0x2de0 && cp <= 0x2dff) || (cp >= 0xa640 && cp <= 0xa69f)) return 'cyrillic';
  if ((cp >= 0x370 && cp <= 0x3ff) || (cp >= 0x1f00 && cp <= 0x1fff)) return 'greek';
  if (cp >= 0x530 && cp <= 0x58f) return 'armenian';
  if ((cp >= 0x13a0 && cp <= 0x13ff) || (cp >= 0xab70 && cp <= 0xabbf)) return 'cherokee';
  if (cp >= 0x300 && cp <= 0x36f) return 'common';
  return 'other';
}

const LOOKALIKE_SCRIPTS: ReadonlySet<Script> = new Set(['cyrillic', 'greek', 'armenian', 'cherokee']);

export interface LabelScripts {
  scripts: Set<Script>;
  /** Latin mixed with a script whose letters imitate Latin ones. */
  mixed: boolean;
  /** Only look-alike-script letters, every one of which has an ASCII look-alike. */
  wholeScriptConfusable: boolean;
}

export function labelScripts(label: string): LabelScripts {
  const scripts = new Set<Script>();
  let allConfusable = true;
  let letters = 0;
  for (const ch of label) {
    const cp = ch.codePointAt(0)!;
    const script = scriptOf(cp);
    if (script === 'common') continue;
    letters++;
    scripts.add(script);
    if (script !== 'latin' && asciiLookalike(cp) === undefined) allConfusable = false;
  }
  const lookalike = [...scripts].some((s) => LOOKALIKE_SCRIPTS.has(s));
  return {
    scripts,
    mixed: scripts.has('latin') && lookalike,
    wholeScriptConfusable: letters >= 3 && !scripts.has('latin') && scripts.size === 1 && lookalike && allConfusable,
  };
}

/**
 * The ASCII skeleton of a label for brand comparison: look-alikes folded to ASCII, accents
 * stripped, lower-cased, and the classic swaps unified (1/i/| → l, 0 → o).
 *
 * @example
 * skeleton('раураl'); // 'paypal'
 */
export function skeleton(label: string): string {
  let out = '';
  for (const ch of label) {
    const cp = ch.codePointAt(0)!;
    let ascii = cp < 0x80 ? ch : asciiLookalike(cp);
    if (ascii === undefined) {
      const stripped = ch.normalize('NFD').replace(COMBINING, '');
      ascii = ASCII_ONLY.test(stripped) ? stripped : ch;
    }
    out += ascii.toLowerCase();
  }
  return out.replace(/[1i|]/g, 'l').replace(/0/g, 'o');
}

const FOLDED_BRANDS: ReadonlyMap<string, string> = new Map([...BRANDS.keys()].map((b) => [skeleton(b), b]));

/** The brand a label (or one of its hyphen-separated tokens) imitates once de-confused. */
export function brandOf(label: string): string | undefined {
  const whole = FOLDED_BRANDS.get(skeleton(label));
  if (whole) return whole;
  for (const token of label.split('-')) {
    const brand = token.length >= 4 ? FOLDED_BRANDS.get(skeleton(token)) : undefined;
    if (brand) return brand;
  }
  return undefined;
}

const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'edu', 'ne', 'or', 'gob', 'nic']);

/** Registrable domain (eTLD+1), approximated: ccTLD second levels and shared-hosting suffixes. */
export function registrableDomain(host: string): string {
  const shared = SHARED_HOSTING.find((s) => host.endsWith(`.${s}`));
  const labels = host.split('.');
  const keep = shared ? shared.split('.').length + 1 : labels.length >= 3 && labels.at(-1)!.length === 2 && SECOND_LEVEL.has(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** True when `host` belongs to the brand: one of its listed domains, or `<brand>.<any tld>`. */
export function isOfficialFor(brand: string, host: string): boolean {
  if ((BRANDS.get(brand) ?? []).some((d) => host === d || host.endsWith(`.${d}`))) return true;
  return registrableDomain(host).split('.')[0] === brand;
}

/** True when `host` is `domain` or a sub-domain of it. */
export function hostIn(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}
