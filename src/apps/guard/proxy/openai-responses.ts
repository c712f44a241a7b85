import { combine, type Outcome } from './context.js';
import type { GuardText, SseTransformer } from './forward.js';
import { blockText } from './openai-chat.js';
import type { SseEvent } from './sse.js';
import type { StreamGuard, StreamSummary } from './stream-guard.js';
import { judgeArguments, judgeStreamedArguments } from './tool-args.js';

/**
 * The Responses API (`POST /v1/responses`): text lives in `output[].content[]` parts of type
 * `output_text`. A blocked answer becomes what OpenAI itself sends when a filter stops a
 * response: `status: 'incomplete'` with `incomplete_details: {reason: 'content_filter'}`, its
 * text replaced by the policy's message. Streams are re-numbered (`sequence_number`) since
 * held-back text leaves in fewer, later deltas.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function textParts(response: Json): { item: Json; part: Json; outputIndex: number; contentIndex: number }[] {
  const parts: { item: Json; part: Json; outputIndex: number; contentIndex: number }[] = [];
  const output = Array.isArray(response.output) ? response.output : [];
  output.forEach((item: unknown, outputIndex) => {
    if (!isObject(item) || item.type !== 'message' || !Array.isArray(item.content)) return;
    item.content.forEach((part: unknown, contentIndex) => {
      if (isObject(part) && part.type === 'output_text' && typeof part.text === 'string') parts.push({ item, part, outputIndex, contentIndex });
    });
  });
  return parts;
}

function markIncomplete(response: Json): void {
  response.status = 'incomplete';
  response.incomplete_details = { reason: 'content_filter' };
}

/**
 * Guards every output_text part of a non-streaming response, then every function_call item's
 * arguments (see tool-args.ts). On a block, the output is the one message item with the
 * policy's message (tool calls and other items are withheld too).
 */
export function guardResponse(body: Json, guard: GuardText, blockMessage: string): Outcome {
  const results = [];
  let blockedItem: { item: Json; text: string } | undefined;
  let rewritten = false;
  for (const { item, part } of textParts(body)) {
    const text = part.text as string;
    if (text.length === 0) continue;
    const result = guard(text);
    results.push(result);
    if (result.decision.blocked) blockedItem ??= { item, text: result.decision.response };
    else if (result.decision.response !== text) {
      rewritten = true;
      part.text = result.decision.response;
      if (Array.isArray(part.logprobs)) part.logprobs = [];
    }
  }
  const output = Array.isArray(body.output) ? body.output : [];
  for (const item of blockedItem ? [] : output) {
    if (!isObject(item) || item.type !== 'function_call' || typeof item.arguments !== 'string') continue;
    const judged = judgeArguments(item.arguments, guard);
    results.push(...judged.results);
    if (judged.blocked) {
      const text = judged.results.find((r) => r.decision.blocked)?.decision.response ?? blockMessage;
      blockedItem = { item: { id: 'msg_warden_withheld', type: 'message', role: 'assistant' }, text };
      break;
    }
    if (judged.arguments !== item.arguments) {
      item.arguments = judged.arguments;
      rewritten = true;
    }
  }
  if (blockedItem) {
    body.output = [{ ...blockedItem.item, status: 'incomplete', content: [{ type: 'output_text', annotations: [], logprobs: [], text: blockedItem.text }] }];
    markIncomplete(body);
    rewritten = true;
  }
  return { ...combine(results), rewritten };
}

