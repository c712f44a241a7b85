import type { DlpLabels, Exposure, Obfuscation, Recipient, RecipientClass, Scenario, Sensitivity, SpanType } from './types.js';

/**
 * THE label rule set of the DLP data: every record's labels are derived from its spans,
 * recipients, scenario and obfuscation by these rules, and by nothing else. Each list is
 * read top-down; the first rule whose conditions all hold gives the label.
 *
 * | label | rule (first match wins) | value |
 * | --- | --- | --- |
 * | sensitivity | a SECRET, DBURI, PAN, SSN or IBAN span | restricted |
 * | sensitivity | an NDA or MATTER span | confidential |
 * | sensitivity | a PHONE or ADDR span | confidential |
 * | sensitivity | a NAME, EMAIL or IP span | internal |
 * | sensitivity | scenario legal, finance, hr, security or engineering | internal |
 * | sensitivity | otherwise | public |
 * | exposure | sensitivity public | none |
 * | exposure | a suspicious recipient | suspicious |
 * | exposure | a webmail or competitor recipient | external-unauthorised |
 * | exposure | a partner not authorised for the scenario | external-unauthorised |
 * | exposure | an (authorised) partner recipient | external-authorised |
 * | exposure | otherwise (internal recipients only) | internal |
 * | context | always | the scenario (legal, finance, hr, security, engineering, casual, marketing) |
 * | obfuscation | always | the obfuscation applied to the record's values, or none |
 *
 * A partner is authorised for the one scenario it serves: outside counsel for legal, the
 * auditor or accountant for finance, payroll and benefits providers for hr, penetration
 * testers and incident responders for security, contract developers and the hosting vendor
 * for engineering, agencies for marketing.
 */
export interface LabelFacts {
  types: ReadonlySet<SpanType>;
  scenario: Scenario;
  recipients: readonly Recipient[];
  obfuscation: Obfuscation;
}

export interface Rule<T> {
  when: {
    anyType?: readonly SpanType[];
    scenario?: readonly Scenario[];
    sensitivity?: readonly Sensitivity[];
    anyRecipient?: readonly RecipientClass[];
    unauthorisedPartner?: true;
  };
  then: T;
  why: string;
}

export const SENSITIVITY_RULES: readonly Rule<Sensitivity>[] = [
  { when: { anyType: ['SECRET', 'DBURI', 'PAN', 'SSN', 'IBAN'] }, then: 'restricted', why: 'credentials, payment data or government ids' },
  { when: { anyType: ['NDA', 'MATTER'] }, then: 'confidential', why: 'privileged or contractual legal material' },
  { when: { anyType: ['PHONE', 'ADDR'] }, then: 'confidential', why: 'personal contact data' },
  { when: { anyType: ['NAME', 'EMAIL', 'IP'] }, then: 'internal', why: 'identifiers on their own' },
  { when: { scenario: ['legal', 'finance', 'hr', 'security', 'engineering'] }, then: 'internal', why: 'business content without sensitive values' },
  { when: {}, then: 'public', why: 'casual or marketing content with nothing sensitive' },
];

export const EXPOSURE_RULES: readonly Rule<Exposure>[] = [
  { when: { sensitivity: ['public'] }, then: 'none', why: 'nothing sensitive to expose' },
  { when: { anyRecipient: ['suspicious'] }, then: 'suspicious', why: 'a look-alike, throw-away or paste-site destination' },
  { when: { anyRecipient: ['webmail', 'competitor'] }, then: 'external-unauthorised', why: 'personal webmail or a competitor' },
  { when: { unauthorisedPartner: true }, then: 'external-unauthorised', why: 'a partner that does not serve this scenario' },
  { when: { anyRecipient: ['partner'] }, then: 'external-authorised', why: 'a partner authorised for this scenario' },
  { when: {}, then: 'internal', why: 'internal recipients only' },
];

function holds(rule: Rule<unknown>, facts: LabelFacts, sensitivity: Sensitivity | undefined): boolean {
  const w = rule.when;
  if (w.anyType && !w.anyType.some((t) => facts.types.has(t))) return false;
  if (w.scenario && !w.scenario.includes(facts.scenario)) return false;
  if (w.sensitivity && (sensitivity === undefined || !w.sensitivity.includes(sensitivity))) return false;
  if (w.anyRecipient && !facts.recipients.some((r) => w.anyRecipient!.includes(r.class))) return false;
  if (w.unauthorisedPartner && !facts.recipients.some((r) => r.class === 'partner' && r.authorised !== true)) return false;
  return true;
}

function first<T>(rules: readonly Rule<T>[], facts: LabelFacts, sensitivity?: Sensitivity): Rule<T> {
  for (const rule of rules) if (holds(rule, facts, sensitivity)) return rule;
  throw new Error('internal: label rules have no default');
}

/**
 * Derives a record's labels by the rule set above.
 *
 * @example
 * deriveLabels({ types: new Set(['PAN']), scenario: 'finance', recipients: [{ address: 'x@gmail.com', class: 'webmail' }], obfuscation: 'none' });
 * // { sensitivity: 'restricted', exposure: 'external-unauthorised', context: 'finance', obfuscation: 'none' }
 */
export function deriveLabels(facts: LabelFacts): DlpLabels {
  const sensitivity = first(SENSITIVITY_RULES, facts).then;
  const exposure = first(EXPOSURE_RULES, facts, sensitivity).then;
  return { sensitivity, exposure, context: facts.scenario, obfuscation: facts.obfuscation };
}

/**
 * The rule set as a Markdown table (for docs and the README).
 *
 * @example
 * labelRulesTable().startsWith('| label |'); // true
 */
export function labelRulesTable(): string {
  const row = (label: string, rule: Rule<string>) => `| ${label} | ${describe(rule)} | ${rule.then} | ${rule.why} |`;
  return [
    '| label | when (first match wins) | value | why |',
    '| --- | --- | --- | --- |',
    ...SENSITIVITY_RULES.map((r) => row('sensitivity', r)),
    ...EXPOSURE_RULES.map((r) => row('exposure', r)),
    '| context | always | the scenario | the business context the message is written in |',
    '| obfuscation | always | the obfuscation applied, or none | how values were hidden |',
  ].join('\n');
}

/**
 * The rule set as aligned plain-text lines (for `--help`).
 *
 * @example
 * labelRulesLines()[0]; // '  sensitivity = restricted             when a SECRET/DBURI/PAN/SSN/IBAN span'
 */
export function labelRulesLines(): string[] {
  const line = (label: string, value: string, when: string) => `  ${`${label} = ${value}`.padEnd(36)} ${when === 'otherwise' || when === 'always' ? when : `when ${when}`}`;
  return [
    ...SENSITIVITY_RULES.map((r) => line('sensitivity', r.then, describe(r))),
    ...EXPOSURE_RULES.map((r) => line('exposure', r.then, describe(r))),
    line('context', '<scenario>', 'always'),
    line('obfuscation', '<kind applied> | none', 'always'),
  ];
}

function describe(rule: Rule<string>): string {
  const w = rule.when;
  const parts: string[] = [];
  if (w.anyType) parts.push(`a ${w.anyType.join('/')} span`);
  if (w.scenario) parts.push(`scenario ${w.scenario.join('/')}`);
  if (w.sensitivity) parts.push(`sensitivity ${w.sensitivity.join('/')}`);
  if (w.anyRecipient) parts.push(`a ${w.anyRecipient.join('/')} recipient`);
  if (w.unauthorisedPartner) parts.push('a partner not authorised for the scenario');
  return parts.length > 0 ? parts.join(' and ') : 'otherwise';
}
