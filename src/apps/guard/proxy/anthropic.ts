import type { FastifyInstance } from 'fastify';
import { guardMessage, MessagesTransformer } from './anthropic-messages.js';
import type { ProxyDeps } from './context.js';
import type { RouteSpec } from './forward.js';
import { registerProxyRoutes } from './routes.js';

export const anthropicRoutes: readonly RouteSpec[] = [
  {
    protocol: 'anthropic',
    route: '/v1/messages',
    upstreamPath: 'v1/messages',
    upstream: (deps) => deps.config.upstreams.anthropic,
    guardBody: (body, guard, blockMessage) => guardMessage(body, guard, blockMessage),
    transformer: (_request, newGuard, blockMessage) => new MessagesTransformer(newGuard, blockMessage),
  },
];

/**
 * The Anthropic-compatible proxy: `POST /v1/messages` forwarded to
 * `upstreams.anthropic.base_url` and guarded, streaming events included.
 *
 * @example
 * const app = Fastify();
 * await anthropicProxy(app, { config, engine, audit });
 * // new Anthropic({ baseURL: 'http://127.0.0.1:8080', apiKey: process.env.ANTHROPIC_API_KEY })
 */
export async function anthropicProxy(app: FastifyInstance, deps: ProxyDeps): Promise<void> {
  await registerProxyRoutes(app, deps, 'anthropic', anthropicRoutes);
}
