import { WardenError } from '../../../core/errors.js';
import type { DetectorName, Severity } from '../../../detect/finding.js';
import type { GuardAction } from '../types.js';
import { checkRegex } from './safe-regex.js';
import type { AllowEntry, PolicyConfig, RuleEntry } from './schema.js';

/** A selector list as sets: exact names and `prefix*` globs. */
export interface NameSet {
  exact: ReadonlySet<string>;
  prefixes: readonly string[];
}

export interface CompiledAllow {
  /** `id`, or `allowlist[N]` when the entry has none. */
  id: string;
  value?: string;
  regex?: RegExp;
  rules?: NameSet;
  categories?: NameSet;
  detectors?: ReadonlySet<DetectorName>;
  tenants?: ReadonlySet<string>;
}

export interface Resolution {
  action: GuardAction;
  severity: Severity | undefined;
  weight: number;
}

/**
 * A policy ready to apply: the YAML as validated, plus lookup structures built once per
 * (re)load. Immutable, so an engine can swap snapshots while requests still read the old one.
 */
export interface ResolvedPolicy {
  id: string;
  config: PolicyConfig;
  mode: 'enforce' | 'shadow';
  blockThreshold: number;
  blockMessage: string;
  onPartialScan: 'block' | 'allow';
  explainOnly: { enabled: boolean; threshold: number };
  rules: {
    exact: ReadonlyMap<string, RuleEntry[]>;
    /** Glob entries, longest prefix first. */
    globs: readonly { prefix: string; entry: RuleEntry }[];
    categories: ReadonlyMap<string, RuleEntry[]>;
    detectors: ReadonlyMap<string, RuleEntry[]>;
  };
  allowlist: readonly CompiledAllow[];
  nonBypassable: NameSet;
  /** Resolutions by detector/rule/category/severity: filled lazily, bounded. */
  cache: Map<string, Resolution>;
}

/**
 * Builds the lookup structures of a validated policy. Throws W_POLICY_INVALID when a regex
 * cannot be compiled safely (the schema already checked it; this guards direct callers).
 *
 * @example
 * const policy = compilePolicy('default', policySchema.parse({}));
 */
export function compilePolicy(id: string, config: PolicyConfig): ResolvedPolicy {
  const exact = new Map<string, RuleEntry[]>();
  const globs: { prefix: string; entry: RuleEntry }[] = [];
  const categories = new Map<string, RuleEntry[]>();
  const detectors = new Map<string, RuleEntry[]>();
  const push = (map: Map<string, RuleEntry[]>, key: string, entry: RuleEntry) => map.set(key, [...(map.get(key) ?? []), entry]);
  for (const entry of config.rules) {
    if (entry.rule !== undefined) {
      if (entry.rule.endsWith('*')) globs.push({ prefix: entry.rule.slice(0, -1), entry });
      else push(exact, entry.rule, entry);
    } else if (entry.category !== undefined) push(categories, entry.category, entry);
    else if (entry.detector !== undefined) push(detectors, entry.detector, entry);
  }
  // Stable sort: longer (more specific) prefixes first, file order kept among equals.
  globs.sort((a, b) => b.prefix.length - a.prefix.length);
  return {
    id,
    config,
    mode: config.mode,
    blockThreshold: config.block_threshold,
    blockMessage: config.block_message,
    onPartialScan: config.on_partial_scan,
    explainOnly: { enabled: config.explain_only.enabled, threshold: config.explain_only.threshold },
    rules: { exact, globs, categories, detectors },
    allowlist: config.allowlist.map((entry, i) => compileAllow(id, entry, i)),
    nonBypassable: nameSet(config.non_bypassable),
    cache: new Map(),
  };
}

function compileAllow(policyId: string, entry: AllowEntry, index: number): CompiledAllow {
  const id = entry.id ?? `allowlist[${index}]`;
  const out: CompiledAllow = { id };
  if (entry.value !== undefined) out.value = entry.value;
  if (entry.regex !== undefined) {
    const verdict = checkRegex(entry.regex, entry.flags ?? '');
    if (!verdict.ok) throw new WardenError('W_POLICY_INVALID', `field "policies.${policyId}.allowlist.${index}.regex": ${verdict.reason}`);
    out.regex = verdict.regex;
  }
  if (entry.rules?.length) out.rules = nameSet(entry.rules);
  if (entry.categories?.length) out.categories = nameSet(entry.categories);
  if (entry.detectors?.length) out.detectors = new Set(entry.detectors);
  if (entry.tenants?.length) out.tenants = new Set(entry.tenants);
  return out;
}

export function nameSet(names: readonly string[]): NameSet {
  return {
    exact: new Set(names.filter((n) => !n.endsWith('*'))),
    prefixes: names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1)),
  };
}

export function inNameSet(set: NameSet, name: string): boolean {
  return set.exact.has(name) || set.prefixes.some((p) => name.startsWith(p));
}
