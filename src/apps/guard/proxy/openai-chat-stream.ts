import { combine, type Outcome } from './context.js';
import { DeltaTemplate } from './delta-template.js';
import type { SseTransformer } from './forward.js';
import { BLOCK_FINISH_REASON, blockText, isObject, type ChoiceShape, type Json } from './openai-chat.js';
import type { SseEvent } from './sse.js';
import type { StreamGuard, StreamSummary } from './stream-guard.js';
import { judgeStreamedArguments } from './tool-args.js';

/** Streaming chat completions and legacy completions (`data: {chunk}` ... `data: [DONE]`). */

/**
 * Takes the tool-call (and legacy function_call) pieces out of a streamed delta into the
 * choice's held calls: they leave judged, whole, when the choice finishes (see tool-args.ts).
 */
function holdCalls(state: ChoiceState, delta: Json): void {
  if (Array.isArray(delta.tool_calls)) {
    for (const call of delta.tool_calls) {
      if (!isObject(call) || typeof call.index !== 'number') continue;
      const held = state.tools.get(call.index) ?? { name: '', args: '' };
      if (call.id !== undefined) held.id = call.id;
      if (call.type !== undefined) held.type = call.type;
      const fn = isObject(call.function) ? call.function : {};
      if (typeof fn.name === 'string') held.name += fn.name;
      if (typeof fn.arguments === 'string') held.args += fn.arguments;
      state.tools.set(call.index, held);
    }
    delete delta.tool_calls;
  }
  if (isObject(delta.function_call)) {
    const held = state.tools.get(-1) ?? { name: '', args: '' };
    if (typeof delta.function_call.name === 'string') held.name += delta.function_call.name;
    if (typeof delta.function_call.arguments === 'string') held.args += delta.function_call.arguments;
    state.tools.set(-1, held);
    delete delta.function_call;
  }
}

/** One streamed tool call (or the legacy function_call, index -1) held until its choice finishes. */
interface HeldCall {
  id?: unknown;
  type?: unknown;
  name: string;
  args: string;
}

interface ChoiceState {
  guard: StreamGuard;
  tools: Map<number, HeldCall>;
  /** Text delivered to the client so far. */
  sent: string;
  closed: boolean;
}

/**
 * Streams `choices[]` chunks through one StreamGuard per choice index. Text deltas are collected
 * per network read and the released text leaves in one chunk per choice at `flush()`; a choice's
 * finish chunk follows its last text. A blocked choice ends with the safe message and a
 * `content_filter` finish chunk; nothing more of it is sent. Logprobs are dropped from streamed
 * chunks (their tokens would show text before it is judged). Tool calls are held until their
 * choice finishes and leave judged, whole, in one chunk; other fields pass through. When every choice is closed after a block, the upstream is read on only for the
 * usage chunk (stream_options.include_usage), then `[DONE]` closes. Plain text chunks like the
 * first one are recognised by a DeltaTemplate without a full parse.
 */
export class ChoicesTransformer implements SseTransformer {
  readonly protocol = 'openai' as const;
  finished = false;
  blocked = false;
  private readonly choices = new Map<number, ChoiceState>();
  private template: Json = {};
  private hasUsageField = false;
  private usageSeen = false;
  private doneSent = false;
  private modelName: string | null = null;
  private readonly expected: number;
  private readonly wantsUsage: boolean;
  private readonly summaries: StreamSummary[] = [];
  /** Plain text chunks of one choice, recognised without JSON.parse (learned from the first one). */
  private readonly fast = new DeltaTemplate();
  private fastIndex = -1;

  constructor(
    request: Json,
    private readonly shape: ChoiceShape,
    private readonly newGuard: (executable?: boolean) => StreamGuard,
    private readonly blockMessage: string,
  ) {
    this.expected = typeof request.n === 'number' && request.n > 1 ? Math.min(128, Math.floor(request.n)) : 1;
    this.wantsUsage = isObject(request.stream_options) && request.stream_options.include_usage === true;
  }

