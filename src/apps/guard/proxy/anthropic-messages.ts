import { combine, type Outcome } from './context.js';
import type { GuardText, SseTransformer } from './forward.js';
import { blockText } from './openai-chat.js';
import type { SseEvent } from './sse.js';
import type { StreamGuard, StreamSummary } from './stream-guard.js';
import { DeltaTemplate } from './delta-template.js';
import { judgeArguments, judgeStreamedArguments } from './tool-args.js';

/**
 * The Anthropic Messages API (`POST /v1/messages`): text lives in `content[]` blocks of type
 * `text`. A blocked answer ends with `stop_reason: 'refusal'`, the value Anthropic itself uses
 * when its streaming classifiers stop a response, so SDK users already handle it.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const BLOCK_STOP_REASON = 'refusal';

/**
 * Guards every text block of a non-streaming message, then every tool_use block's input (as the
 * JSON the model wrote). On a block the content is one text block with the policy's message
 * (tool_use blocks are withheld too) and stop_reason is `refusal`.
 */
export function guardMessage(body: Json, guard: GuardText, blockMessage: string): Outcome {
  const results = [];
  let blocked: string | undefined;
  let rewritten = false;
  const content = Array.isArray(body.content) ? body.content : [];
  for (const block of content) {
    if (!isObject(block) || block.type !== 'text' || typeof block.text !== 'string' || block.text.length === 0) continue;
    const result = guard(block.text);
    results.push(result);
    if (result.decision.blocked) blocked ??= result.decision.response;
    else if (result.decision.response !== block.text) {
      block.text = result.decision.response;
      rewritten = true;
    }
  }
  for (const block of blocked === undefined ? content : []) {
    if (!isObject(block) || block.type !== 'tool_use' || block.input === undefined) continue;
    const args = JSON.stringify(block.input);
    const judged = judgeArguments(args, guard);
    results.push(...judged.results);
    if (judged.blocked) {
      blocked = judged.results.find((r) => r.decision.blocked)?.decision.response ?? blockMessage;
      break;
    }
    if (judged.arguments !== args) {
      block.input = JSON.parse(judged.arguments!) as unknown;
      rewritten = true;
    }
  }
  if (blocked !== undefined) {
    body.content = [{ type: 'text', text: blocked }];
    body.stop_reason = BLOCK_STOP_REASON;
    body.stop_sequence = null;
    rewritten = true;
  }
  return { ...combine(results), rewritten };
}

interface BlockState {
  guard: StreamGuard;
  sent: string;
  done: boolean;
}

/**
 * Streams Messages API events through one StreamGuard per text block. Text deltas are collected
 * per network read and carry only released text, one text_delta per block at `flush()`; a
 * block's held text leaves before its content_block_stop. A tool_use block is held until its
 * stop and its input judged whole (see tool-args.ts); thinking and citation deltas pass through. On a block: the safe message as the block's last
 * text_delta, content_block_stop, then everything of the upstream is dropped until its
 * message_delta, which goes out with stop_reason `refusal` and the upstream's usage, and
 * message_stop.
 */
export class MessagesTransformer implements SseTransformer {
  readonly protocol = 'anthropic' as const;
  finished = false;
  blocked = false;
  private readonly blocks = new Map<number, BlockState>();
  /** tool_use blocks held until their stop: the start event and the input JSON so far. */
  private readonly tools = new Map<number, { start: Json; json: string }>();
  private readonly summaries: StreamSummary[] = [];
  private modelName: string | null = null;
  private startUsage: Json | undefined;
  private deltaSent = false;
  /** Plain text deltas of one block, recognised without JSON.parse (learned from the first one). */
  private readonly fast = new DeltaTemplate();
  private fastIndex = -1;

  constructor(
    private readonly newGuard: (executable?: boolean) => StreamGuard,
    private readonly blockMessage: string,
  ) {}

