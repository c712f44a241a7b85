import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP half of the fake upstreams: a real server on 127.0.0.1:0 that records every request
 * (headers, JSON body, whether the client went away before the reply finished) and plays a
 * reply the test scripted. The protocol halves (openai.ts, anthropic.ts) turn a scenario into
 * a Reply with exactly the official wire format.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The connection closed before the reply was complete (the client, or a proxy, aborted). */
  aborted: boolean;
  /** The reply was written to the end. */
  finished: boolean;
}

export interface Pacing {
  /** Delay before the status line. */
  delayMs?: number;
  /** Delay between body pieces (SSE events, or byte pieces with `byteSplit`). */
  chunkDelayMs?: number;
  /**
   * Split the raw body bytes: a number is a piece size, an array lists cut offsets. Splits land
   * anywhere, inside an SSE line or a UTF-8 character.
   */
  byteSplit?: number | number[];
}

export type Reply =
  | ({ kind: 'json'; status: number; headers?: Record<string, string>; body: unknown } & Pacing)
  | ({ kind: 'raw'; status: number; headers?: Record<string, string>; body: string } & Pacing)
  /** SSE events already serialised, one string per event; `hang` stops before the end and keeps the socket open. */
  | ({ kind: 'sse'; status?: number; headers?: Record<string, string>; events: string[]; hang?: boolean } & Pacing)
  /** Never answers (an upstream that accepted the connection and stalls). */
  | { kind: 'hang' };

export type Handler = (request: RecordedRequest) => Reply;

export interface UpstreamServer {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: RecordedRequest[];
  /** The handler for the next requests (replaces the previous one). */
  script(handler: Handler): void;
  /** Requests being answered now, and the most there ever were at once (since start or the last reset). */
  inFlight(): { now: number; max: number };
  resetInFlight(): void;
  /** Resolves once a request was aborted (the latest one by default), or rejects after `timeoutMs`. */
  waitForAbort(timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a scriptable upstream.
 *
 * @example
 * const upstream = await startUpstream((req) => ({ kind: 'json', status: 200, body: { ok: true } }));
 * await fetch(`${upstream.url}/x`, { method: 'POST', body: '{}' });
 * await upstream.close();
 */
export async function startUpstream(initial: Handler): Promise<UpstreamServer> {
  let handler = initial;
  const requests: RecordedRequest[] = [];
  const abortWaiters = new Set<() => void>();
  let inFlightNow = 0;
  let inFlightMax = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // keep the raw string
    }
    const record: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, aborted: false, finished: false };
    requests.push(record);
    inFlightNow++;
    inFlightMax = Math.max(inFlightMax, inFlightNow);
    res.on('close', function onClose() {
      inFlightNow--;
      if (!res.writableFinished) {
        record.aborted = true;
        for (const wake of abortWaiters) wake();
      }
    });
    const reply = handler(record);
    if (reply.kind === 'hang') return;
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    if (reply.kind === 'sse') {
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
      res.flushHeaders();
      const pieces = reply.byteSplit === undefined ? reply.events.map((e) => Buffer.from(e, 'utf8')) : splitBytes(Buffer.from(reply.events.join(''), 'utf8'), reply.byteSplit);
      for (const piece of pieces) {
        if (res.destroyed) return;
        res.write(piece);
        await sleep(reply.chunkDelayMs ?? 0);
      }
      if (reply.hang) return;
      res.end(() => (record.finished = true));
      return;
    }
    const payload = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.body;
    res.writeHead(reply.status, { 'content-type': reply.kind === 'json' ? 'application/json' : 'text/html', ...reply.headers });
    if (reply.byteSplit !== undefined) {
      for (const piece of splitBytes(Buffer.from(payload, 'utf8'), reply.byteSplit)) {
        if (res.destroyed) return;
        res.write(piece);
        await sleep(reply.chunkDelayMs ?? 0);
      }
      res.end(() => (record.finished = true));
    } else res.end(payload, () => (record.finished = true));
  }

  const server: Server = createServer(function upstreamRequest(req, res) {
    handle(req, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(next) {
      handler = next;
    },
    inFlight() {
      return { now: inFlightNow, max: inFlightMax };
    },
    resetInFlight() {
      inFlightMax = inFlightNow;
    },
    waitForAbort(timeoutMs = 5000) {
      const target = requests[requests.length - 1];
      if (target?.aborted) return Promise.resolve(target);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          abortWaiters.delete(wake);
          reject(new Error(`upstream saw no abort within ${timeoutMs} ms`));
        }, timeoutMs);
        function wake(): void {
          const hit = requests.findLast((r) => r.aborted);
          if (!hit) return;
          clearTimeout(timer);
          abortWaiters.delete(wake);
          resolve(hit);
        }
        abortWaiters.add(wake);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Splits bytes into pieces: every `size` bytes, or at the given offsets. */
export function splitBytes(bytes: Buffer, split: number | number[]): Buffer[] {
  const cuts = typeof split === 'number' ? Array.from({ length: Math.ceil(bytes.length / Math.max(1, split)) - 1 }, (_, i) => (i + 1) * Math.max(1, split)) : [...split].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of cuts) {
    if (cut <= start || cut >= bytes.length) continue;
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

/** Splits a text into two deltas at `at` (a char offset). */
export function splitAt(text: string, at: number): string[] {
  return [text.slice(0, at), text.slice(at)].filter((s) => s.length > 0);
}
