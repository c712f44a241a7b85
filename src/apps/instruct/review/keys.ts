/**
 * The review UI's key handling as a pure state machine: (state, key) -> (state, effect). It
 * knows nothing of terminals or stores, so every shortcut is unit-tested without either; the
 * session applies the effects and the screen draws the state.
 */
import type { RatingField } from './types.js';

/** A key as node:readline's emitKeypressEvents reports it. */
export interface Key {
  name?: string | undefined;
  sequence?: string | undefined;
  ctrl?: boolean | undefined;
  meta?: boolean | undefined;
  shift?: boolean | undefined;
}

export type PromptKind = 'note' | 'jump' | 'filter';

export interface UiState {
  mode: 'browse' | 'help' | 'rate-field' | 'rate-value' | 'prompt';
  prompt: { kind: PromptKind; text: string } | null;
  rateField: RatingField | null;
  /** First body line shown; the screen clamps it to the body's length. */
  scroll: number;
  /** The active filter expression (`domain:X source:Y status:Z`), '' for none. */
  filter: string;
  /** One line of feedback under the body; cleared by the next key. */
  message: string;
}

export type Effect =
  | { type: 'decide'; status: 'approved' | 'rejected' | 'skipped' }
  | { type: 'edit' }
  | { type: 'rate'; field: RatingField; value: number }
  | { type: 'note'; text: string }
  | { type: 'undo' }
  | { type: 'move'; delta: number }
  | { type: 'jump'; target: string }
  | { type: 'filter'; expr: string }
  | { type: 'quit' };

export interface KeyResult {
  state: UiState;
  effect?: Effect;
}

/** Longest prompt input (notes, ids, filters), in characters. */
export const MAX_PROMPT = 2000;
/** Lines one scroll key moves the body by. */
export const SCROLL_STEP = 5;

export function initialState(filter = ''): UiState {
  return { mode: 'browse', prompt: null, rateField: null, scroll: 0, filter, message: '' };
}

const RATE_KEYS: Record<string, RatingField> = { r: 'relevance', a: 'accuracy', c: 'completeness' };
const PROMPT_TITLES: Record<PromptKind, string> = { note: 'note', jump: 'go to (number or id)', filter: 'filter (domain:X source:Y status:Z, empty clears)' };

export function promptTitle(kind: PromptKind): string {
  return PROMPT_TITLES[kind];
}

function browse(state: UiState, message = ''): UiState {
  return { ...state, mode: 'browse', prompt: null, rateField: null, message };
}

/** A printable character typed into a prompt (not a control key or an escape sequence). */
function printable(key: Key): string | undefined {
  const s = key.sequence;
  if (key.ctrl || key.meta || s === undefined || s.length !== 1) return undefined;
  return s >= ' ' && s !== '\u007f' ? s : undefined;
}

function browseKey(state: UiState, key: Key): KeyResult {
  const s = { ...state, message: '' };
  const name = key.name ?? key.sequence ?? '';
  if (key.sequence === 'R' || (name === 'r' && key.shift)) return { state: { ...s, mode: 'rate-field', message: 'rate: r relevance, a accuracy, c completeness (Esc cancels)' } };
  if (key.sequence === '?') return { state: { ...s, mode: 'help' } };
  switch (name) {
    case 'a':
      return { state: s, effect: { type: 'decide', status: 'approved' } };
    case 'r':
      return { state: s, effect: { type: 'decide', status: 'rejected' } };
    case 's':
      return { state: s, effect: { type: 'decide', status: 'skipped' } };
    case 'e':
      return { state: s, effect: { type: 'edit' } };
    case 'u':
      return { state: s, effect: { type: 'undo' } };
    case 'q':
      return { state: s, effect: { type: 'quit' } };
    case 'n':
      return { state: { ...s, mode: 'prompt', prompt: { kind: 'note', text: '' } } };
    case 'g':
      return { state: { ...s, mode: 'prompt', prompt: { kind: 'jump', text: '' } } };
    case 'f':
      return { state: { ...s, mode: 'prompt', prompt: { kind: 'filter', text: state.filter } } };
    case 'j':
    case 'down':
    case 'right':
      return { state: { ...s, scroll: 0 }, effect: { type: 'move', delta: 1 } };
    case 'k':
    case 'up':
    case 'left':
      return { state: { ...s, scroll: 0 }, effect: { type: 'move', delta: -1 } };
    case 'space':
    case 'pagedown':
      return { state: { ...s, scroll: state.scroll + SCROLL_STEP } };
    case 'b':
    case 'pageup':
      return { state: { ...s, scroll: Math.max(0, state.scroll - SCROLL_STEP) } };
    case 'escape':
      return { state: s };
    default:
      return { state: { ...s, message: `unknown key "${printable(key) ?? name}": press ? for help` } };
  }
}

