import { DETECTORS, SEVERITIES } from '../../../detect/finding.js';
import { GUARD_ACTIONS } from '../types.js';

/**
 * JSON schemas of the guard API, written once and used three ways: Fastify validates requests
 * and serializes responses with them, and /openapi.json is generated from the same objects.
 * They stay inside the common subset of JSON Schema draft-07 (Fastify's Ajv) and 2020-12
 * (OpenAPI 3.1): `type` arrays instead of `nullable`, no tuple `items`.
 */

/** Named schemas: the OpenAPI generator turns each (by object identity) into a `$ref`. */
export const components: Record<string, object> = {};
function named<T extends object>(name: string, schema: T): T {
  components[name] = schema;
  return schema;
}

const SEGMENTS = ['code', 'inline_code', 'link', 'prose'] as const;
const AUDIT_ACTIONS = ['allow', 'annotate', 'mask', 'block', 'shadow'] as const;

export const errorSchema = named('Error', {
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable code: W_HTTP_* for transport problems, W_POLICY_UNKNOWN, W_STORE, W_INTERNAL.' },
        message: { type: 'string' },
      },
    },
  },
});

const metadataSchema = {
  type: 'object',
  description: 'Caller metadata. `tenant` is used only when auth is off; with auth the key decides the tenant.',
  maxProperties: 64,
  properties: { tenant: { type: 'string', minLength: 1, maxLength: 128 } },
  additionalProperties: true,
} as const;

const policyIdSchema = { type: 'string', minLength: 1, maxLength: 128, description: 'A policy id of the guard config; omitted: default_policy.' } as const;

export const guardRequestSchema = named('GuardRequest', {
  type: 'object',
  required: ['response'],
  additionalProperties: false,
  properties: {
    response: { type: 'string', description: 'The LLM response to judge (bounded by server.body_limit_bytes).' },
    policy_id: policyIdSchema,
    metadata: metadataSchema,
  },
});

/** The batch request, with its item count bounded by `server.batch_max_items`. */
export function batchRequestSchema(maxItems: number): object {
  return named('GuardBatchRequest', {
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: { items: { type: 'array', minItems: 1, maxItems, items: guardRequestSchema } },
  });
}

export const findingSchema = named('GuardFinding', {
  type: 'object',
  additionalProperties: false,
  required: ['rule_id', 'detector', 'category', 'action', 'severity', 'score', 'span', 'preview', 'hash', 'segment', 'explain_only'],
  properties: {
    rule_id: { type: 'string' },
    detector: { type: 'string', enum: [...DETECTORS] },
    category: { type: 'string' },
    action: { type: 'string', enum: [...GUARD_ACTIONS] },
    severity: { type: 'string', enum: [...SEVERITIES] },
    score: { type: 'number' },
    span: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2, description: '[start, end) in the original response.' },
    preview: { type: 'string', description: 'Masked value; the raw value is never returned.' },
    hash: { type: 'string', description: 'Salted hash of the matched value.' },
    segment: { type: 'string', enum: [...SEGMENTS] },
    explain_only: { type: 'boolean' },
    attack: { type: 'string' },
    intent: {
      type: 'object',
      additionalProperties: false,
      required: ['label', 'educational', 'threshold'],
      properties: { label: { type: 'string' }, educational: { type: 'number' }, threshold: { type: 'number' } },
    },
    allowlisted: { type: 'string' },
  },
});

const notScannedSchema = {
  type: 'array',
  items: { type: 'object', additionalProperties: false, required: ['what', 'reason'], properties: { what: { type: 'string' }, reason: { type: 'string' } } },
} as const;

/** Fields the guard and scan answers share. */
const verdictProperties = {
  blocked: { type: 'boolean' },
  findings: { type: 'array', items: findingSchema },
  risk_score: { type: 'number', minimum: 0, maximum: 100 },
  policy_id: { type: 'string' },
  latency_ms: { type: 'number' },
  version: { type: 'string' },
  shadow: { type: 'boolean', description: 'Shadow mode: the response passes unchanged; would_block says what enforcement would do.' },
  would_block: { type: 'boolean' },
  not_scanned: notScannedSchema,
} as const;

