import { z } from 'zod';
import { DETECTORS, SEVERITIES } from '../../../detect/finding.js';
import { GUARD_ACTIONS } from '../types.js';
import { checkRegex } from './safe-regex.js';

/** Ids, categories and tenants; a trailing `*` makes a prefix glob (`commands.reverse-shell.*`). */
const name = z.string().min(1).max(128).regex(/^(?:[A-Za-z0-9_.:-]+\*?|\*)$/, 'letters, digits and . _ : - only, with an optional trailing * (prefix glob)');
const names = z.array(name).max(256);

/**
 * A closed object: an unknown key is an error AT that key (`policies.default.block_treshold`),
 * so the message points at the misspelt line rather than at its parent object.
 */
export function closed<S extends z.ZodObject>(schema: S) {
  const known = new Set(Object.keys(schema.shape));
  return z.preprocess(function rejectUnknownKeys(input, ctx) {
    if (input && typeof input === 'object' && !Array.isArray(input)) {
      for (const key of Object.keys(input)) {
        if (!known.has(key)) ctx.addIssue({ code: 'custom', path: [key], message: `unknown field (expected one of: ${[...known].join(', ')})` });
      }
    }
    return input;
  }, schema);
}

export const actionSchema = z.enum(GUARD_ACTIONS as [string, ...string[]]).transform((a) => a as (typeof GUARD_ACTIONS)[number]);
export const severitySchema = z.enum(SEVERITIES as [string, ...string[]]).transform((s) => s as (typeof SEVERITIES)[number]);
export const detectorSchema = z.enum(DETECTORS as [string, ...string[]]).transform((d) => d as (typeof DETECTORS)[number]);

/**
 * One override. Exactly one selector (rule id or `prefix.*` glob, category, detector) and at
 * least one of action, severity, weight. Each field is resolved on its own: the most specific
 * entry that sets it wins (rule > category > detector > defaults), so a rule entry that only
 * sets a weight keeps the action its category gives.
 */
export const ruleEntrySchema = closed(z.object({
    rule: name.optional(),
    category: name.optional(),
    detector: detectorSchema.optional(),
    action: actionSchema.optional(),
    severity: severitySchema.optional(),
    /** Multiplies the finding's share of the risk score; 0 takes it out of the score. */
    weight: z.number().min(0).max(10).optional(),
  }))
  .superRefine(function oneSelector(entry, ctx) {
    const selectors = [entry.rule, entry.category, entry.detector].filter((s) => s !== undefined).length;
    if (selectors !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of rule, category, detector' });
    if (entry.action === undefined && entry.severity === undefined && entry.weight === undefined) {
      ctx.addIssue({ code: 'custom', message: 'give at least one of action, severity, weight' });
    }
  });

/**
 * An allowlist entry: an exact matched value or a (ReDoS-checked) regex over it, optionally
 * scoped to rules, categories, detectors and tenants (an empty scope matches everything).
 */
export const allowEntrySchema = closed(z.object({
    id: name.optional(),
    value: z.string().min(1).max(4096).optional(),
    regex: z.string().optional(),
    flags: z.string().max(4).optional(),
    rules: names.optional(),
    categories: names.optional(),
    detectors: z.array(detectorSchema).max(16).optional(),
    tenants: names.optional(),
    reason: z.string().max(500).optional(),
  }))
  .superRefine(function valueOrRegex(entry, ctx) {
    if ((entry.value === undefined) === (entry.regex === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of value, regex' });
      return;
    }
    if (entry.flags !== undefined && entry.regex === undefined) ctx.addIssue({ code: 'custom', path: ['flags'], message: 'flags apply to regex only' });
    if (entry.regex !== undefined) {
      const verdict = checkRegex(entry.regex, entry.flags ?? '');
      if (!verdict.ok) ctx.addIssue({ code: 'custom', path: ['regex'], message: verdict.reason });
    }
  });

export const DEFAULT_BLOCK_MESSAGE = 'This response was withheld by the security policy.';

export const policySchema = closed(z.object({
    description: z.string().max(1000).optional(),
    /** shadow: decide and record, but pass the response through unchanged. */
    mode: z.enum(['enforce', 'shadow']).default('enforce'),
    /** A risk score at or above this blocks the whole response. */
    block_threshold: z.number().min(1).max(100).default(80),
    block_message: z.string().min(1).max(2000).default(DEFAULT_BLOCK_MESSAGE),
    /**
     * A verdict on part of a response (time budget spent, or larger than the scanner's size
     * limit) cannot vouch for the rest: fail closed by default.
     */
    on_partial_scan: z.enum(['block', 'allow']).default('block'),
    explain_only: closed(z.object({ enabled: z.boolean().default(true), threshold: z.number().gt(0).max(1).default(0.7) }))
      .default({ enabled: true, threshold: 0.7 }),
    /** Rule ids (or `prefix.*`), categories or detectors never annotated by explain-only, on top of the built-in set. */
    non_bypassable: names.default([]),
    /** Lowest precedence: applies to every finding no rule, category or detector entry covers. */
    defaults: closed(z.object({ action: actionSchema.optional(), weight: z.number().min(0).max(10).optional() }))
      .default({}),
    rules: z.array(ruleEntrySchema).max(1000).default([]),
    allowlist: z.array(allowEntrySchema).max(10_000).default([]),
  }));

export type PolicyConfig = z.output<typeof policySchema>;
export type RuleEntry = z.output<typeof ruleEntrySchema>;
export type AllowEntry = z.output<typeof allowEntrySchema>;
