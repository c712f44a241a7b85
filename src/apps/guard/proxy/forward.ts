import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { GuardResult } from '../types.js';
import { decisionHeaders, outcomeAction, proxyContext, recordOutcome, type Outcome, type ProxyContext, type ProxyDeps } from './context.js';
import { errorBodyFor, streamErrorEvent, upstreamErrorFor, type Protocol } from './errors.js';
import { readJudgedAnswer, type JudgedAnswer } from './json-answer.js';
import { formatSse, SseParser, type SseEvent } from './sse.js';
import { StreamGuard } from './stream-guard.js';
import { forwardedResponseHeaders, upstreamHeaders, upstreamUrl, type UpstreamConfig } from './upstream.js';
import { UpstreamCall, UpstreamFailure, type UpstreamResponse } from './upstream-call.js';

/** Turns the upstream's SSE events into guarded events for the client (one instance per stream). */
export interface SseTransformer {
  readonly protocol: Protocol;
  onEvent(event: SseEvent): SseEvent[];
  /**
   * The events of one upstream read were handed to onEvent: release what the guards judged
   * meanwhile. Text deltas are only collected by onEvent, so events that arrive back to back
   * are judged together and leave in one delta, not one scan and one write per token.
   */
  flush(): SseEvent[];
  /** The upstream stream ended (or was cut after a block): flush what is held, close the protocol. */
  onEnd(): SseEvent[];
  /** Everything the client needs was sent: stop reading the upstream. */
  readonly finished: boolean;
  /** A text was blocked; the upstream is read on only for its usage figures. */
  readonly blocked: boolean;
  outcome(): Outcome;
  model(): string | null;
}

/** Guards one assistant text of a non-streaming answer; `executable` for tool-call arguments (no explain-only). */
export type GuardText = (text: string, executable?: boolean) => GuardResult;

/** What distinguishes one proxied route from another. */
export interface RouteSpec {
  protocol: Protocol;
  /** The route template, for audit and metrics (`/v1/chat/completions`). */
  route: string;
  /** Path under the upstream's base URL. */
  upstreamPath: string;
  upstream(deps: ProxyDeps): UpstreamConfig;
  /** Guards a non-streaming answer in place; returns the outcome (`rewritten` when the body was changed). */
  guardBody(body: Record<string, unknown>, guard: GuardText, blockMessage: string): Outcome;
  /** A transformer for a streaming answer. */
  transformer(request: Record<string, unknown>, newGuard: (executable?: boolean) => StreamGuard, blockMessage: string): SseTransformer;
}

/** After a block, how long the upstream may take to deliver its usage figures before it is cut. */
export const DRAIN_MS = 5000;
/** A non-streaming upstream body larger than this is refused (a chat answer is a few hundred KB at most). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Forwards one request to the upstream and guards what comes back: a JSON answer is guarded
 * whole; an SSE answer goes through the route's transformer with a StreamGuard per text. The
 * client going away aborts the upstream request; upstream failures and timeouts answer in the
 * client's protocol.
 */
export async function forward(request: FastifyRequest, reply: FastifyReply, deps: ProxyDeps, spec: RouteSpec): Promise<unknown> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return sendError(reply, spec.protocol, 400, 'request body must be a JSON object', 'invalid_request');
  }
  const ctx = proxyContext(request, deps, spec.route);
  const upstream = spec.upstream(deps);
  const call = new UpstreamCall({
    url: upstreamUrl(upstream.base_url, spec.upstreamPath),
    headers: upstreamHeaders(spec.protocol, request.headers, upstream),
    body: JSON.stringify(body),
    timeoutMs: upstream.timeout_ms,
  });
  reply.raw.once('close', function clientGone() {
    if (!reply.raw.writableFinished) call.abort();
  });

  let response: UpstreamResponse;
  try {
    response = await call.start();
  } catch (error) {
    return sendFailure(reply, spec.protocol, error);
  }
  const forwarded = forwardedResponseHeaders(response.headers);
  if (!response.ok) {
    let text = '';
    try {
      text = await call.text();
    } catch (error) {
      return sendFailure(reply, spec.protocol, error);
    }
    const mapped = upstreamErrorFor(spec.protocol, response.status, text);
    return reply.code(mapped.status).headers({ ...forwarded, ...decisionHeaders(ctx) }).send(mapped.body);
  }

  const blockMessage = deps.engine.policy(ctx.policyId).blockMessage;
  if ((response.headers['content-type'] ?? '').includes('text/event-stream')) {
    const newGuard = (executable?: boolean) =>
      new StreamGuard(deps.engine, { holdBackChars: deps.config.stream.hold_back_chars, context: executable ? { ...ctx.guard, executable } : ctx.guard, blockMessage });
    const transformer = spec.transformer(body as Record<string, unknown>, newGuard, blockMessage);
    await pipeStream(request, reply, deps, ctx, call, transformer, forwarded);
    return reply;
  }

  let judged: JudgedAnswer;
  try {
    judged = await readJudgedAnswer(call, MAX_BODY_BYTES, (answer) => spec.guardBody(answer, (t, executable) => deps.engine.guard(t, executable ? { ...ctx.guard, executable } : ctx.guard), blockMessage));
  } catch (error) {
    return sendFailure(reply, spec.protocol, error);
  }
  if (!judged.ok) return sendError(reply, spec.protocol, 502, judged.reason, 'upstream_bad_response');
  const { answer, outcome, text } = judged;
  recordOutcome(request, deps, ctx, outcome, typeof answer.model === 'string' ? answer.model : null);
  // An answer the guard left alone goes out as the upstream wrote it: no second serialisation.
  return reply
    .code(response.status)
    .headers({ ...forwarded, ...decisionHeaders(ctx, outcome), 'content-type': 'application/json; charset=utf-8' })
    .send(outcome.rewritten === true ? JSON.stringify(answer) : text);
}

