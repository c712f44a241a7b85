import { beforeAll, describe, expect, it } from 'vitest';
import { parseGuardConfig } from '../config.js';
import { GuardEngine } from '../engine.js';

const yaml = `
policies:
  default:
    allowlist:
      - { id: gw, value: "jane.roe@gmail.com" }
      - { id: corp, regex: "^[a-z.]{1,40}@corp-mail\\\\.com$", flags: i, categories: [email] }
      - { id: acme-only, value: "bob.smith@gmail.com", rules: [pii.email], tenants: [acme] }
      - { id: wrong-scope, value: "carol.white@gmail.com", rules: [pii.phone] }
      - { id: secrets-glob, value: "glpat-r1vDaWE7zqUukauDtw2S", rules: ["secrets.*"], detectors: [secrets] }
`;

let engine: GuardEngine;
beforeAll(async () => {
  engine = await GuardEngine.create({ config: parseGuardConfig(yaml, 'allow.yaml'), preclassifier: null });
});

const emailOf = (text: string, tenant?: string) =>
  engine.guard(text, tenant ? { tenant } : {}).decision.findings.find((f) => f.rule_id === 'pii.email')!;

describe('allowlists', () => {
  it('an exact value is allowed, reported with action allow and the entry id, and adds no risk', () => {
    const { decision } = engine.guard('write to jane.roe@gmail.com today');
    expect(decision.findings).toHaveLength(1);
    expect(decision.findings[0]).toMatchObject({ action: 'allow', allowlisted: 'gw' });
    expect(decision.risk_score).toBe(0);
    expect(decision.response).toBe('write to jane.roe@gmail.com today');
    // Exact means exact: another address is masked.
    expect(emailOf('write to jane.roe2@gmail.com').action).toBe('mask');
  });

  it('a regex entry matches the whole value, case-insensitively with flags: i', () => {
    expect(emailOf('ping Ops.Team@CORP-MAIL.com').allowlisted).toBe('corp');
    expect(emailOf('ping ops@corp-mail.com.evil.io').action).not.toBe('allow');
  });

  it('tenant-scoped entries apply to that tenant only, never to a request without a tenant', () => {
    expect(emailOf('ask bob.smith@gmail.com', 'acme')).toMatchObject({ action: 'allow', allowlisted: 'acme-only' });
    expect(emailOf('ask bob.smith@gmail.com', 'globex').action).toBe('mask');
    expect(emailOf('ask bob.smith@gmail.com').action).toBe('mask');
  });

  it('rule/category/detector scopes must match the finding', () => {
    expect(emailOf('ask carol.white@gmail.com').action).toBe('mask');
    const secret = engine.guard('token glpat-r1vDaWE7zqUukauDtw2S').decision.findings.find((f) => f.detector === 'secrets')!;
    expect(secret).toMatchObject({ action: 'allow', allowlisted: 'secrets-glob' });
  });
});
