import { combine, type Outcome } from './context.js';
import type { GuardText } from './forward.js';
import { judgeArguments } from './tool-args.js';

/**
 * Chat completions and legacy completions: both answer `choices[]`, JSON or as SSE chunks
 * (`data: {chunk}` ... `data: [DONE]`); they differ only in where a choice keeps its text
 * (`message.content` / `delta.content` versus `text`). The finish reason of a blocked choice is
 * `content_filter`, OpenAI's own value for "content was omitted by a filter", so clients that
 * already handle Azure/OpenAI filtering handle Warden's.
 */

export type Json = Record<string, unknown>;

export const BLOCK_FINISH_REASON = 'content_filter';

/** Where a choice keeps its text, streaming and not. */
export interface ChoiceShape {
  /** Text of a non-streaming choice. */
  text(choice: Json): string | undefined;
  setText(choice: Json, text: string): void;
  /** Withholds everything but the text of a blocked non-streaming choice (tool calls go too). */
  clearExtras(choice: Json): void;
  /** The `function` objects of a non-streaming choice's tool calls that carry string arguments. */
  toolFunctions(choice: Json): Json[];
  /** Text delta of a streamed choice. */
  delta(choice: Json): string | undefined;
  /** The JSON key that holds a streamed choice's text. */
  key: string;
  setDelta(choice: Json, text: string): void;
  /** The streamed choice still carries something besides its (now empty) text. */
  hasOther(choice: Json): boolean;
  textChoice(index: number, text: string): Json;
  finishChoice(index: number, reason: string): Json;
}

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

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
  toolFunctions(c) {
    const calls = isObject(c.message) && Array.isArray(c.message.tool_calls) ? c.message.tool_calls : [];
    return calls.flatMap((call: unknown) => (isObject(call) && isObject(call.function) && typeof call.function.arguments === 'string' ? [call.function] : []));
  },
  delta: (c) => (isObject(c.delta) && typeof c.delta.content === 'string' ? c.delta.content : undefined),
  key: 'content',
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
  toolFunctions: () => [],
  delta: (c) => (typeof c.text === 'string' ? c.text : undefined),
  key: 'text',
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
 * Guards every choice of a non-streaming answer: its text, then its tool calls' arguments. A
 * blocked choice (text or any tool call) gets the policy's message, finish_reason
 * `content_filter` and no tool calls; a rewritten one loses its logprobs (their tokens would
 * carry the raw text).
 */
export function guardChoices(body: Json, shape: ChoiceShape, guard: GuardText, blockMessage: string): Outcome {
  const results = [];
  let rewritten = false;
  for (const choice of Array.isArray(body.choices) ? body.choices : []) {
    if (!isObject(choice)) continue;
    const text = shape.text(choice);
    let blockedWith: string | undefined;
    if (text !== undefined && text.length > 0) {
      const result = guard(text);
      results.push(result);
      if (result.decision.blocked) blockedWith = result.decision.response;
      else if (result.decision.response !== text) {
        rewritten = true;
        shape.setText(choice, result.decision.response);
        choice.logprobs = null;
      }
    }
    for (const fn of blockedWith === undefined ? shape.toolFunctions(choice) : []) {
      const args = fn.arguments as string;
      const judged = judgeArguments(args, guard);
      results.push(...judged.results);
      if (judged.blocked) {
        blockedWith = judged.results.find((r) => r.decision.blocked)?.decision.response ?? blockMessage;
        break;
      }
      if (judged.arguments !== args) {
        fn.arguments = judged.arguments;
        rewritten = true;
      }
    }
    if (blockedWith !== undefined) {
      rewritten = true;
      shape.setText(choice, blockedWith);
      shape.clearExtras(choice);
      choice.finish_reason = BLOCK_FINISH_REASON;
      choice.logprobs = null;
    }
  }
  return { ...combine(results), rewritten };
}