interface PartState {
  guard: StreamGuard;
  sent: string;
  itemId: unknown;
  outputIndex: number;
  contentIndex: number;
  done: boolean;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * Streams Responses API events through one StreamGuard per output_text part. Deltas are
 * collected per network read and carry only released text, one delta per part at `flush()`; the `.done` events and the final response carry exactly the text the client
 * was sent. On a block: the safe message as the last delta, the part, item and response closed,
 * and `response.incomplete` (content_filter) with the upstream's usage when it arrives in time.
 */
export class ResponsesTransformer implements SseTransformer {
  readonly protocol = 'openai' as const;
  finished = false;
  blocked = false;
  private seq = 0;
  private readonly parts = new Map<string, PartState>();
  private blockedPart: PartState | undefined;
  private snapshot: Json | undefined;
  private modelName: string | null = null;
  private readonly summaries: StreamSummary[] = [];
  /** function_call items held until their output_item.done, by output index; then their judged arguments. */
  private readonly calls = new Map<number, { added: Json; args: string }>();
  private readonly judgedArgs = new Map<number, string>();

  constructor(
    private readonly newGuard: (executable?: boolean) => StreamGuard,
    private readonly blockMessage: string,
  ) {}

  onEvent(event: SseEvent): SseEvent[] {
    if (this.finished) return [];
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      // An event the guard cannot read cannot be judged: it is dropped, never passed on (fail closed).
      return [];
    }
    if (!isObject(data) || typeof data.type !== 'string') return [];
    const type = data.type;
    if (isObject(data.response)) {
      this.snapshot = data.response;
      if (typeof data.response.model === 'string') this.modelName = data.response.model;
    }
    if (type === 'error') {
      this.finished = true;
      return [this.emit(data)];
    }
    if (TERMINAL.has(type)) {
      this.finished = true;
      const response = isObject(data.response) ? data.response : {};
      if (this.blocked) return [this.emit({ type: 'response.incomplete', response: this.incomplete(response) })];
      this.closeParts();
      this.rewrite(response);
      // Text that arrived only in the final object (never as deltas) was judged just now.
      if (this.blocked) return [...this.block(this.blockedPart!), this.emit({ type: 'response.incomplete', response: this.incomplete(response) })];
      return [this.emit(data)];
    }
    if (this.blocked) return [];
    const held = this.holdCall(type, data);
    if (held !== undefined) return held;
    if (type === 'response.output_text.delta' && typeof data.delta === 'string') {
      // The text leaves at flush(), judged together with the rest of this read.
      this.part(data).guard.append(data.delta);
      return [];
    }
    if (type === 'response.output_text.done') {
      const state = this.part(data);
      const rest = state.guard.end();
      if (state.guard.blocked) return [...(rest ? [this.delta(state, rest)] : []), ...this.block(state)];
      const out = rest ? [this.delta(state, rest)] : [];
      this.finish(state);
      out.push(this.emit({ ...data, text: state.sent, ...(Array.isArray(data.logprobs) ? { logprobs: [] } : {}) }));
      return out;
    }
    if (type === 'response.content_part.done' && isObject(data.part) && data.part.type === 'output_text') {
      const text = this.sentFor(Number(data.output_index), Number(data.content_index), data.part.text);
      data.part = { ...data.part, text, ...(Array.isArray(data.part.logprobs) ? { logprobs: [] } : {}) };
      return this.blocked ? this.block(this.blockedPart!) : [this.emit(data)];
    }
    if (type === 'response.output_item.done' && isObject(data.item)) {
      this.rewriteItem(data.item, Number(data.output_index));
      return this.blocked ? this.block(this.blockedPart!) : [this.emit(data)];
    }
    return [this.emit(data)];
  }

  flush(): SseEvent[] {
    if (this.finished || this.blocked) return [];
    const out: SseEvent[] = [];
    for (const state of this.parts.values()) {
      if (state.done) continue;
      const released = state.guard.release();
      if (released) out.push(this.delta(state, released));
      if (state.guard.blocked) {
        out.push(...this.block(state));
        break;
      }
    }
    return out;
  }

  onEnd(): SseEvent[] {
    if (this.finished) return [];
    this.finished = true;
    const out: SseEvent[] = [];
    if (!this.blocked) {
      for (const state of this.parts.values()) {
        if (state.done) continue;
        const rest = state.guard.end();
        if (rest) out.push(this.delta(state, rest));
        if (state.guard.blocked) {
          out.push(...this.block(state));
          break;
        }
        this.finish(state);
      }
    }
    if (this.blocked) out.push(this.emit({ type: 'response.incomplete', response: this.incomplete(this.snapshot ?? {}) }));
    return out;
  }

