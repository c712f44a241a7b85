import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { RawFinding } from '../finding.js';
import { digitsOf, groupsOf, separatorsOf, standsAlone, trivialDigits } from './bounds.js';
import { luhnValid } from './checksums.js';
import { applyHits, contextHits, contextRules, ID_WORDS } from './context.js';
import { looksLikeDate } from './dates.js';
import { cutsWithin, formatCuts, internationalRegion, nationalNumber, plansFor, type Plan } from './phone-plan.js';
import { matchRuns } from './runs.js';
import { report, REPORT_MIN, Score } from './score.js';
import type { PiiEnv, PiiRule, Recognizer } from './types.js';

export const PHONE: PiiRule = {
  id: 'pii.phone',
  description: 'phone number',
  category: 'phone',
  severity: 'medium',
  score: 0.3,
  attack: 'T1589',
  examples: {
    tp: ['Call me at (415) 555-2671 tomorrow', 'Tel.: +49 30 901820', 'WhatsApp +90 532 123 45 67', 'Téléphone : 01 42 68 53 00', 'phone 9812345678', 'Handy 0151 23456789'],
    fp: ['Order 415-555-2671 shipped', 'timestamp 1700000000', 'ISBN 978-3-16-148410-0', 'Call 123-456-7890', 'Chrome 120.0.6099.109', 'on 2024-01-15', 'id 4155552671'],
  },
};

/** Score of a valid number in international format (+CC), and in national format (low without context). */
const INTL_SCORE = 0.6;
const NATIONAL_SCORE = 0.45;

