import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GuardServerDeps } from '../deps.js';
import { healthSchema, readySchema } from '../schemas.js';

/** How long readiness waits for the audit store before calling it unreachable. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * GET /healthz (the process answers) and GET /readyz (policies loaded and the audit store
 * answers a query). Both public and outside the limits, so probes work under load.
 */
export async function healthRoutes(app: FastifyInstance, deps: GuardServerDeps): Promise<void> {
  app.get(
    '/healthz',
    { config: { public: true }, schema: { summary: 'Liveness', operationId: 'healthz', response: { 200: healthSchema } } },
    async function healthz() {
      return { status: 'ok' };
    },
  );

  app.get(
    '/readyz',
    { config: { public: true }, schema: { summary: 'Readiness: policies loaded and audit store reachable', operationId: 'readyz', response: { 200: readySchema, 503: readySchema } } },
    async function readyz(_request, reply: FastifyReply) {
      const engine = engineReady(deps);
      const audit = await auditReachable(deps);
      const ready = engine && audit;
      reply.code(ready ? 200 : 503);
      return { status: ready ? 'ready' : 'not_ready', checks: { engine, audit } };
    },
  );
}

function engineReady(deps: GuardServerDeps): boolean {
  try {
    return deps.engine.policyIds().length > 0;
  } catch {
    return false;
  }
}

async function auditReachable(deps: GuardServerDeps): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
  const probe = deps.audit.query({ limit: 1 }).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
