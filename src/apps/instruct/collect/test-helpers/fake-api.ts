import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpTuning } from '../online/http.js';

/** A request the fake API received. */
export interface SeenRequest {
  url: URL;
  headers: IncomingHttpHeaders;
}

export type ApiHandler = (url: URL, req: IncomingMessage, res: ServerResponse) => void;

export interface FakeApi {
  /** http://127.0.0.1:PORT */
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1:0 that records requests and answers through `handler`, for
 * testing the online collectors against the real response shapes.
 *
 * @example
 * const api = await fakeApi((url, _req, res) => res.end('[]'));
 */
export async function fakeApi(handler: ApiHandler): Promise<FakeApi> {
  const seen: SeenRequest[] = [];
  const server = createServer(function fakeApiRequest(req, res) {
    const url = new URL(req.url!, 'http://127.0.0.1');
    seen.push({ url, headers: req.headers });
    handler(url, req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Sends `body` as JSON with optional headers. */
export function sendJson(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * A fake clock for HttpTuning: sleep advances it and records each delay.
 *
 * @example
 * const c = fakeClock(); await c.sleep!(5); c.slept; // [5]
 */
export function fakeClock(start = Date.parse('2024-06-01T00:00:00Z')): Required<Pick<HttpTuning, 'now' | 'sleep'>> & { slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}