/**
 * Streams the transformed events to the client with backpressure. After a block the upstream
 * is read on for at most DRAIN_MS (its usage figures come last), then cut.
 */
async function pipeStream(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ProxyDeps,
  ctx: ProxyContext,
  call: UpstreamCall,
  transformer: SseTransformer,
  forwarded: Record<string, string>,
): Promise<void> {
  // Headers that hooks set on the reply (the server's x-request-id echo...) are not sent by a
  // hijacked reply on their own.
  const hookHeaders = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined)) as Record<string, string | number | string[]>;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...hookHeaders,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...forwarded,
    ...decisionHeaders(ctx),
  });
  let drainTimer: NodeJS.Timeout | undefined;
  const parser = new SseParser();
  let out: SseEvent[] = [];
  const emit = (events: SseEvent[]): void => {
    for (const event of events) out.push(event);
  };
  const send = (): Promise<void> => {
    const batch = out;
    out = [];
    return write(raw, batch);
  };
  try {
    const pieces = call.body();
    let next = pieces.next();
    for (;;) {
      const piece = await next;
      if (piece.done) break;
      for (const event of parser.push(piece.value)) {
        emit(transformer.onEvent(event));
        if (transformer.finished) break;
      }
      if (transformer.finished) break;
      next = pieces.next();
      // What the socket already holds (a burst: many events in one go) is parsed before anything
      // is judged, so a burst costs one scan per text and one write. A stream that trickles is
      // judged and written per read, as it arrives.
      if (await settlesFirst(next)) continue;
      emit(transformer.flush());
      await send();
      if (transformer.blocked && !drainTimer) drainTimer = setTimeout(() => call.abort('aborted', 'usage drain after block took too long'), DRAIN_MS);
      if (transformer.finished) break;
    }
    if (!transformer.finished) for (const event of parser.end()) emit(transformer.onEvent(event));
    emit(transformer.onEnd());
    await send();
  } catch (error) {
    if (!raw.destroyed && !raw.writableEnded) {
      await send().catch(() => undefined);
      if (transformer.blocked) await write(raw, transformer.onEnd()).catch(() => undefined);
      else if (error instanceof UpstreamFailure && error.kind !== 'aborted') await write(raw, [streamErrorEvent(transformer.protocol, error.status, error.message, error.kind === 'timeout' ? 'upstream_timeout' : 'upstream_error')]).catch(() => undefined);
      else if (!(error instanceof UpstreamFailure)) {
        request.log.error({ err: error, request_id: ctx.requestId }, 'stream guard failed');
        await write(raw, [streamErrorEvent(transformer.protocol, 500, 'the guard failed on this stream', 'guard_error')]).catch(() => undefined);
      }
    }
  } finally {
    clearTimeout(drainTimer);
    call.abort('aborted', 'stream closed');
    const outcome = transformer.outcome();
    if (!raw.destroyed && !raw.writableEnded) raw.end(`: warden decision=${outcomeAction(outcome)} risk=${outcome.risk_score}\n\n`);
    recordOutcome(request, deps, ctx, outcome, transformer.model());
  }
}

/**
 * Whether `promise` settles before the event loop's check phase, i.e. with what is already
 * buffered or arrives in the same poll phase. Handles a rejection (it is awaited later).
 */
function settlesFirst(promise: Promise<unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    const later = setImmediate(resolve, false);
    const now = (): void => {
      clearImmediate(later);
      resolve(true);
    };
    promise.then(now, now);
  });
}

/** Writes events in one piece, waiting for the socket to drain when its buffer is full (or for it to close). */
async function write(raw: ServerResponse, events: SseEvent[]): Promise<void> {
  if (events.length === 0 || raw.destroyed) return;
  let payload = '';
  for (const event of events) payload += formatSse(event);
  if (!raw.write(payload)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        raw.off('drain', done);
        raw.off('close', done);
        resolve();
      };
      raw.once('drain', done);
      raw.once('close', done);
    });
  }
}

function sendError(reply: FastifyReply, protocol: Protocol, status: number, message: string, code: string): FastifyReply {
  return reply.code(status).send(errorBodyFor(protocol, status, message, code));
}

function sendFailure(reply: FastifyReply, protocol: Protocol, error: unknown): FastifyReply {
  if (error instanceof UpstreamFailure) {
    if (error.kind === 'aborted') return reply.code(499).send(errorBodyFor(protocol, 499, error.message, 'client_closed'));
    return sendError(reply, protocol, error.status, error.message, error.kind === 'timeout' ? 'upstream_timeout' : 'upstream_unreachable');
  }
  throw error;
}
