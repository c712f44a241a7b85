import type { FastifyInstance } from 'fastify';
import { buildGuardServer, type GuardServerOptions } from './app.js';

export interface StartOptions extends GuardServerOptions {
  /** Overrides config.server.host / port (0: any free port). */
  host?: string;
  port?: number;
}

export interface RunningGuardServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  /** Stops accepting, lets in-flight requests finish (new ones get 503), flushes audit writes. */
  close(): Promise<void>;
}

/**
 * Builds the guard server and listens.
 *
 * @example
 * const server = await startGuardServer({ config, engine, audit, port: 0 });
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 */
export async function startGuardServer(options: StartOptions): Promise<RunningGuardServer> {
  const app = buildGuardServer(options);
  const host = options.host ?? options.config.server.host;
  const port = options.port ?? options.config.server.port;
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shownHost}:${bound}`, close: () => app.close() };
}
