import type { FastifyInstance } from 'fastify';
import type { ProxyDeps } from './context.js';
import type { RouteSpec } from './forward.js';
import { chatShape, completionShape, guardChoices } from './openai-chat.js';
import { ChoicesTransformer } from './openai-chat-stream.js';
import { guardResponse, ResponsesTransformer } from './openai-responses.js';
import { registerProxyRoutes } from './routes.js';

const openaiUpstream = (deps: ProxyDeps) => deps.config.upstreams.openai;

export const openaiRoutes: readonly RouteSpec[] = [
  {
    protocol: 'openai',
    route: '/v1/chat/completions',
    upstreamPath: 'chat/completions',
    upstream: openaiUpstream,
    guardBody: (body, guard, blockMessage) => guardChoices(body, chatShape, guard, blockMessage),
    transformer: (request, newGuard, blockMessage) => new ChoicesTransformer(request, chatShape, newGuard, blockMessage),
  },
  {
    protocol: 'openai',
    route: '/v1/completions',
    upstreamPath: 'completions',
    upstream: openaiUpstream,
    guardBody: (body, guard, blockMessage) => guardChoices(body, completionShape, guard, blockMessage),
    transformer: (request, newGuard, blockMessage) => new ChoicesTransformer(request, completionShape, newGuard, blockMessage),
  },
  {
    protocol: 'openai',
    route: '/v1/responses',
    upstreamPath: 'responses',
    upstream: openaiUpstream,
    guardBody: (body, guard, blockMessage) => guardResponse(body, guard, blockMessage),
    transformer: (_request, newGuard, blockMessage) => new ResponsesTransformer(newGuard, blockMessage),
  },
];

/**
 * The OpenAI-compatible proxy: `POST /v1/chat/completions`, `/v1/completions` and
 * `/v1/responses`, forwarded to `upstreams.openai.base_url` and guarded, streaming or not.
 *
 * @example
 * const app = Fastify();
 * await openaiProxy(app, { config, engine, audit });
 * // new OpenAI({ baseURL: 'http://127.0.0.1:8080/v1', apiKey: process.env.OPENAI_API_KEY })
 */
export async function openaiProxy(app: FastifyInstance, deps: ProxyDeps): Promise<void> {
  await registerProxyRoutes(app, deps, 'openai', openaiRoutes);
}