/** Digits with phone punctuation, optionally a leading '+' or '(': 7–24 characters. */
const CANDIDATE = /\+?\(?\d[\d ()./\-\u00a0]{5,22}\d/g;

const PHONE_WORDS = [
  'phone', 'phones', 'telephone', 'tel', 'tel.', 'call', 'calling', 'dial', 'ring', 'mobile', 'cell', 'cellphone', 'fax', 'sms', 'text me',
  'whatsapp', 'signal', 'telegram', 'hotline', 'helpline', 'contact', 'reach', 'phone number',
  'telefon', 'telefonnummer', 'handy', 'mobil', 'rufnummer', 'téléphone', 'tél', 'tél.', 'portable', 'numéro',
  'anrufen', 'rufen', 'ruf', 'rufe', 'ruft', 'rückruf', 'erreichbar', 'erreichen', 'durchwahl', 'festnetz', 'appelez', 'appeler', 'llama', 'llámanos', 'llamar', 'arayın', 'ara',
  'teléfono', 'telefono', 'móvil', 'movil', 'celular', 'cep', 'gsm', 'numara', 'telefonu', 'फ़ोन', 'फोन', 'मोबाइल', '电话', '手机', '電話',
];
const CONTEXT = contextRules([
  { words: PHONE_WORDS, delta: 0.35, before: 48, after: 24 },
  { words: [...ID_WORDS, 'isbn', 'doi', 'page', 'pages', 'pp', 'account', 'acct', 'iban', 'zip', 'postcode', 'amount', 'total'], delta: -0.4, before: 32, after: 8 },
]);

export interface Parsed {
  /** Region code, or +CC for non-geographic numbers. */
  region: string;
  international: boolean;
  /** Length of the national significant number. */
  nsnLength: number;
  /** Group boundaries inside the national number as libphonenumber prints it (cutsWithin). */
  cuts: string | undefined;
  by: 'libphonenumber' | 'metadata';
}

/** Candidates per text confirmed with a full libphonenumber parse; the rest by metadata alone. */
const PARSE_BUDGET = 300;

/**
 * libphonenumber's verdict on a candidate: international numbers for any country; national
 * ones for each configured region in turn, preferring the region whose printed grouping the
 * candidate follows. Exported for the test that keeps byMetadata in step with it.
 */
export function parse(value: string, digits: string, plans: readonly Plan[]): Parsed | undefined {
  if (value.startsWith('+') || digits.startsWith('00')) {
    const number = parsePhoneNumberFromString('+' + (value.startsWith('+') ? digits : digits.slice(2)));
    if (!number?.isValid()) return undefined;
    const region = number.country ?? `+${number.countryCallingCode}`;
    const cuts = cutsWithin(groupsOf(number.formatInternational()), number.nationalNumber.length);
    return { region, international: true, nsnLength: number.nationalNumber.length, cuts, by: 'libphonenumber' };
  }
  let first: Parsed | undefined;
  for (const plan of plans) {
    const national = nationalNumber(digits, plan);
    if (!national) continue;
    const number = parsePhoneNumberFromString(digits, plan.region);
    if (!number?.isValid() || number.nationalNumber !== national.nsn) continue;
    if (national.mobileOnly && !String(number.getType()).includes('MOBILE')) continue;
    const cuts = cutsWithin(groupsOf(number.formatNational()), national.nsn.length);
    const parsed: Parsed = { region: plan.region, international: false, nsnLength: national.nsn.length, cuts, by: 'libphonenumber' };
    if (cutsWithin(groupsOf(value), national.nsn.length) === cuts) return parsed;
    first ??= parsed;
  }
  return first;
}

/** The same decision from libphonenumber's metadata alone: number-type patterns, lengths and formats. */
export function byMetadata(value: string, digits: string, plans: readonly Plan[]): Parsed | undefined {
  if (value.startsWith('+') || digits.startsWith('00')) {
    const found = internationalRegion(value.startsWith('+') ? digits : digits.slice(2));
    if (!found) return undefined;
    const { plan, nsn } = found;
    return { region: plan.region, international: true, nsnLength: nsn.length, cuts: formatCuts(plan, nsn, true), by: 'metadata' };
  }
  let first: Parsed | undefined;
  for (const plan of plans) {
    const national = plan.simple ? nationalNumber(digits, plan) : undefined;
    if (!national) continue;
    const cuts = formatCuts(plan, national.nsn, false);
    const parsed: Parsed = { region: plan.region, international: false, nsnLength: national.nsn.length, cuts, by: 'metadata' };
    if (cutsWithin(groupsOf(value), national.nsn.length) === cuts) return parsed;
    first ??= parsed;
  }
  return first;
}

function isbnLike(digits: string, value: string): boolean {
  if (digits.length === 13 && (digits.startsWith('978') || digits.startsWith('979'))) {
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += (digits.charCodeAt(i) - 48) * (i % 2 ? 3 : 1);
    return sum % 10 === 0;
  }
  return digits.length === 10 && value.split('-').length === 4;
}

/** Shapes that are not phone numbers whatever libphonenumber says. */
function notAPhone(value: string, digits: string): string | undefined {
  const groups = groupsOf(value);
  if (groups.length === 3 && looksLikeDate(value.replace(/[()]/g, ''))) return 'a date';
  if (groups.length === 4 && groups.every((g) => g <= 3) && separatorsOf(value) === '.') return 'an IPv4 address';
  if (groups.length > 1 && groups[groups.length - 1] === 1) return 'a trailing one-digit group (ISBN, version)';
  if (value.includes('.') && groups.slice(1).some((g) => g === 1)) return 'a dotted version';
  if (value.indexOf('/') !== value.lastIndexOf('/')) return 'a slashed date or path';
  if (isbnLike(digits, value)) return 'an ISBN';
  if (digits.length >= 13 && luhnValid(digits)) return 'a card number';
  if (trivialDigits(digits)) return 'placeholder digits';
  return undefined;
}

/** Splits a candidate at hard breaks (' / ', '. ', double spaces) into [start, end) pieces. */
function pieces(text: string, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    let j = i;
    while (j < end && !(text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57)) j++;
    const sep = text.slice(i, j);
    if (sep.length >= 2 && (sep.includes('/') || sep.includes('  ') || sep.includes('. ') || sep.includes(' .'))) {
      out.push([from, i]);
      from = j;
    }
    i = j - 1;
  }
  out.push([from, end]);
  return out;
}

/**
 * Phone numbers: digit runs with phone punctuation, parsed and validated by libphonenumber-js
 * (max metadata) for the configured regions in national format, and for every country in
 * international format (+CC or 00CC). Dates, IPs, versions, ISBNs, card numbers and bare digit
 * runs without phone context are rejected before parsing; a number written without '+' and
 * without phone context stays low (0.45), context words raise it, id words sink it.
 */