export const decisionSchema = named('GuardDecision', {
  type: 'object',
  additionalProperties: false,
  required: ['response', 'blocked', 'findings', 'risk_score', 'policy_id', 'latency_ms', 'version'],
  properties: {
    response: { type: 'string', description: "The original text with the policy's actions applied, or the block message." },
    ...verdictProperties,
  },
});

export const scanResultSchema = named('ScanResult', {
  type: 'object',
  additionalProperties: false,
  required: ['blocked', 'findings', 'risk_score', 'policy_id', 'latency_ms', 'version'],
  properties: verdictProperties,
});

export const batchResultSchema = named('GuardBatchResult', {
  type: 'object',
  additionalProperties: false,
  required: ['results'],
  properties: { results: { type: 'array', items: decisionSchema } },
});

const auditFindingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rule_id', 'detector', 'category', 'action', 'severity', 'score', 'span', 'preview', 'hash', 'explain_only'],
  properties: {
    rule_id: { type: 'string' },
    detector: { type: 'string' },
    category: { type: 'string' },
    action: { type: 'string' },
    severity: { type: 'string' },
    score: { type: 'number' },
    span: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 },
    preview: { type: 'string' },
    hash: { type: 'string' },
    explain_only: { type: 'boolean' },
  },
} as const;

export const auditEntrySchema = named('AuditEntry', {
  type: 'object',
  additionalProperties: false,
  required: ['request_id', 'time', 'tenant', 'policy_id', 'route', 'model', 'action', 'blocked', 'risk_score', 'latency_ms', 'findings'],
  properties: {
    request_id: { type: 'string' },
    time: { type: 'string', format: 'date-time' },
    tenant: { type: ['string', 'null'] },
    policy_id: { type: 'string' },
    route: { type: 'string' },
    model: { type: ['string', 'null'] },
    action: { type: 'string', enum: [...AUDIT_ACTIONS] },
    blocked: { type: 'boolean' },
    risk_score: { type: 'number' },
    latency_ms: { type: 'number' },
    findings: { type: 'array', items: auditFindingSchema },
    findings_total: { type: 'integer', description: 'Present when the decision had more findings than the audit keeps per entry.' },
  },
});

export const auditQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    since: { type: 'string', minLength: 1, maxLength: 64, description: 'Inclusive: a duration back from now (30m, 24h, 7d), a date (2026-11-01) or an ISO date-time.' },
    until: { type: 'string', minLength: 1, maxLength: 64, description: 'Exclusive; same forms as since.' },
    tenant: { type: 'string', minLength: 1, maxLength: 128, description: 'A tenant-bound key may only ask for its own tenant.' },
    rule: { type: 'string', minLength: 1, maxLength: 200, description: 'Entries with a finding of this rule id.' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
} as const;

export const auditResultSchema = named('AuditResult', {
  type: 'object',
  additionalProperties: false,
  required: ['entries'],
  properties: { entries: { type: 'array', items: auditEntrySchema } },
});

export const healthSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string' } },
} as const;

export const readySchema = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    checks: {
      type: 'object',
      required: ['engine', 'audit'],
      properties: { engine: { type: 'boolean' }, audit: { type: 'boolean' } },
    },
  },
} as const;

/** Error answers a protected JSON route can give, for its `response` schema. */
export function errorResponses(...statuses: number[]): Record<number, object> {
  return Object.fromEntries(statuses.map((status) => [status, errorSchema]));
}

/** Wire types of the request bodies (what the schemas admit). */
export interface GuardRequestBody {
  response: string;
  policy_id?: string;
  metadata?: { tenant?: string; [key: string]: unknown };
}

export interface BatchRequestBody {
  items: GuardRequestBody[];
}

export interface AuditQuery {
  since?: string;
  until?: string;
  tenant?: string;
  rule?: string;
  limit: number;
}