  outcome(): Outcome {
    const open = [...this.parts.values()].filter((s) => !s.done).map((s) => s.guard.summary());
    return combine([...this.summaries, ...open]);
  }

  model(): string | null {
    return this.modelName;
  }

  /**
   * A function_call item's events are held until its output_item.done; then its arguments are
   * judged whole and it leaves as added, one arguments delta, arguments done and item done — or,
   * blocked, a message item with the safe message takes its place. Undefined: not a call event.
   */
  private holdCall(type: string, data: Json): SseEvent[] | undefined {
    const index = Number(data.output_index);
    if (type === 'response.output_item.added' && isObject(data.item) && data.item.type === 'function_call') {
      this.calls.set(index, { added: data, args: typeof data.item.arguments === 'string' ? data.item.arguments : '' });
      return [];
    }
    const call = this.calls.get(index);
    if (!call) return undefined;
    if (type === 'response.function_call_arguments.delta') {
      if (typeof data.delta === 'string') call.args += data.delta;
      return [];
    }
    if (type === 'response.function_call_arguments.done') {
      if (typeof data.arguments === 'string') call.args = data.arguments;
      return [];
    }
    if (type !== 'response.output_item.done' || !isObject(data.item)) return [];
    this.calls.delete(index);
    const args = typeof data.item.arguments === 'string' ? data.item.arguments : call.args;
    const judged = judgeStreamedArguments(args, this.newGuard);
    this.summaries.push(...judged.summaries);
    if (judged.blocked) return this.blockInPlaceOf(index);
    const out = judged.arguments ?? '';
    this.judgedArgs.set(index, out);
    const item = isObject(call.added.item) ? call.added.item : {};
    const where = { item_id: item.id, output_index: index };
    return [
      this.emit({ ...call.added, item: { ...item, arguments: '' } }),
      ...(out ? [this.emit({ type: 'response.function_call_arguments.delta', ...where, delta: out })] : []),
      this.emit({ type: 'response.function_call_arguments.done', ...where, arguments: out }),
      this.emit({ ...data, item: { ...data.item, arguments: out } }),
    ];
  }

