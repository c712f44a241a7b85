import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamCall, UpstreamFailure } from './upstream-call.js';

/** A plain node:http server that counts connections and answers as `handle` says. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse, nth: number, socket: Socket) => void): Promise<{ url: string; connections: () => number; server: Server }> {
  let connections = 0;
  const perSocket = new WeakMap<Socket, number>();
  const server = createServer(function answer(req, res) {
    const nth = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, nth);
    req.resume();
    req.once('end', () => handle(req, res, nth, req.socket));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/x`, connections: () => connections, server };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const call = (url: string, timeoutMs = 2000) => new UpstreamCall({ url, headers: { 'content-type': 'application/json' }, body: '{"a":1}', timeoutMs });

describe('UpstreamCall', () => {
  it('reuses one kept-alive connection for calls in a row; abort() after a whole answer keeps it', async () => {
    const upstream = await serve((_req, res) => res.end('{"ok":true}'));
    for (let i = 0; i < 3; i++) {
      const c = call(upstream.url);
      const response = await c.start();
      expect(response).toMatchObject({ status: 200, ok: true });
      expect(await c.text()).toBe('{"ok":true}');
      c.abort('aborted', 'stream closed');
    }
    expect(upstream.connections()).toBe(1);
  });

  it('sends a request once more on a new connection when a reused socket was closed by the upstream', async () => {
    // The second request on a connection finds it closed (an idle keep-alive socket the upstream dropped).
    const upstream = await serve((_req, res, nth, socket) => (nth === 1 ? res.end('first') : socket.destroy()));
    const first = call(upstream.url);
    await first.start();
    expect(await first.text()).toBe('first');
    const second = call(upstream.url);
    await second.start();
    expect(await second.text()).toBe('first');
    expect(upstream.connections()).toBe(2);
  });

  it('times out waiting for the answer (504) and closes the connection', async () => {
    let closed = false;
    const upstream = await serve((req) => req.socket.once('close', () => (closed = true)));
    const error = await call(upstream.url, 100)
      .start()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamFailure);
    expect((error as UpstreamFailure).status).toBe(504);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });

  it('cuts a body that stalls (idle timeout) and one larger than the limit', async () => {
    const upstream = await serve((_req, res, nth) => {
      res.write('x'.repeat(100));
      if (nth > 0 && res.req.url?.includes('big')) res.end('y'.repeat(1000));
    });
    const stalled = call(upstream.url, 100);
    await stalled.start();
    expect(await stalled.text().catch((e: unknown) => (e as UpstreamFailure).status)).toBe(504);
    const big = call(upstream.url.replace('/x', '/big'));
    await big.start();
    expect(await big.text(500).catch((e: unknown) => (e as UpstreamFailure).status)).toBe(502);
  });

  it('answers 502 for an unreachable upstream and rejects a call aborted before it started', async () => {
    const dead = await call('http://127.0.0.1:9/v1/x')
      .start()
      .catch((e: unknown) => e);
    expect(dead).toMatchObject({ kind: 'unreachable', status: 502 });
    expect((dead as Error).message).toContain('ECONNREFUSED');
    for (const bad of ['ftp://127.0.0.1/v1', 'not a url']) expect(await call(bad).start().catch((e: unknown) => (e as UpstreamFailure).status)).toBe(502);
    const early = call('http://127.0.0.1:9/v1/x');
    early.abort();
    expect(early.aborted).toBe(true);
    expect(await early.start().catch((e: unknown) => (e as UpstreamFailure).kind)).toBe('aborted');
  });
});
