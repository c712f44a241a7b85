import { applyEdits, type Edit, type WorkSpan } from './edits.js';
import { OBFUSCATION_TYPES, obfuscateValue, splitPoint } from './obfuscate.js';
import type { Rng } from './prng.js';
import type { Obfuscation } from './types.js';

/** A thread message while the body is assembled: bounds and where its text starts (after the header). */
export interface MessageBounds {
  start: number;
  textStart: number;
  end: number;
}

const KIND_WEIGHTS: readonly (readonly [Exclude<Obfuscation, 'none'>, number])[] = [
  ['base64', 20],
  ['homoglyph', 15],
  ['zero-width', 20],
  ['spelled-digits', 15],
  ['at-dot', 30],
  ['split', 45],
];
const SPLIT_LEADS = ['rest of it: ', 'second half: ', "cont'd ", 'and then ', '...'];

/** Share of records (with at least one value) whose values get obfuscated. */
export const OBFUSCATION_RATE = 0.25;

/**
 * The obfuscation pass, run AFTER every span is placed: picks at most one obfuscation kind for
 * the record, applies it to one or two fitting values (split: one value cut across two
 * messages of a thread), and remaps every span and message bound so each span covers its
 * obfuscated text. Returns the kind applied ('none' when nothing fit or the draw said no).
 *
 * @example
 * const out = scrambleRecord(rng, body, spans, []); // out.kind, out.body, out.spans
 */
export function scrambleRecord(rng: Rng, body: string, spans: WorkSpan[], messages: MessageBounds[]): { kind: Obfuscation; body: string; spans: WorkSpan[] } {
  if (spans.length === 0 || !rng.chance(OBFUSCATION_RATE)) return { kind: 'none', body, spans };
  const candidates = (kind: Exclude<Obfuscation, 'none'>): WorkSpan[] => fittingSpans(kind, body, spans, messages);
  const table = KIND_WEIGHTS.filter(([kind]) => candidates(kind).length > 0);
  if (table.length === 0) return { kind: 'none', body, spans };
  const kind = rng.weighted(table);
  return applyObfuscation(rng, kind, body, spans, messages, candidates(kind));
}

/** The spans whose value `kind` can obfuscate (split: a value with a later message to move to). */
export function fittingSpans(kind: Exclude<Obfuscation, 'none'>, body: string, spans: readonly WorkSpan[], messages: readonly MessageBounds[]): WorkSpan[] {
  return spans.filter((s) => {
    if (!OBFUSCATION_TYPES[kind].includes(s.type)) return false;
    if (kind === 'split') return messageOf(messages, s) < messages.length - 1;
    if (kind === 'homoglyph') return /[aceopxyiABCEHKMOPTX]/.test(body.slice(s.start, s.end));
    return true;
  });
}

/**
 * Applies `kind` to one or two values drawn from `pool` (split: one value cut across two
 * messages of the thread) and remaps every span and message bound (in place) so each span
 * covers its obfuscated text.
 *
 * @example
 * applyObfuscation(rng, 'base64', body, spans, [], fittingSpans('base64', body, spans, []));
 */
export function applyObfuscation(rng: Rng, kind: Exclude<Obfuscation, 'none'>, body: string, spans: WorkSpan[], messages: MessageBounds[], pool: readonly WorkSpan[]): { kind: Obfuscation; body: string; spans: WorkSpan[] } {
  const edits: Edit[] = [];
  if (kind === 'split') {
    const span = rng.pick(pool);
    const value = body.slice(span.start, span.end);
    const [cut, resume] = splitPoint(value, span.type !== 'SECRET');
    const head = value.slice(0, cut);
    const tail = value.slice(resume);
    const lead = rng.pick(SPLIT_LEADS);
    const next = messages[messageOf(messages, span) + 1]!;
    edits.push({ start: span.start, end: span.end, text: head, replaces: span, spans: [{ type: span.type, start: 0, end: head.length, obfuscated: true, group: 0 }] });
    edits.push({ start: next.textStart, end: next.textStart, text: `${lead}${tail}. `, spans: [{ type: span.type, start: lead.length, end: lead.length + tail.length, obfuscated: true, group: 0 }] });
  } else {
    const count = pool.length > 1 && rng.chance(0.35) ? 2 : 1;
    const chosen = new Set<WorkSpan>();
    while (chosen.size < count) chosen.add(rng.pick(pool));
    for (const span of chosen) {
      const text = obfuscateValue(kind, body.slice(span.start, span.end), rng);
      edits.push({ start: span.start, end: span.end, text, replaces: span, spans: [{ type: span.type, start: 0, end: text.length, obfuscated: true }] });
    }
  }
  const points = messages.flatMap((m) => [m.start, m.textStart, m.end]);
  const out = applyEdits(body, spans, edits, points);
  messages.forEach(function remap(m, i) {
    m.start = points[3 * i]!;
    m.textStart = points[3 * i + 1]!;
    m.end = points[3 * i + 2]!;
  });
  return { kind, body: out.body, spans: out.spans };
}

function messageOf(messages: readonly MessageBounds[], span: WorkSpan): number {
  for (let i = 0; i < messages.length; i++) if (span.start >= messages[i]!.textStart && span.end <= messages[i]!.end) return i;
  return messages.length;
}