  /** A message item carrying the safe message, where a blocked call was. */
  private blockInPlaceOf(outputIndex: number): SseEvent[] {
    const state: PartState = { guard: this.newGuard(), sent: '', itemId: 'msg_warden_withheld', outputIndex, contentIndex: 0, done: false };
    this.parts.set(key(outputIndex, 0), state);
    return [
      this.emit({ type: 'response.output_item.added', output_index: outputIndex, item: { id: state.itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] } }),
      this.emit({ type: 'response.content_part.added', item_id: state.itemId, output_index: outputIndex, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } }),
      ...this.block(state),
    ];
  }

  private part(data: Json): PartState {
    const id = key(data.output_index, data.content_index);
    let state = this.parts.get(id);
    if (!state) {
      state = { guard: this.newGuard(), sent: '', itemId: data.item_id, outputIndex: Number(data.output_index), contentIndex: Number(data.content_index), done: false };
      this.parts.set(id, state);
    }
    return state;
  }

  private finish(state: PartState): void {
    if (state.done) return;
    state.done = true;
    this.summaries.push(state.guard.summary());
  }

  private closeParts(): void {
    for (const state of this.parts.values()) this.finish(state);
  }

  private delta(state: PartState, text: string): SseEvent {
    state.sent += text;
    return this.emit({ type: 'response.output_text.delta', item_id: state.itemId, output_index: state.outputIndex, content_index: state.contentIndex, delta: text, logprobs: [] });
  }

  /** Safe message, then the part, the item closed; the response closes at the upstream's end. */
  private block(state: PartState): SseEvent[] {
    this.blocked = true;
    this.blockedPart = state;
    const out = [this.delta(state, blockText(state.sent, this.blockMessage))];
    this.finish(state);
    const part = { type: 'output_text', annotations: [], logprobs: [], text: state.sent };
    const where = { item_id: state.itemId, output_index: state.outputIndex, content_index: state.contentIndex };
    out.push(this.emit({ type: 'response.output_text.done', ...where, text: state.sent, logprobs: [] }));
    out.push(this.emit({ type: 'response.content_part.done', ...where, part }));
    out.push(this.emit({ type: 'response.output_item.done', output_index: state.outputIndex, item: this.blockedItem(state) }));
    return out;
  }

  private blockedItem(state: PartState): Json {
    return { id: state.itemId, type: 'message', status: 'incomplete', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text: state.sent }] };
  }

  private incomplete(response: Json): Json {
    const blocked = this.blockedPart!;
    const kept: Json[] = [];
    (Array.isArray(response.output) ? response.output : []).forEach((item: unknown, i) => {
      if (i >= blocked.outputIndex || !isObject(item) || item.type !== 'message') return;
      this.rewriteItem(item, i);
      kept.push(item);
    });
    const out: Json = { ...response, output: [...kept, this.blockedItem(blocked)] };
    markIncomplete(out);
    return out;
  }

  private rewrite(response: Json): void {
    const output = Array.isArray(response.output) ? response.output : [];
    output.forEach((item: unknown, i) => {
      if (isObject(item)) this.rewriteItem(item, i);
    });
  }

  /** The parts' text as the client received it. */
  private rewriteItem(item: Json, outputIndex: number): void {
    if (item.type === 'function_call') {
      item.arguments = this.callArguments(item, outputIndex);
      return;
    }
    if (item.type !== 'message' || !Array.isArray(item.content)) return;
    item.content.forEach((part: unknown, contentIndex) => {
      if (!isObject(part) || part.type !== 'output_text') return;
      part.text = this.sentFor(outputIndex, contentIndex, part.text);
      if (Array.isArray(part.logprobs)) part.logprobs = [];
    });
  }

  /**
   * The text the client got for a part. A part that never streamed a delta (its text only in a
   * `.done` event or the final object) is judged whole here, once; a block there blocks the response.
   */
  private sentFor(outputIndex: number, contentIndex: number, text: unknown): string {
    const existing = this.parts.get(key(outputIndex, contentIndex));
    if (existing || typeof text !== 'string' || text.length === 0 || this.blocked) return existing?.sent ?? '';
    const state = this.part({ output_index: outputIndex, content_index: contentIndex, item_id: undefined });
    const released = state.guard.push(text) + state.guard.end();
    if (state.guard.blocked) {
      this.blocked = true;
      this.blockedPart = state;
      return '';
    }
    state.sent = released;
    this.finish(state);
    return released;
  }

  /** The arguments the client got for a call; a call seen only in the final object is judged here, once. */
  private callArguments(item: Json, outputIndex: number): unknown {
    const sent = this.judgedArgs.get(outputIndex);
    if (sent !== undefined || typeof item.arguments !== 'string' || this.blocked) return sent ?? '';
    const judged = judgeStreamedArguments(item.arguments, this.newGuard);
    this.summaries.push(...judged.summaries);
    if (judged.blocked) {
      this.blocked = true;
      this.blockedPart = { guard: this.newGuard(), sent: '', itemId: 'msg_warden_withheld', outputIndex, contentIndex: 0, done: true };
      return '';
    }
    this.judgedArgs.set(outputIndex, judged.arguments ?? '');
    return judged.arguments;
  }

  private emit(data: Json): SseEvent {
    const payload = { ...data, sequence_number: this.seq++ };
    return { event: String(data.type), data: JSON.stringify(payload) };
  }
}

function key(outputIndex: unknown, contentIndex: unknown): string {
  return `${Number(outputIndex)}:${Number(contentIndex)}`;
}
