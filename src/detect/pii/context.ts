import type { Score } from './score.js';

/** Context words that raise or lower a score, looked for in a window around the match. */
export interface ContextRule {
  /** Lower-case words or phrases; Latin-script ones match whole words ('tel' not in 'hotel'). */
  words: readonly string[];
  /** Score change when one is found (negative lowers). */
  delta: number;
  /** Characters searched before the match (default 48). */
  before?: number;
  /** Characters searched after the match (default 32). */
  after?: number;
}

interface Compiled {
  /** Alternation of the escaped words, longest first (literals only: linear). */
  pattern: RegExp;
  /** Words matched anywhere, without a word-boundary check (CJK, symbols). */
  loose: ReadonlySet<string>;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** Scripts written without spaces between words (CJK, kana, Hangul) and symbols. */
const UNSPACED = /^[^\p{L}\p{N}]|[\u2e80-\uffff]/u;
const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return WORD_CHAR.test(ch);
}

const compiled = new Map<ContextRule, Compiled>();

/**
 * Declares a module's context rules: each word list becomes one literal alternation, compiled
 * once here (and ReDoS-checked by the tests through `contextPatterns`).
 */
export function contextRules(rules: ContextRule[]): readonly ContextRule[] {
  for (const rule of rules) {
    const words = [...new Set(rule.words)].sort((a, b) => b.length - a.length);
    const pattern = new RegExp(words.map((w) => w.replace(SPECIAL, '\\$&')).join('|'), 'g');
    compiled.set(rule, { pattern, loose: new Set(words.filter((w) => UNSPACED.test(w))) });
  }
  return rules;
}

/** Every compiled context pattern (for the ReDoS test). */
export function contextPatterns(): RegExp[] {
  return [...compiled.values()].map((c) => c.pattern);
}

/** The lower-cased text around a match, computed once for all rules applied to it. */
interface Near {
  lower: string;
  /** Length of the part before the match; the match itself is one NUL character. */
  left: number;
}

function near(text: string, start: number, end: number, rules: readonly ContextRule[]): Near {
  let before = 0;
  let after = 0;
  for (const rule of rules) {
    before = Math.max(before, rule.before ?? 48);
    after = Math.max(after, rule.after ?? 32);
  }
  const left = text.slice(Math.max(0, start - before), start).toLowerCase();
  return { lower: `${left}\u0000${text.slice(end, Math.min(text.length, end + after)).toLowerCase()}`, left: left.length };
}

function wordIn(at: Near, rule: ContextRule): string | undefined {
  const c = compiled.get(rule) ?? compiled.get(contextRules([rule])[0]!)!;
  const from = Math.max(0, at.left - (rule.before ?? 48));
  const to = at.left + 1 + (rule.after ?? 32);
  const { lower } = at;
  c.pattern.lastIndex = from;
  for (let m = c.pattern.exec(lower); m && m.index < to; m = c.pattern.exec(lower)) {
    const word = m[0];
    const end = m.index + word.length;
    if (end > to) continue;
    if (c.loose.has(word)) return word;
    const leftOk = !isWordChar(word[0]) || !isWordChar(lower[m.index - 1]);
    const rightOk = !isWordChar(word[word.length - 1]) || !isWordChar(lower[end]);
    if (leftOk && rightOk) return word;
    c.pattern.lastIndex = m.index + 1;
  }
  return undefined;
}

/**
 * The first word of `rule` standing within its window around [start, end), or undefined.
 *
 * @example
 * const rule = { words: ['tel', 'call'], delta: 0.3 };
 * contextWord('call me at 555', 11, 14, rule); // 'call'
 * contextWord('hotel 555', 6, 9, rule); // undefined
 */
export function contextWord(text: string, start: number, end: number, rule: ContextRule): string | undefined {
  return wordIn(near(text, start, end, [rule]), rule);
}

/** For each rule, the first of its words standing near the match (undefined where none). */
export function contextHits(text: string, start: number, end: number, rules: readonly ContextRule[]): (string | undefined)[] {
  const at = near(text, start, end, rules);
  return rules.map((rule) => wordIn(at, rule));
}

/** Moves the score once per rule that has a hit, recording the word (never the value). */
export function applyHits(score: Score, rules: readonly ContextRule[], hits: readonly (string | undefined)[]): void {
  rules.forEach((rule, i) => {
    const word = hits[i];
    if (word) score.context(rule.delta, `"${word}" nearby (${rule.delta > 0 ? '+' : ''}${rule.delta})`);
  });
}

/**
 * Applies context rules in order: each rule whose words occur near the match moves the score
 * once and records why (the word, never the value).
 */
export function applyContext(score: Score, text: string, start: number, end: number, rules: readonly ContextRule[]): void {
  applyHits(score, rules, contextHits(text, start, end, rules));
}

/** True when a word of a rule with positive delta stands near the match. */
export function hasPositiveContext(text: string, start: number, end: number, rules: readonly ContextRule[]): boolean {
  const positive = rules.filter((r) => r.delta > 0);
  const at = near(text, start, end, positive);
  return positive.some((r) => wordIn(at, r) !== undefined);
}

/** Words that mark a number as a business or technical identifier rather than personal data. */
export const ID_WORDS: readonly string[] = [
  'order', 'order no', 'invoice', 'tracking', 'shipment', 'parcel', 'isbn', 'sku', 'serial', 'ticket', 'case',
  'ref', 'reference', 'transaction', 'txn', 'receipt', 'confirmation', 'booking', 'reservation', 'po',
  'part', 'model', 'build', 'version', 'release', 'id', 'uuid', 'hash', 'checksum', 'timestamp', 'epoch',
  'auftrag', 'bestellung', 'rechnung', 'commande', 'facture', 'sipariş', 'fatura', 'pedido', 'factura',
  'ersatzteil', 'teil', 'teilenummer', 'artikel', 'artikelnummer', 'bestellnummer', 'seriennummer', 'modell', 'référence', 'pièce',
  'referencia', 'pieza', 'parça', 'ürün',
];
