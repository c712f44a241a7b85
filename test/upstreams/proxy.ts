import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { openAuditStore } from '../../src/apps/guard/audit/index.js';
import type { AuditStore } from '../../src/apps/guard/audit/types.js';
import { guardConfigSchema, type GuardConfig } from '../../src/apps/guard/config.js';
import { GuardEngine } from '../../src/apps/guard/engine.js';
import { anthropicProxy } from '../../src/apps/guard/proxy/anthropic.js';
import { openaiProxy } from '../../src/apps/guard/proxy/openai.js';

/**
 * The proxy plugins on a real Fastify server (127.0.0.1:0) with the real engine (shipped
 * pre-classifier) and a real audit store (SQLite in memory), pointed at the fake upstreams.
 */

export interface ProxyOptions {
  /** Base URL of the OpenAI upstream (with /v1). */
  openai?: string;
  /** Base URL of the Anthropic upstream. */
  anthropic?: string;
  holdBackChars?: number;
  timeoutMs?: number;
  passClientKey?: boolean;
  /** Extra guard.yaml fields (policies, default_policy...). */
  config?: Record<string, unknown>;
}

export interface ProxyHarness {
  url: string;
  /** For the OpenAI SDK's baseURL. */
  openaiURL: string;
  /** For the Anthropic SDK's baseURL. */
  anthropicURL: string;
  app: FastifyInstance;
  engine: GuardEngine;
  audit: AuditStore;
  config: GuardConfig;
  close(): Promise<void>;
}

/**
 * @example
 * const proxy = await startProxy({ openai: upstream.baseURL });
 * const client = new OpenAI({ baseURL: proxy.openaiURL, apiKey: 'sk-test', maxRetries: 0 });
 */
export async function startProxy(options: ProxyOptions): Promise<ProxyHarness> {
  const upstream = (base: string | undefined) => ({
    ...(base ? { base_url: base } : {}),
    timeout_ms: options.timeoutMs ?? 10_000,
    pass_client_key: options.passClientKey ?? true,
    api_key_env: 'WARDEN_TEST_UPSTREAM_KEY',
  });
  const config = guardConfigSchema.parse({
    upstreams: { openai: upstream(options.openai), anthropic: upstream(options.anthropic) },
    stream: { hold_back_chars: options.holdBackChars ?? 256 },
    ...options.config,
  });
  const engine = await GuardEngine.create({ config });
  const audit = await openAuditStore('sqlite::memory:');
  const app = Fastify({ logger: false });
  const deps = { config, engine, audit };
  await openaiProxy(app, deps);
  await anthropicProxy(app, deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiURL: `${url}/v1`,
    anthropicURL: url,
    app,
    engine,
    audit,
    config,
    async close() {
      await app.close();
      await audit.close();
    },
  };
}

/** Waits until `check` passes (audit writes are batched). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