  onEvent(event: SseEvent): SseEvent[] {
    if (this.doneSent) return [];
    if (this.fastIndex !== -1) {
      const text = this.fast.match(event.data);
      if (text !== undefined) {
        const state = this.choices.get(this.fastIndex);
        if (state && !state.closed) state.guard.append(text);
        return [];
      }
    }
    if (event.data.trim() === '[DONE]') return this.close();
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      // An event the guard cannot read cannot be judged: it is dropped, never passed on (fail closed).
      return [];
    }
    if (!isObject(chunk) || !Array.isArray(chunk.choices)) {
      // An error object mid-stream ends the stream on the client; anything else passes.
      if (isObject(chunk) && chunk.error !== undefined) this.finished = true;
      return [event];
    }
    const { choices, usage, ...template } = chunk;
    this.template = template;
    if (typeof template.model === 'string') this.modelName = template.model;
    if ('usage' in chunk) this.hasUsageField = true;
    if (isObject(usage)) this.usageSeen = true;
    const out: SseEvent[] = [];
    const kept: Json[] = [];
    for (const choice of choices) {
      if (!isObject(choice) || typeof choice.index !== 'number') continue;
      const index = choice.index;
      const state = this.state(index);
      if (state.closed) continue;
      const plain = choices.length === 1 && choice.logprobs == null && usage == null;
      choice.logprobs = null;
      const delta = this.shape.delta(choice);
      if (delta !== undefined) state.guard.append(delta);
      if (isObject(choice.delta)) holdCalls(state, choice.delta);
      if (choice.finish_reason == null) {
        // The text leaves at flush(), judged together with the rest of this read.
        if (delta !== undefined) this.shape.setDelta(choice, '');
        if (this.shape.hasOther(choice)) kept.push(choice);
        else if (plain && delta && this.fastIndex === -1) this.learn(event.data, index, delta);
        continue;
      }
      // At its finish the text still held is judged and leaves ahead of the finish chunk.
      const text = state.guard.end();
      if (text) state.sent += text;
      const calls = state.guard.blocked ? null : this.judgeCalls(index, state);
      if (calls === null) {
        out.push(...this.flushKept(kept));
        if (text) out.push(this.chunk([this.shape.textChoice(index, text)]));
        out.push(...this.blockChoice(index, state));
        continue;
      }
      state.closed = true;
      this.summaries.push(state.guard.summary());
      if (delta !== undefined) this.shape.setDelta(choice, '');
      if (text || calls.length > 0) out.push(...this.flushKept(kept));
      if (text) out.push(this.chunk([this.shape.textChoice(index, text)]));
      out.push(...calls);
      kept.push(choice);
    }
    out.push(...this.flushKept(kept));
    if (isObject(usage)) out.push({ data: JSON.stringify({ ...template, choices: [], usage }) });
    out.push(...this.closeIfDone());
    return out;
  }

  flush(): SseEvent[] {
    if (this.doneSent) return [];
    const out: SseEvent[] = [];
    for (const [index, state] of this.choices) {
      if (state.closed) continue;
      const text = state.guard.release();
      if (text) {
        state.sent += text;
        out.push(this.chunk([this.shape.textChoice(index, text)]));
      }
      if (state.guard.blocked) out.push(...this.blockChoice(index, state));
    }
    out.push(...this.closeIfDone());
    return out;
  }

  onEnd(): SseEvent[] {
    this.finished = true;
    return this.close();
  }

  outcome(): Outcome {
    const open = [...this.choices.values()].filter((s) => !s.closed).map((s) => s.guard.summary());
    return combine([...this.summaries, ...open]);
  }

  model(): string | null {
    return this.modelName;
  }

  private state(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { guard: this.newGuard(), tools: new Map(), sent: '', closed: false };
      this.choices.set(index, state);
    }
    return state;
  }

  /** After a block, once every choice is closed and the usage (if asked for) went out: `[DONE]`. */
  private closeIfDone(): SseEvent[] {
    if (!this.blocked || !this.allClosed() || (this.wantsUsage && !this.usageSeen)) return [];
    this.finished = true;
    return this.close();
  }

  /** Learns the plain text chunk of `index` (its siblings then skip JSON.parse). */
  private learn(data: string, index: number, text: string): void {
    const shape = this.shape;
    // The probe must land where the shape reads the text (not in some other string field).
    const check = (probe: string): unknown => {
      const choice = (JSON.parse(probe) as { choices?: unknown[] }).choices?.[0];
      return isObject(choice) ? shape.delta(choice) : undefined;
    };
    if (this.fast.learn(data, shape.key, text, check)) this.fastIndex = index;
  }

  private allClosed(): boolean {
    if (this.choices.size < this.expected) return false;
    return [...this.choices.values()].every((s) => s.closed);
  }

  /** Judges what every open choice still holds, then `[DONE]` (once). */
  private close(): SseEvent[] {
    if (this.doneSent) return [];
    const out: SseEvent[] = [];
    for (const [index, state] of this.choices) {
      if (state.closed) continue;
      const rest = state.guard.end();
      const calls = state.guard.blocked ? null : this.judgeCalls(index, state);
      if (calls === null) {
        out.push(...this.blockChoice(index, state));
        continue;
      }
      state.closed = true;
      this.summaries.push(state.guard.summary());
      if (rest) {
        state.sent += rest;
        out.push(this.chunk([this.shape.textChoice(index, rest)]));
      }
      out.push(...calls);
    }
    this.doneSent = true;
    out.push({ data: '[DONE]' });
    return out;
  }

  /**
   * The held tool calls of a finishing choice, each judged whole: one chunk carrying them all
   * (id, type, name and complete arguments per call), or null when one is blocked.
   */
  private judgeCalls(index: number, state: ChoiceState): SseEvent[] | null {
    if (state.tools.size === 0) return [];
    const calls: Json[] = [];
    let legacy: Json | undefined;
    for (const [at, held] of [...state.tools].sort((a, b) => a[0] - b[0])) {
      const judged = judgeStreamedArguments(held.args, this.newGuard);
      this.summaries.push(...judged.summaries);
      if (judged.blocked) return null;
      const fn = { name: held.name, arguments: judged.arguments ?? '' };
      if (at < 0) legacy = fn;
      else calls.push({ index: at, ...(held.id !== undefined ? { id: held.id } : {}), ...(held.type !== undefined ? { type: held.type } : {}), function: fn });
    }
    state.tools.clear();
    const delta: Json = { ...(calls.length > 0 ? { tool_calls: calls } : {}), ...(legacy ? { function_call: legacy } : {}) };
    return [this.chunk([{ index, delta, logprobs: null, finish_reason: null }])];
  }

  private blockChoice(index: number, state: ChoiceState): SseEvent[] {
    this.blocked = true;
    state.closed = true;
    this.summaries.push(state.guard.summary());
    const text = blockText(state.sent, this.blockMessage);
    state.sent += text;
    return [this.chunk([this.shape.textChoice(index, text)]), this.chunk([this.shape.finishChoice(index, BLOCK_FINISH_REASON)])];
  }

  private flushKept(kept: Json[]): SseEvent[] {
    if (kept.length === 0) return [];
    const event = this.chunk(kept.splice(0));
    return [event];
  }

  private chunk(choices: Json[]): SseEvent {
    return { data: JSON.stringify({ ...this.template, choices, ...(this.hasUsageField ? { usage: null } : {}) }) };
  }
}
