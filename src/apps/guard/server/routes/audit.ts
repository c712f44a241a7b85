import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseTimeBound } from '../../audit/index.js';
import type { GuardServerDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { auditQuerySchema, auditResultSchema, errorResponses, type AuditQuery } from '../schemas.js';

/**
 * GET /v1/audit: recorded decisions, newest first. Always needs a key with the `audit` scope
 * (even when auth.required is false: audit rows describe every tenant's traffic). A key bound
 * to a tenant sees only that tenant's rows; asking for another tenant is 403.
 */
export async function auditRoutes(app: FastifyInstance, deps: GuardServerDeps): Promise<void> {
  app.get(
    '/v1/audit',
    {
      config: { scope: 'audit', requireKey: true },
      schema: {
        summary: 'Query recorded decisions (no raw text: masked previews and salted hashes only)',
        operationId: 'audit',
        querystring: auditQuerySchema,
        response: { 200: auditResultSchema, ...errorResponses(400, 401, 403, 429, 500, 503) },
      },
    },
    async function auditRoute(request: FastifyRequest) {
      const query = request.query as AuditQuery;
      const own = request.principal?.tenant ?? null;
      if (own && query.tenant !== undefined && query.tenant !== own) {
        throw new HttpError('W_HTTP_FORBIDDEN', 'this key may only read its own tenant');
      }
      const tenant = own ?? query.tenant;
      request.tenant = tenant ?? null;
      const entries = await deps.audit.query({
        limit: query.limit,
        ...(query.since ? { since: timeBound(query.since, 'since') } : {}),
        ...(query.until ? { until: timeBound(query.until, 'until') } : {}),
        ...(tenant ? { tenant } : {}),
        ...(query.rule ? { rule: query.rule } : {}),
      });
      return { entries };
    },
  );
}

function timeBound(value: string, name: string): Date {
  try {
    return parseTimeBound(value);
  } catch {
    throw new HttpError('W_HTTP_INVALID_REQUEST', `querystring/${name} must be a duration (30m, 24h, 7d), a date (2026-11-01) or an ISO date-time`);
  }
}