function promptKey(state: UiState, key: Key): KeyResult {
  const prompt = state.prompt!;
  if (key.name === 'escape') return { state: browse(state, `${prompt.kind} cancelled`) };
  if (key.name === 'return' || key.name === 'enter') {
    const text = prompt.text;
    const next = browse(state);
    if (prompt.kind === 'note') return { state: next, effect: { type: 'note', text } };
    if (prompt.kind === 'jump') return text.trim() === '' ? { state: next } : { state: { ...next, scroll: 0 }, effect: { type: 'jump', target: text.trim() } };
    return { state: { ...next, scroll: 0 }, effect: { type: 'filter', expr: text.trim() } };
  }
  if (key.name === 'backspace') return { state: { ...state, prompt: { ...prompt, text: prompt.text.slice(0, -1) } } };
  const ch = printable(key);
  if (ch === undefined || prompt.text.length >= MAX_PROMPT) return { state };
  return { state: { ...state, prompt: { ...prompt, text: prompt.text + ch } } };
}

/**
 * The next state and the effect (if any) of one key press.
 *
 * @example
 * handleKey(initialState(), { name: 'a', sequence: 'a' }).effect; // { type: 'decide', status: 'approved' }
 */
export function handleKey(state: UiState, key: Key): KeyResult {
  if (key.ctrl && (key.name === 'c' || key.name === 'd')) return { state: browse(state), effect: { type: 'quit' } };
  switch (state.mode) {
    case 'help':
      return { state: browse(state) };
    case 'prompt':
      return promptKey(state, key);
    case 'rate-field': {
      if (key.name === 'escape') return { state: browse(state, 'rating cancelled') };
      const field = RATE_KEYS[key.name ?? ''];
      if (!field || key.shift) return { state: { ...state, message: 'rate which? r relevance, a accuracy, c completeness (Esc cancels)' } };
      return { state: { ...state, mode: 'rate-value', rateField: field, message: `${field}: press 1 (poor) to 5 (excellent), Esc cancels` } };
    }
    case 'rate-value': {
      if (key.name === 'escape') return { state: browse(state, 'rating cancelled') };
      const value = Number(key.sequence);
      if (!/^[1-5]$/.test(key.sequence ?? '')) return { state: { ...state, message: `${state.rateField}: press 1 to 5, Esc cancels` } };
      return { state: browse(state), effect: { type: 'rate', field: state.rateField!, value } };
    }
    default:
      return browseKey(state, key);
  }
}

/** The help screen's lines. */
export const HELP_LINES: readonly string[] = [
  'Keys',
  '  a  approve            r  reject             s  skip (decide later)',
  '  e  edit instruction, response and domains in $EDITOR',
  '  R  rate: then r relevance / a accuracy / c completeness, then 1-5',
  '  n  note (Enter saves, empty clears)   u  undo your last action',
  '  j / Down / Right  next     k / Up / Left  previous',
  '  Space / PgDn  scroll down    b / PgUp  scroll up',
  '  g  go to item number or id',
  '  f  filter: domain:X source:Y status:pending|approved|rejected|skipped|changed',
  '     (terms combine with AND; empty filter shows everything)',
  '  ?  this help          q  quit (every action is already saved)',
  '',
  'Press any key to return.',
];