export function createPhoneRecognizer(regions: readonly CountryCode[]): Recognizer {
  const plans = plansFor(regions);
  const cache = new Map<string, Parsed | null>();
  // Parses left in the current find() call: spent on every candidate that needs one, cached or
  // not, so that which candidates get the full parse depends on the text alone (purity).
  let budget = PARSE_BUDGET;
  const cachedParse = (value: string, digits: string): Parsed | undefined => {
    if (budget <= 0) return byMetadata(value, digits, plans);
    budget--;
    const key = value;
    let hit = cache.get(key);
    if (hit === undefined) {
      if (cache.size > 4096) cache.clear();
      hit = parse(value, digits, plans) ?? null;
      cache.set(key, hit);
    }
    return hit ?? undefined;
  };

  function judge(text: string, start: number, end: number, env: PiiEnv): RawFinding | undefined {
    if (text.charCodeAt(start) === 40 && !text.slice(start, end).includes(')')) start++; // unmatched '('
    const value = text.slice(start, end);
    const digits = digitsOf(value.replace('(0)', ''));
    const intl = value.startsWith('+') || digits.startsWith('00');
    const count = intl && !value.startsWith('+') ? digits.length - 2 : digits.length;
    if (count < 7 || count > 15 || env.claimed(start, end)) return undefined;
    if (!standsAlone(text, start, end) || text.charCodeAt(start - 1) === 35) return undefined;
    if (notAPhone(value, digits)) return undefined;
    const unformatted = /^\+?\d+$/.test(value);
    const hits = contextHits(text, start, end, CONTEXT);
    if (unformatted && !intl && !CONTEXT.some((rule, i) => rule.delta > 0 && hits[i])) return undefined;
    // Parsing costs 10–40 µs: skip it where even a valid number could not reach the report line.
    const delta = CONTEXT.reduce((sum, rule, i) => sum + (hits[i] ? rule.delta : 0), 0);
    if ((intl ? INTL_SCORE : NATIONAL_SCORE) + delta < REPORT_MIN) return undefined;
    const parsed = cachedParse(value.replace('(0)', ''), digits);
    if (!parsed) return undefined;
    const { region } = parsed;
    const score = new Score(PHONE.score, unformatted ? 'digit run' : 'digits with phone punctuation');
    const how = parsed.by === 'libphonenumber' ? 'libphonenumber' : 'libphonenumber metadata, parse budget spent';
    score.validated(parsed.international ? INTL_SCORE : NATIONAL_SCORE, `valid ${region} number${parsed.international ? ' in international format' : ''} (${how})`);
    if (!unformatted && parsed.cuts !== undefined && cutsWithin(groupsOf(value.replace('(0)', '')), parsed.nsnLength) !== parsed.cuts) {
      score.invalidated(0.1, `digit grouping unlike the ${region} format`);
    }
    applyHits(score, CONTEXT, hits);
    return report(PHONE, start, end, score, region);
  }

  return {
    name: 'phone',
    rules: [PHONE],
    patterns: [CANDIDATE],
    find(text, env) {
      const out: RawFinding[] = [];
      budget = PARSE_BUDGET;
      for (const hit of matchRuns(env.windows, CANDIDATE, 7)) {
        for (const [s, e] of pieces(text, hit.start, hit.end)) {
          const found = judge(text, s, e, env) ?? shorter(text, s, e, env);
          if (found) out.push(found);
        }
      }
      return out;
    },
  };

  /** Retries without one or two trailing space-separated groups ('+1 415 555 2671 2 times'). */
  function shorter(text: string, start: number, end: number, env: PiiEnv): RawFinding | undefined {
    let e = end;
    for (let drop = 0; drop < 2; drop++) {
      const space = start + text.slice(start, e).lastIndexOf(' ');
      if (space <= start) return undefined;
      e = space;
      while (e > start && !(text.charCodeAt(e - 1) >= 48 && text.charCodeAt(e - 1) <= 57)) e--;
      const found = judge(text, start, e, env);
      if (found) return found;
    }
    return undefined;
  }
}
