import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GuardContext, GuardResult } from '../../types.js';
import { auditEntryFor } from '../audit-recorder.js';
import { requestTenant } from '../auth.js';
import type { GuardServerDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import {
  batchRequestSchema,
  batchResultSchema,
  decisionSchema,
  errorResponses,
  guardRequestSchema,
  scanResultSchema,
  type BatchRequestBody,
  type GuardRequestBody,
} from '../schemas.js';
import { batchJson, decisionJson, JSON_CONTENT_TYPE } from '../serialize.js';

export interface GuardRouteOptions {
  /** Overall time per request, body reading included; the engine gets what is left. */
  requestTimeoutMs: number;
  batchMaxItems: number;
}

/** Error statuses every guard route can answer. */
const ERRORS = errorResponses(400, 401, 403, 413, 415, 429, 500, 503);
/** A batch gives the event loop back this often, so one large batch cannot starve other requests. */
const BATCH_SLICE_MS = 10;

/**
 * POST /v1/guard, /v1/scan and /v1/guard/batch: thin handlers over the engine. Each decision is
 * counted in the metrics, answered, then recorded in the audit store (after the answer is
 * sent; it waits only when the store has fallen behind by many writes).
 */
export function guardRoutes(options: GuardRouteOptions) {
  return async function guardRoutesPlugin(app: FastifyInstance, deps: GuardServerDeps): Promise<void> {
    const handlerTimeout = options.requestTimeoutMs + 250;
    const context = (request: FastifyRequest, item: GuardRequestBody): GuardContext => contextFor(request, item, options.requestTimeoutMs);

    app.post(
      '/v1/guard',
      {
        handlerTimeout,
        config: { scope: 'guard' },
        schema: {
          summary: 'Judge one LLM response and return it with the policy applied',
          operationId: 'guard',
          body: guardRequestSchema,
          response: { 200: decisionSchema, ...ERRORS },
        },
      },
      async function guardRoute(request: FastifyRequest, reply: FastifyReply) {
        const body = request.body as GuardRequestBody;
        const result = deps.engine.guard(body.response, context(request, body));
        return answer(deps, request, reply, [result], '/v1/guard', decisionJson(result.decision, true));
      },
    );

    app.post(
      '/v1/scan',
      {
        handlerTimeout,
        config: { scope: 'guard' },
        schema: {
          summary: 'Judge one LLM response and return the findings only (no text)',
          operationId: 'scan',
          body: guardRequestSchema,
          response: { 200: scanResultSchema, ...ERRORS },
        },
      },
      async function scanRoute(request: FastifyRequest, reply: FastifyReply) {
        const body = request.body as GuardRequestBody;
        const result = deps.engine.scan(body.response, context(request, body));
        return answer(deps, request, reply, [result], '/v1/scan', decisionJson(result.decision, false));
      },
    );

    app.post(
      '/v1/guard/batch',
      {
        handlerTimeout,
        config: { scope: 'guard' },
        schema: {
          summary: 'Judge several LLM responses in one request',
          description: `At most ${options.batchMaxItems} items. An unknown policy id in any item fails the whole batch before any work.`,
          operationId: 'guardBatch',
          body: batchRequestSchema(options.batchMaxItems),
          response: { 200: batchResultSchema, ...ERRORS },
        },
      },
      async function guardBatchRoute(request: FastifyRequest, reply: FastifyReply) {
        const { items } = request.body as BatchRequestBody;
        for (const item of items) deps.engine.policy(item.policy_id ?? request.principal?.policy);
        const results: GuardResult[] = [];
        let slice = performance.now();
        for (const item of items) {
          // A client that went away does not get the rest of its batch computed (nor an answer).
          if (request.raw.destroyed) return reply.hijack();
          results.push(deps.engine.guard(item.response, context(request, item)));
          if (performance.now() - slice > BATCH_SLICE_MS) {
            await yieldToLoop();
            slice = performance.now();
          }
        }
        return answer(deps, request, reply, results, '/v1/guard/batch', batchJson(results.map((r) => r.decision)));
      },
    );
  };
}

/** Policy, tenant and the time left of the request's budget (a spent budget is a 503 before any work). */
function contextFor(request: FastifyRequest, item: GuardRequestBody, requestTimeoutMs: number): GuardContext {
  const left = requestTimeoutMs - (performance.now() - request.startedAt);
  if (left <= 1) throw new HttpError('W_HTTP_TIMEOUT', 'request time budget (server.request_timeout_ms) spent before the scan', { 'retry-after': '1' });
  const tenant = requestTenant(request, item.metadata?.tenant);
  request.tenant = tenant;
  const policyId = item.policy_id ?? request.principal?.policy;
  return { timeBudgetMs: Math.floor(left), ...(tenant ? { tenant } : {}), ...(policyId ? { policyId } : {}) };
}

/**
 * Counts, answers, then audits: the audit rows are written after the payload is handed to the
 * socket. `json` is the answer already serialized (see serialize.ts).
 */
async function answer(deps: GuardServerDeps, request: FastifyRequest, reply: FastifyReply, results: GuardResult[], route: string, json: string) {
  for (const result of results) deps.metrics.observeResult(result, route);
  const wait = deps.recorder.admission();
  if (wait) await wait;
  reply.header('content-type', JSON_CONTENT_TYPE).send(json);
  const latencyMs = performance.now() - request.startedAt;
  results.forEach((result, i) => {
    const requestId = route === '/v1/guard/batch' ? `${request.id}:${i}` : request.id;
    deps.recorder.record(auditEntryFor(result.decision, { requestId, tenant: request.tenant, route, model: null, latencyMs }));
  });
  return reply;
}
