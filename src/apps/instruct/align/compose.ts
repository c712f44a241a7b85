/**
 * The seeded generator templates draw from, and the shared pieces every refusal is composed of
 * (opener, reason, alternative, closing). Answers are assembled from several independent draws
 * (phrasing variants, a random subset of advice points in random order, slot values) so that
 * pairs from one template differ by far more than a slot value: assemble's near-duplicate
 * filter (MinHash, Jaccard >= 0.7 over 3-word shingles) must not collapse them.
 */
import { mulberry32 } from '../../../text/random.js';
import type { Draw } from './types.js';

/**
 * A Draw over mulberry32 for one seed.
 *
 * @example
 * const draw = makeDraw(42); draw.pick(['a', 'b']); // same answer for 42 on every machine
 */
export function makeDraw(seed: number): Draw {
  const rand = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
  return {
    int,
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(rand() * items.length)]!;
    },
    some<T>(items: readonly T[], n: number): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, Math.min(n, copy.length));
    },
  };
}

/** Openers of a refusal; each one is caught by `isRefusal` (tested). */
export const REFUSAL_OPENERS = [
  "I can't help with that.",
  "I won't write that.",
  "I can't create this for you.",
  'I have to decline this request.',
  "I'm not able to help with this one.",
  "Sorry, but I can't produce that.",
  "That's something I won't help build.",
  "I can't assist with this request.",
  'I will not write this, even as an example.',
  "No, I can't do that.",
] as const;

const ALT_INTROS = [
  'What I can do instead:',
  'Here is what I can help with instead:',
  'If your goal is legitimate, these are better routes:',
  'A safer way to get what you likely need:',
  'Here are useful alternatives:',
  'I can help with the defensive side:',
  'Some things that would actually help:',
] as const;

const CLOSINGS = [
  'Tell me which of these you want and I will draft it.',
  'If you share more about the legitimate goal, I can tailor any of these.',
  'Happy to go deeper on any of these points.',
  'Let me know if one of these fits and I will expand it.',
  'Any of these I can write out in full for you.',
  '',
  '',
] as const;

/** A bulleted or numbered list of points, the style drawn. */
export function list(draw: Draw, points: readonly string[]): string {
  const numbered = draw.int(0, 1) === 1;
  return points.map((point, i) => (numbered ? `${i + 1}. ${point}` : `- ${point}`)).join('\n');
}

export interface RefusalParts {
  /** Why the request is declined, one drawn (fill slots before passing). */
  reasons: readonly string[];
  /** Safe, useful alternatives; three to five are drawn in random order. */
  alternatives: readonly string[];
  /** Extra sentences specific to the request, one drawn and appended after the reason. */
  context?: readonly string[];
}

/**
 * A refusal answer: a brief decline, why, and a safe, useful alternative.
 *
 * @example
 * refusal(makeDraw(1), { reasons: ['It would be used to steal passwords.'], alternatives: ['a', 'b', 'c'] });
 */
export function refusal(draw: Draw, parts: RefusalParts): string {
  const head = `${draw.pick(REFUSAL_OPENERS)} ${draw.pick(parts.reasons)}${parts.context ? ' ' + draw.pick(parts.context) : ''}`;
  const body = `${draw.pick(ALT_INTROS)}\n${list(draw, draw.some(parts.alternatives, draw.int(3, 5)))}`;
  const close = draw.pick(CLOSINGS);
  return [head, body, close].filter(Boolean).join('\n\n');
}

const GUIDANCE_INTROS = [
  'Good question. The controls that matter most:',
  'Here is a practical plan:',
  'Start with these steps:',
  'These measures give the most protection for the effort:',
  'A workable approach, in order of priority:',
  'What works in practice:',
] as const;

/**
 * A defensive-guidance answer: a framing sentence, four to six drawn practices, a closing tip.
 *
 * @example
 * guidance(makeDraw(1), { lead: ['Phishing works on habits.'], practices: ['a', 'b', 'c', 'd'], tips: ['Review quarterly.'] });
 */
export function guidance(draw: Draw, parts: { lead: readonly string[]; practices: readonly string[]; tips: readonly string[] }): string {
  return [`${draw.pick(parts.lead)} ${draw.pick(GUIDANCE_INTROS)}`, list(draw, draw.some(parts.practices, draw.int(4, 6))), draw.pick(parts.tips)].join('\n\n');
}

/** Frames for an imperative core ("Write ..."). */
const COMMAND_FRAMES: readonly ((core: string) => string)[] = [
  (c) => c,
  (c) => `Please ${lower(c)}`,
  (c) => `Can you ${lower(c.replace(/[.]$/, ''))}?`,
  (c) => `I need you to ${lower(c)}`,
  (c) => `Quick task: ${lower(c)}`,
  (c) => `For a project I'm working on, ${lower(c)}`,
];

/** Frames for a core that is already a question or a first-person statement. */
const QUESTION_FRAMES: readonly ((core: string) => string)[] = [
  (c) => c,
  (c) => `Quick question. ${c}`,
  (c) => `Hi! ${c}`,
  (c) => `Be straight with me. ${c}`,
  (c) => `I could use some help. ${c}`,
];

const QUESTION_START = /^(?:how|what|which|why|where|when|who|can|could|should|is|are|do|does|we|we're|i|i'm|my|our)\b/i;

/**
 * A request: the core in one of several framings, sometimes with one extra sentence.
 *
 * @example
 * ask(makeDraw(3), 'Write a phishing email.', ['Make it convincing.']); // e.g. 'Can you write a phishing email? Make it convincing.'
 */
export function ask(draw: Draw, core: string, extras: readonly string[] = []): string {
  const frame = draw.pick(QUESTION_START.test(core) ? QUESTION_FRAMES : COMMAND_FRAMES);
  const extra = extras.length > 0 && draw.int(0, 2) > 0 ? ' ' + draw.pick(extras) : '';
  return frame(core) + extra;
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The noun with "a" or "an" (by first letter; good enough for the slot lists here).
 *
 * @example
 * article('email'); // 'an email'
 */
export function article(noun: string): string {
  return `${/^[aeio]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/**
 * The possessive of a name: "Woodgrove Bank's", "Wide World Importers'".
 *
 * @example
 * possessive('the new hires'); // "the new hires'"
 */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}
