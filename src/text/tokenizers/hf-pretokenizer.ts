import { GPT2_PATTERN, compilePattern, forEachSplit, translatePattern } from './pattern.js';
import { assertSafePattern } from './pattern-safety.js';
import { invalid, objectAt, stringAt } from './hf-normalizer.js';

/** How a Split pre-tokenizer treats the matched delimiters (Hugging Face `behavior`). */
type Behavior = 'Isolated' | 'Removed' | 'MergedWithPrevious' | 'MergedWithNext' | 'Contiguous';
const BEHAVIORS: readonly Behavior[] = ['Isolated', 'Removed', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'];

type Step =
  | { kind: 'byte-level'; addPrefixSpace: boolean; regex: RegExp | undefined }
  | { kind: 'split'; regex: RegExp; behavior: Behavior; invert: boolean };

/**
 * The `pre_tokenizer` of a byte-level tokenizer.json: a list of steps, each splitting every
 * piece the previous one produced. Supported: ByteLevel, Split (regex or string pattern, every
 * behaviour, invert), Digits, Sequence. The ByteLevel byte mapping itself is done by the model,
 * which works on UTF-8 bytes directly.
 */
export class PreTokenizer {
  readonly hasByteLevel: boolean;
  private steps: Step[];

  constructor(spec: unknown, file: string) {
    this.steps = [];
    if (spec !== null && spec !== undefined) collect(spec, 'pre_tokenizer', file, this.steps);
    this.hasByteLevel = this.steps.some((s) => s.kind === 'byte-level');
    // A ByteLevel step without regex or prefix space changes nothing here (the model maps bytes).
    this.steps = this.steps.filter((s) => s.kind !== 'byte-level' || s.regex !== undefined || s.addPrefixSpace);
  }

  /** Calls `onPiece` with every final piece of `text`, in order. */
  forEach(text: string, onPiece: (piece: string) => void): void {
    this.apply(text, 0, onPiece);
  }

  private apply(text: string, index: number, onPiece: (piece: string) => void): void {
    if (text.length === 0) return;
    const step = this.steps[index];
    if (!step) {
      onPiece(text);
      return;
    }
    const next = index === this.steps.length - 1 ? onPiece : (piece: string) => this.apply(piece, index + 1, onPiece);
    if (step.kind === 'byte-level') {
      const input = step.addPrefixSpace && !text.startsWith(' ') ? ` ${text}` : text;
      if (!step.regex) next(input);
      else forEachSplit(step.regex, input, (s, e) => next(input.slice(s, e)));
      return;
    }
    if (step.behavior === 'Isolated' && !step.invert) {
      // The common case (GPT-4/Llama-3 style patterns): pieces straight from the matcher.
      forEachSplit(step.regex, text, (s, e) => next(text.slice(s, e)));
      return;
    }
    splitPieces(step, text, next);
  }
}

function splitPieces(step: Extract<Step, { kind: 'split' }>, text: string, emit: (piece: string) => void): void {
  const spans: { s: number; e: number; match: boolean }[] = [];
  forEachSplit(step.regex, text, (s, e, matched) => spans.push({ s, e, match: matched !== step.invert }));
  switch (step.behavior) {
    case 'Isolated':
      for (const span of spans) emit(text.slice(span.s, span.e));
      return;
    case 'Removed':
      for (const span of spans) if (!span.match) emit(text.slice(span.s, span.e));
      return;
    case 'Contiguous': {
      let i = 0;
      while (i < spans.length) {
        let j = i;
        if (spans[i]!.match) while (j + 1 < spans.length && spans[j + 1]!.match) j++;
        emit(text.slice(spans[i]!.s, spans[j]!.e));
        i = j + 1;
      }
      return;
    }
    case 'MergedWithPrevious': {
      let pending: { s: number; e: number } | undefined;
      for (const span of spans) {
        if (!span.match) {
          if (pending) emit(text.slice(pending.s, pending.e));
          pending = span;
        } else if (pending) {
          emit(text.slice(pending.s, span.e));
          pending = undefined;
        } else {
          emit(text.slice(span.s, span.e));
        }
      }
      if (pending) emit(text.slice(pending.s, pending.e));
      return;
    }
    case 'MergedWithNext': {
      let pending: { s: number; e: number } | undefined;
      for (const span of spans) {
        if (span.match) {
          if (pending) emit(text.slice(pending.s, pending.e));
          pending = span;
        } else if (pending) {
          emit(text.slice(pending.s, span.e));
          pending = undefined;
        } else {
          emit(text.slice(span.s, span.e));
        }
      }
      if (pending) emit(text.slice(pending.s, pending.e));
      return;
    }
  }
}

function collect(spec: unknown, field: string, file: string, steps: Step[]): void {
  const node = objectAt(spec, field, file);
  switch (node.type) {
    case 'ByteLevel':
      steps.push({
        kind: 'byte-level',
        addPrefixSpace: node.add_prefix_space === true,
        regex: node.use_regex === false ? undefined : compilePattern(GPT2_PATTERN, `${file}: ${field} (GPT-2 pattern)`),
      });
      return;
    case 'Split': {
      const pattern = objectAt(node.pattern, `${field}.pattern`, file);
      const behavior = node.behavior ?? 'Isolated';
      if (!BEHAVIORS.includes(behavior as Behavior)) throw invalid(file, `${field}.behavior "${String(behavior)}" is not one of ${BEHAVIORS.join(', ')}`);
      const regex =
        typeof pattern.String === 'string'
          ? new RegExp(escapeLiteral(pattern.String), 'gu')
          : safePattern(stringAt(pattern.Regex, `${field}.pattern.Regex`, file), `${file}: ${field}.pattern.Regex`);
      steps.push({ kind: 'split', regex, behavior: behavior as Behavior, invert: node.invert === true });
      return;
    }
    case 'Digits':
      steps.push({ kind: 'split', regex: node.individual_digits === true ? /\p{N}/gu : /\p{N}+/gu, behavior: 'Isolated', invert: false });
      return;
    case 'Sequence': {
      const list = node.pretokenizers;
      if (!Array.isArray(list)) throw invalid(file, `${field}.pretokenizers must be a list`);
      list.forEach((child, i) => collect(child, `${field}.pretokenizers[${i}]`, file, steps));
      return;
    }
    default:
      throw invalid(file, `${field}.type "${String(node.type)}" is not supported (supported: ByteLevel, Split, Digits, Sequence)`);
  }
}

function escapeLiteral(text: string): string {
  if (text.length === 0) return '(?!)';
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** A user's Split pattern: compiled, then proven free of catastrophic backtracking. */
function safePattern(pattern: string, where: string): RegExp {
  const regex = compilePattern(pattern, where);
  assertSafePattern(translatePattern(pattern, where), where);
  return regex;
}