  onEvent(event: SseEvent): SseEvent[] {
    if (this.finished) return [];
    if (this.fastIndex !== -1) {
      const text = this.fast.match(event.data);
      if (text !== undefined) {
        const state = this.blocks.get(this.fastIndex);
        if (!this.blocked && state && !state.done) state.guard.append(text);
        return [];
      }
    }
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      // An event the guard cannot read cannot be judged: it is dropped, never passed on (fail closed).
      return [];
    }
    if (!isObject(data)) return [];
    const type = typeof data.type === 'string' ? data.type : (event.event ?? '');
    switch (type) {
      case 'message_start': {
        const message = isObject(data.message) ? data.message : {};
        if (typeof message.model === 'string') this.modelName = message.model;
        if (isObject(message.usage)) this.startUsage = message.usage;
        return [event];
      }
      case 'content_block_start': {
        if (this.blocked) return [];
        const block = isObject(data.content_block) ? data.content_block : {};
        const index = Number(data.index);
        if (block.type === 'tool_use') {
          const initial = isObject(block.input) && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '';
          this.tools.set(index, { start: data, json: initial });
          return [];
        }
        if (block.type !== 'text') return [event];
        const state: BlockState = { guard: this.newGuard(), sent: '', done: false };
        this.blocks.set(index, state);
        const initial = typeof block.text === 'string' ? block.text : '';
        if (!initial) return [event];
        // Text inside the start event is judged like any delta.
        const start = this.emit({ ...data, content_block: { ...block, text: '' } });
        return [start, ...this.text(index, state, state.guard.push(initial))];
      }
      case 'content_block_delta': {
        if (this.blocked) return [];
        const index = Number(data.index);
        const state = this.blocks.get(index);
        const delta = isObject(data.delta) ? data.delta : {};
        const tool = this.tools.get(index);
        if (tool) {
          if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') tool.json += delta.partial_json;
          return [];
        }
        if (!state || delta.type !== 'text_delta' || typeof delta.text !== 'string') return [event];
        // The text leaves at flush(), judged together with the rest of this read.
        state.guard.append(delta.text);
        if (this.fastIndex === -1 && delta.text) this.learn(event.data, index, delta.text);
        return [];
      }
      case 'content_block_stop': {
        if (this.blocked) return [];
        const index = Number(data.index);
        if (this.tools.has(index)) return this.toolBlock(index, event);
        const state = this.blocks.get(index);
        if (!state) return [event];
        const out = this.text(index, state, state.guard.end());
        if (this.blocked) return out;
        this.finish(state);
        return [...out, event];
      }
      case 'message_delta': {
        if (!this.blocked) return [event];
        this.deltaSent = true;
        const delta = isObject(data.delta) ? data.delta : {};
        return [this.emit({ ...data, delta: { ...delta, stop_reason: BLOCK_STOP_REASON, stop_sequence: null } })];
      }
      case 'message_stop':
        this.finished = true;
        return this.blocked && !this.deltaSent ? [...this.closeBlocked()] : [event];
      case 'error':
        this.finished = true;
        return [event];
      default:
        return this.blocked ? [] : [event];
    }
  }

  flush(): SseEvent[] {
    if (this.finished || this.blocked) return [];
    const out: SseEvent[] = [];
    for (const [index, state] of this.blocks) {
      if (state.done) continue;
      out.push(...this.text(index, state, state.guard.release()));
      // After a block the upstream is read on for its message_delta (usage), which closes the message.
      if (this.blocked) break;
    }
    return out;
  }

  onEnd(): SseEvent[] {
    if (this.finished) return [];
    this.finished = true;
    const out: SseEvent[] = [];
    if (!this.blocked) {
      for (const [index, state] of this.blocks) {
        if (state.done) continue;
        out.push(...this.text(index, state, state.guard.end()));
        if (this.blocked) break;
        this.finish(state);
      }
    }
    if (this.blocked) out.push(...this.closeBlocked());
    return out;
  }

  outcome(): Outcome {
    const open = [...this.blocks.values()].filter((s) => !s.done).map((s) => s.guard.summary());
    return combine([...this.summaries, ...open]);
  }

  model(): string | null {
    return this.modelName;
  }

  /** Released text as a text_delta; if the guard blocked meanwhile, the safe message and the block's stop. */
  private text(index: number, state: BlockState, released: string): SseEvent[] {
    const out: SseEvent[] = [];
    if (released) {
      state.sent += released;
      out.push(this.emit({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: released } }));
    }
    if (state.guard.blocked && !this.blocked) {
      this.blocked = true;
      const message = blockText(state.sent, this.blockMessage);
      state.sent += message;
      this.finish(state);
      out.push(this.emit({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: message } }));
      out.push(this.emit({ type: 'content_block_stop', index }));
    }
    return out;
  }

  /**
   * A tool_use block at its stop: its input judged whole, then the block in three events (start,
   * the whole input as one input_json_delta, stop), or, blocked, a text block with the safe
   * message in its place.
   */
  private toolBlock(index: number, stop: SseEvent): SseEvent[] {
    const tool = this.tools.get(index)!;
    this.tools.delete(index);
    const judged = judgeStreamedArguments(tool.json, this.newGuard);
    this.summaries.push(...judged.summaries);
    if (judged.blocked) {
      this.blocked = true;
      return [
        this.emit({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
        this.emit({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: this.blockMessage } }),
        this.emit({ type: 'content_block_stop', index }),
      ];
    }
    const out = [this.emit(tool.start)];
    if (judged.arguments) out.push(this.emit({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: judged.arguments } }));
    out.push(stop);
    return out;
  }

  /** message_delta (refusal, the usage known so far) and message_stop, when the upstream's never came. */
  private closeBlocked(): SseEvent[] {
    const out: SseEvent[] = [];
    if (!this.deltaSent) {
      this.deltaSent = true;
      const outputTokens = typeof this.startUsage?.output_tokens === 'number' ? this.startUsage.output_tokens : 0;
      out.push(this.emit({ type: 'message_delta', delta: { stop_reason: BLOCK_STOP_REASON, stop_sequence: null }, usage: { output_tokens: outputTokens } }));
    }
    out.push(this.emit({ type: 'message_stop' }));
    return out;
  }

  /** Learns the plain text delta event of block `index` (its siblings then skip JSON.parse). */
  private learn(data: string, index: number, text: string): void {
    // The probe must land in delta.text of a text_delta of this block, not in another string field.
    const check = (probe: string): unknown => {
      const parsed = JSON.parse(probe) as { type?: unknown; index?: unknown; delta?: { type?: unknown; text?: unknown } };
      return parsed.type === 'content_block_delta' && Number(parsed.index) === index && parsed.delta?.type === 'text_delta' ? parsed.delta.text : undefined;
    };
    if (this.fast.learn(data, 'text', text, check)) this.fastIndex = index;
  }

  private finish(state: BlockState): void {
    if (state.done) return;
    state.done = true;
    this.summaries.push(state.guard.summary());
  }

  private emit(data: Json): SseEvent {
    return { event: String(data.type), data: JSON.stringify(data) };
  }
}
