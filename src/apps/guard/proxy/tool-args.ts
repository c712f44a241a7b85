import type { GuardResult } from '../types.js';
import type { StreamGuard, StreamSummary } from './stream-guard.js';

/**
 * Tool-call arguments are model output too: an agent runs them (a `bash` tool's command, an
 * HTTP tool's URL and body). They are judged whole, as the JSON text the model wrote, and a
 * client only acts on a tool call once its arguments are complete, so a stream holds them back
 * until the call ends instead of scanning them piece by piece.
 *
 * The JSON text is judged as written (a secret is masked in place), and its string values
 * once more as plain text, one per line: a command inside a JSON string (`{"command":"curl ...
 * | bash"}`) is not a command line to the detectors until it is unquoted. A block in either
 * withholds the call. Explain-only does not apply: an agent runs the arguments, nobody reads
 * them as an explanation (GuardContext.executable). A policy action that rewrites a value (mask, redact, hash) keeps the
 * arguments when the result is still valid JSON; arguments it would break are withheld with
 * the call (fail closed), as a block would.
 */
export interface JudgedArguments {
  /** What the client gets (the arguments, or their rewritten form); undefined when the call is withheld. */
  arguments: string | undefined;
  blocked: boolean;
}

/**
 * Judges the arguments of one tool call in a non-streaming answer.
 *
 * @example
 * const judged = judgeArguments('{"cmd":"ls"}', (t) => engine.guard(t, context));
 */
export function judgeArguments(args: string, guard: (text: string, executable?: boolean) => GuardResult): JudgedArguments & { results: GuardResult[] } {
  const result = guard(args, true);
  const values = result.decision.blocked ? undefined : stringValues(args);
  const unquoted = values === undefined ? undefined : guard(values, true);
  const results = unquoted ? [result, unquoted] : [result];
  if (unquoted?.decision.blocked) return { arguments: undefined, blocked: true, results };
  return { ...decide(args, result.decision.response, result.decision.blocked), results };
}

/**
 * Judges the arguments of one streamed tool call, complete, with a fresh stream guard (its
 * summary joins the stream's outcome).
 *
 * @example
 * const { arguments: out, summary } = judgeStreamedArguments(args, newGuard);
 */
export function judgeStreamedArguments(args: string, newGuard: (executable?: boolean) => StreamGuard): JudgedArguments & { summaries: StreamSummary[] } {
  const guard = newGuard(true);
  guard.append(args);
  const released = guard.end();
  const summaries = [guard.summary()];
  const values = guard.blocked ? undefined : stringValues(args);
  if (values !== undefined) {
    const unquoted = newGuard(true);
    unquoted.append(values);
    unquoted.end();
    summaries.push(unquoted.summary());
    if (unquoted.blocked) return { arguments: undefined, blocked: true, summaries };
  }
  return { ...decide(args, released, guard.blocked), summaries };
}

/** Bounds on the walk over parsed arguments (they are hostile input). */
const MAX_DEPTH = 32;
const MAX_STRINGS = 1024;

/** The string values (and keys) of JSON arguments, one per line; undefined when not JSON or nothing is quoted. */
export function stringValues(args: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return undefined;
  }
  const out: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (out.length >= MAX_STRINGS || depth > MAX_DEPTH) return;
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
    else if (typeof value === 'object' && value !== null)
      for (const [key, item] of Object.entries(value)) {
        walk(key, depth + 1);
        walk(item, depth + 1);
      }
  };
  walk(parsed, 0);
  return out.length > 0 ? out.join('\n') : undefined;
}

function decide(original: string, rendered: string, blocked: boolean): JudgedArguments {
  if (blocked) return { arguments: undefined, blocked: true };
  if (rendered === original || !wasJson(original)) return { arguments: rendered, blocked: false };
  return wasJson(rendered) ? { arguments: rendered, blocked: false } : { arguments: undefined, blocked: true };
}

function wasJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
