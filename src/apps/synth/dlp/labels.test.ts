import { describe, expect, it } from 'vitest';
import { deriveLabels, EXPOSURE_RULES, labelRulesLines, labelRulesTable, SENSITIVITY_RULES, type LabelFacts } from './labels.js';
import type { Recipient, SpanType } from './types.js';

const internal: Recipient = { address: 'a@northwind-meridian.com', class: 'internal' };
const counsel: Recipient = { address: 'b@hartleyfinch-law.com', class: 'partner', org: 'Hartley & Finch LLP', authorised: true };
const agency: Recipient = { address: 'c@loudbird-agency.com', class: 'partner', org: 'Loudbird Agency', authorised: false };
const gmail: Recipient = { address: 'd@gmail.com', class: 'webmail' };
const rival: Recipient = { address: 'e@vantora.io', class: 'competitor' };
const phish: Recipient = { address: 'f@nwm-c0rp.com', class: 'suspicious' };
const facts = (types: SpanType[], recipients: Recipient[], scenario: LabelFacts['scenario'] = 'legal'): LabelFacts => ({ types: new Set(types), scenario, recipients, obfuscation: 'none' });

describe('label rule set', () => {
  it('sensitivity: restricted > confidential > internal > public, first match wins', () => {
    expect(deriveLabels(facts(['PAN', 'NAME'], [internal])).sensitivity).toBe('restricted');
    expect(deriveLabels(facts(['SECRET'], [internal])).sensitivity).toBe('restricted');
    expect(deriveLabels(facts(['NDA', 'NAME'], [internal])).sensitivity).toBe('confidential');
    expect(deriveLabels(facts(['PHONE'], [internal], 'casual')).sensitivity).toBe('confidential');
    expect(deriveLabels(facts(['EMAIL'], [internal], 'casual')).sensitivity).toBe('internal');
    expect(deriveLabels(facts([], [internal], 'finance')).sensitivity).toBe('internal');
    expect(deriveLabels(facts([], [internal], 'casual')).sensitivity).toBe('public');
  });

  it('exposure: suspicious, then webmail/competitor or an unauthorised partner, then authorised partner, then internal', () => {
    expect(deriveLabels(facts(['PAN'], [internal, phish, gmail])).exposure).toBe('suspicious');
    expect(deriveLabels(facts(['PAN'], [internal, gmail])).exposure).toBe('external-unauthorised');
    expect(deriveLabels(facts(['PAN'], [rival])).exposure).toBe('external-unauthorised');
    expect(deriveLabels(facts(['MATTER'], [counsel, agency])).exposure).toBe('external-unauthorised');
    expect(deriveLabels(facts(['MATTER'], [counsel, internal])).exposure).toBe('external-authorised');
    expect(deriveLabels(facts(['MATTER'], [internal])).exposure).toBe('internal');
    expect(deriveLabels(facts([], [phish], 'casual')).exposure).toBe('none');
  });

  it('context is the scenario and obfuscation is passed through', () => {
    const labels = deriveLabels({ ...facts(['EMAIL'], [internal], 'hr'), obfuscation: 'at-dot' });
    expect(labels).toEqual({ sensitivity: 'internal', exposure: 'internal', context: 'hr', obfuscation: 'at-dot' });
  });

  it('every rule list ends in a default and the table documents each rule', () => {
    expect(SENSITIVITY_RULES.at(-1)!.when).toEqual({});
    expect(EXPOSURE_RULES.at(-1)!.when).toEqual({});
    const table = labelRulesTable();
    expect(table.split('\n')).toHaveLength(2 + SENSITIVITY_RULES.length + EXPOSURE_RULES.length + 2);
    expect(table).toContain('| sensitivity | a SECRET/DBURI/PAN/SSN/IBAN span | restricted |');
    const lines = labelRulesLines();
    expect(lines).toHaveLength(SENSITIVITY_RULES.length + EXPOSURE_RULES.length + 2);
    expect(lines.at(-3)).toMatch(/exposure = internal +otherwise$/);
  });
});
