import { COMMAND_RULES } from '../../../detect/commands/index.js';
import { EXFIL_RULE_LIST } from '../../../detect/exfil/index.js';
import { DETECTORS } from '../../../detect/finding.js';
import { PII_RULES } from '../../../detect/pii/index.js';
import { GENERIC_RULES, SECRET_RULES } from '../../../detect/secrets/index.js';
import { URL_RULE_LIST } from '../../../detect/urls/index.js';
import type { PolicyConfig } from './schema.js';

export interface RuleCatalog {
  rules: ReadonlySet<string>;
  categories: ReadonlySet<string>;
}

let catalog: RuleCatalog | undefined;

/** Every rule id and category the shipped detectors can report (for spotting typos in policies). */
export function ruleCatalog(): RuleCatalog {
  if (catalog) return catalog;
  const all = [
    ...SECRET_RULES,
    ...Object.values(GENERIC_RULES),
    ...PII_RULES,
    ...URL_RULE_LIST,
    ...EXFIL_RULE_LIST,
    ...COMMAND_RULES.map((r) => ({ id: r.id, category: r.family })),
    // Built by the scanner and the blocklist detector rather than a rule table.
    { id: 'exfil.many-secrets', category: 'bulk-secrets' },
    { id: 'blocklist.term', category: 'blocklist' },
  ];
  catalog = { rules: new Set(all.map((r) => r.id)), categories: new Set(all.map((r) => r.category)) };
  return catalog;
}

/**
 * Names in a policy that no shipped detector reports: almost always a typo, and an entry that
 * silently never applies is worse than an error. Returned as warnings (the rule set can grow
 * with custom packs), with the field path of each.
 *
 * @example
 * policyWarnings('default', policy); // ['policies.default.rules.2.rule: "urls.ip-literal" matches no shipped rule']
 */
export function policyWarnings(id: string, policy: PolicyConfig): string[] {
  const { rules, categories } = ruleCatalog();
  const warnings: string[] = [];
  const ruleKnown = (name: string) => (name.endsWith('*') ? [...rules].some((r) => r.startsWith(name.slice(0, -1))) : rules.has(name));
  const at = (path: string, name: string, what: string) => warnings.push(`policies.${id}.${path}: "${name}" matches no shipped ${what}`);
  policy.rules.forEach((entry, i) => {
    if (entry.rule !== undefined && !ruleKnown(entry.rule)) at(`rules.${i}.rule`, entry.rule, 'rule');
    if (entry.category !== undefined && !categories.has(entry.category)) at(`rules.${i}.category`, entry.category, 'category');
  });
  policy.allowlist.forEach((entry, i) => {
    entry.rules?.forEach((r, k) => ruleKnown(r) || at(`allowlist.${i}.rules.${k}`, r, 'rule'));
    entry.categories?.forEach((c, k) => categories.has(c) || at(`allowlist.${i}.categories.${k}`, c, 'category'));
  });
  policy.non_bypassable.forEach((name, k) => {
    if (!ruleKnown(name) && !categories.has(name) && !(DETECTORS as readonly string[]).includes(name)) at(`non_bypassable.${k}`, name, 'rule, category or detector');
  });
  return warnings;
}
