export { compilePolicy, type CompiledAllow, type ResolvedPolicy, type Resolution } from './compile.js';
export { decidePolicy, type PolicyDecision } from './decide.js';
export { BUILT_IN_NON_BYPASSABLE, builtInNonBypassable, concreteHost } from './non-bypassable.js';
export { defaultAction, matchAllowlist, resolveFinding } from './resolve.js';
export { ACTION_RISK, findingRisk, riskScore, SEVERITY_RISK } from './risk.js';
export { checkRegex, MAX_REGEX_CHARS } from './safe-regex.js';
export { DEFAULT_BLOCK_MESSAGE, policySchema, type AllowEntry, type PolicyConfig, type RuleEntry } from './schema.js';
export { policyWarnings, ruleCatalog } from './catalog.js';
