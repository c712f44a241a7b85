import type { Outcome } from './context.js';
import type { UpstreamCall } from './upstream-call.js';

/** A non-streaming answer, read whole and judged. */
export type JudgedAnswer =
  | { ok: true; text: string; answer: Record<string, unknown>; outcome: Outcome }
  | { ok: false; reason: string };

/** Above this size an answer is parsed once, at its end, never speculatively. */
const SPECULATE_MAX_BYTES = 4 * 1024 * 1024;
const CLOSE_BRACE = 0x7d;

/**
 * Reads a non-streaming JSON answer and judges it. Upstreams often send the body and the end of
 * the response apart (a chunked body's terminator follows the last write): as soon as the bytes
 * read so far parse as one JSON object, it is judged, so the guard's work overlaps that wait and
 * the answer can leave when the end arrives. A body that goes on after a complete object is
 * invalid JSON either way, so a speculative judgment is never redone: it stands, or the answer
 * is refused. Throws what `call.body()` throws (UpstreamFailure).
 *
 * @example
 * const judged = await readJudgedAnswer(call, 32 << 20, (answer) => spec.guardBody(answer, guard));
 */
export async function readJudgedAnswer(call: UpstreamCall, maxBytes: number, judge: (answer: Record<string, unknown>) => Outcome): Promise<JudgedAnswer> {
  const pieces: Buffer[] = [];
  let bytes = 0;
  let early: { text: string; answer: Record<string, unknown>; outcome: Outcome } | undefined;
  let trailing = false;
  for await (const piece of call.body(maxBytes)) {
    bytes += piece.length;
    if (early) {
      trailing ||= !isWhitespace(piece);
      continue;
    }
    pieces.push(piece);
    if (bytes <= SPECULATE_MAX_BYTES && lastNonWhitespace(piece) === CLOSE_BRACE) {
      const text = joined(pieces, bytes);
      const answer = parseObject(text);
      if (answer) early = { text, answer, outcome: judgeOrAbort(call, judge, answer) };
    }
  }
  if (early) return trailing ? { ok: false, reason: 'upstream answered with invalid JSON' } : { ok: true, ...early };
  const text = joined(pieces, bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'upstream answered with invalid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, reason: 'upstream answered with an unexpected JSON value' };
  const answer = json as Record<string, unknown>;
  return { ok: true, text, answer, outcome: judge(answer) };
}

/** A judge that throws leaves the rest of the answer unread: its socket is destroyed, not reused. */
function judgeOrAbort(call: UpstreamCall, judge: (answer: Record<string, unknown>) => Outcome, answer: Record<string, unknown>): Outcome {
  try {
    return judge(answer);
  } catch (error) {
    call.abort('aborted', 'the guard failed on the answer');
    throw error;
  }
}

function joined(pieces: Buffer[], bytes: number): string {
  return (pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, bytes)).toString('utf8');
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** JSON's insignificant whitespace: space, tab, line feed, carriage return. */
function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function isWhitespace(piece: Buffer): boolean {
  for (let i = 0; i < piece.length; i++) if (!isJsonSpace(piece[i]!)) return false;
  return true;
}

function lastNonWhitespace(piece: Buffer): number | undefined {
  for (let i = piece.length - 1; i >= 0; i--) if (!isJsonSpace(piece[i]!)) return piece[i];
  return undefined;
}
