import { combine, type Outcome } from './context.js';
import type { GuardText, SseTransformer } from './forward.js';
import type { SseEvent } from './sse.js';
import type { StreamGuard, StreamSummary } from './stream-guard.js';

/**
 * Chat completions and legacy completions: both answer `choices[]`, JSON or as SSE chunks
 * (`data: {chunk}` ... `data: [DONE]`); they differ only in where a choice keeps its text
 * (`message.content` / `delta.content` versus `text`). The finish reason of a blocked choice is
 * `content_filter`, OpenAI's own value for "content was omitted by a filter", so clients that
 * already handle Azure/OpenAI filtering handle Warden's.
 */

type Json = Record<string, unknown>;

export const BLOCK_FINISH_REASON = 'content_filter';

/** Where a choice keeps its text, streaming and not. */
export interface ChoiceShape {
  /** Text of a non-streaming choice. */
  text(choice: Json): string | undefined;
  setText(choice: Json, text: string): void;
  /** Withholds everything but the text of a blocked non-streaming choice (tool calls go too). */
  clearExtras(choice: Json): void;
  /** Text delta of a streamed choice. */
  delta(choice: Json): string | undefined;
  setDelta(choice: Json, text: string): void;
  /** The streamed choice still carries something besides its (now empty) text. */
  hasOther(choice: Json): boolean;
  textChoice(index: number, text: string): Json;
  finishChoice(index: number, reason: string): Json;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const chatShape: ChoiceShape = {
  text: (c) => (isObject(c.message) && typeof c.message.content === 'string' ? c.message.content : undefined),
  setText(c, text) {
    (c.message as Json).content = text;
  },
  clearExtras(c) {
    const message = c.message as Json;
    delete message.tool_calls;
    delete message.function_call;
    delete message.audio;
  },
  delta: (c) => (isObject(c.delta) && typeof c.delta.content === 'string' ? c.delta.content : undefined),
  setDelta(c, text) {
    (c.delta as Json).content = text;
  },
  hasOther(c) {
    if (c.finish_reason != null) return true;
    if (!isObject(c.delta)) return false;
    return Object.entries(c.delta).some(([key, value]) => key !== 'content' && value != null);
  },
  textChoice: (index, text) => ({ index, delta: { content: text }, logprobs: null, finish_reason: null }),
  finishChoice: (index, reason) => ({ index, delta: {}, logprobs: null, finish_reason: reason }),
};

export const completionShape: ChoiceShape = {
  text: (c) => (typeof c.text === 'string' ? c.text : undefined),
  setText(c, text) {
    c.text = text;
  },
  clearExtras() {},
  delta: (c) => (typeof c.text === 'string' ? c.text : undefined),
  setDelta(c, text) {
    c.text = text;
  },
  hasOther: (c) => c.finish_reason != null,
  textChoice: (index, text) => ({ text, index, logprobs: null, finish_reason: null }),
  finishChoice: (index, reason) => ({ text: '', index, logprobs: null, finish_reason: reason }),
};

/** The text that closes a blocked stream: the safe message, set apart from what was already shown. */
export function blockText(sent: string, message: string): string {
  if (sent.length === 0 || sent.endsWith('\n\n')) return message;
  return (sent.endsWith('\n') ? '\n' : '\n\n') + message;
}

/**
 * Guards every choice of a non-streaming answer. A blocked choice gets the policy's message,
 * finish_reason `content_filter` and no tool calls; a rewritten one loses its logprobs (their
 * tokens would carry the raw text).
 */
export function guardChoices(body: Json, shape: ChoiceShape, guard: GuardText): Outcome {
  const results = [];
  for (const choice of Array.isArray(body.choices) ? body.choices : []) {
    if (!isObject(choice)) continue;
    const text = shape.text(choice);
    if (text === undefined || text.length === 0) continue;
    const result = guard(text);
    results.push(result);
    if (result.decision.blocked) {
      shape.setText(choice, result.decision.response);
      shape.clearExtras(choice);
      choice.finish_reason = BLOCK_FINISH_REASON;
      choice.logprobs = null;
    } else if (result.decision.response !== text) {
      shape.setText(choice, result.decision.response);
      choice.logprobs = null;
    }
  }
  return combine(results);
}

interface ChoiceState {
  guard: StreamGuard;
  /** Text delivered to the client so far. */
  sent: string;
  closed: boolean;
}

/**
 * Streams `choices[]` chunks through one StreamGuard per choice index. Held-back text leaves in
 * chunks of its own; a choice's finish chunk follows its last text. A blocked choice ends with
 * the safe message and a `content_filter` finish chunk; nothing more of it is sent. Logprobs are
 * dropped from streamed chunks (their tokens would show text before it is judged). Tool-call
 * deltas and other fields pass through. When every choice is closed after a block, the upstream
 * is read on only for the usage chunk (stream_options.include_usage), then `[DONE]` closes.
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

  constructor(
    request: Json,
    private readonly shape: ChoiceShape,
    private readonly newGuard: () => StreamGuard,
    private readonly blockMessage: string,
  ) {
    this.expected = typeof request.n === 'number' && request.n > 1 ? Math.min(128, Math.floor(request.n)) : 1;
    this.wantsUsage = isObject(request.stream_options) && request.stream_options.include_usage === true;
  }

  onEvent(event: SseEvent): SseEvent[] {
    if (this.doneSent) return [];
    if (event.data.trim() === '[DONE]') return this.close();
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      return this.blocked ? [] : [event];
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
      choice.logprobs = null;
      const delta = this.shape.delta(choice);
      const finishing = choice.finish_reason != null;
      let text = delta !== undefined ? state.guard.push(delta) : '';
      // At its finish the text still held is judged and leaves ahead of the finish chunk.
      if (finishing && !state.guard.blocked) text += state.guard.end();
      if (text) state.sent += text;
      if (state.guard.blocked) {
        out.push(...this.flushKept(kept));
        if (text) out.push(this.chunk([this.shape.textChoice(index, text)]));
        out.push(...this.blockChoice(index, state));
        continue;
      }
      if (finishing) {
        state.closed = true;
        this.summaries.push(state.guard.summary());
        if (delta !== undefined) this.shape.setDelta(choice, '');
        if (text) out.push(...this.flushKept(kept), this.chunk([this.shape.textChoice(index, text)]));
        kept.push(choice);
        continue;
      }
      if (delta !== undefined) this.shape.setDelta(choice, text);
      if (text !== '' || this.shape.hasOther(choice)) kept.push(choice);
    }
    out.push(...this.flushKept(kept));
    if (isObject(usage)) out.push({ data: JSON.stringify({ ...template, choices: [], usage }) });
    if (this.blocked && this.allClosed() && (!this.wantsUsage || this.usageSeen)) {
      out.push(...this.close());
      this.finished = true;
    }
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
      state = { guard: this.newGuard(), sent: '', closed: false };
      this.choices.set(index, state);
    }
    return state;
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
      if (state.guard.blocked) {
        out.push(...this.blockChoice(index, state));
        continue;
      }
      state.closed = true;
      this.summaries.push(state.guard.summary());
      if (rest) {
        state.sent += rest;
        out.push(this.chunk([this.shape.textChoice(index, rest)]));
      }
    }
    this.doneSent = true;
    out.push({ data: '[DONE]' });
    return out;
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
