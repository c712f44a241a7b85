import { describe, expect, it } from 'vitest';
import { parseGuardConfig } from '../config.js';
import { GuardEngine } from '../engine.js';
import { compilePolicy } from './compile.js';
import { defaultAction, resolveFinding } from './resolve.js';
import { policySchema } from './schema.js';

const policy = (yaml: object) => compilePolicy('p', policySchema.parse(yaml));
const reverseShell = { detector: 'commands', rule: 'commands.reverse-shell.dev-tcp', category: 'reverse-shell', severity: 'critical' } as const;

describe('resolveFinding: rule > glob > category > detector > defaults, field by field', () => {
  it('takes each field from the most specific entry that sets it', () => {
    const p = policy({
      defaults: { action: 'hash', weight: 3 },
      rules: [
        { detector: 'commands', action: 'redact', severity: 'low', weight: 0.1 },
        { category: 'reverse-shell', action: 'mask' },
        { rule: 'commands.reverse-shell.*', severity: 'medium' },
        { rule: 'commands.reverse-shell.dev-tcp', weight: 0.5 },
      ],
    });
    // action from the category, severity from the glob, weight from the exact rule.
    expect(resolveFinding(p, reverseShell)).toEqual({ action: 'mask', severity: 'medium', weight: 0.5 });
    // Another rule of the family: glob severity, category action, detector weight.
    expect(resolveFinding(p, { ...reverseShell, rule: 'commands.reverse-shell.socat' })).toEqual({ action: 'mask', severity: 'medium', weight: 0.1 });
    // Another family: detector entry for everything.
    expect(resolveFinding(p, { detector: 'commands', rule: 'commands.lolbin.certutil', category: 'lolbin', severity: 'high' })).toEqual({ action: 'redact', severity: 'low', weight: 0.1 });
    // No entry at all: the policy defaults.
    expect(resolveFinding(p, { detector: 'pii', rule: 'pii.email', category: 'email', severity: 'medium' })).toEqual({ action: 'hash', severity: undefined, weight: 3 });
  });

  it('the last of equally specific entries wins, and a longer glob beats a shorter one', () => {
    const p = policy({
      rules: [
        { rule: 'commands.*', action: 'redact' },
        { rule: 'commands.reverse-shell.*', action: 'mask' },
        { category: 'reverse-shell', action: 'annotate' },
        { category: 'reverse-shell', action: 'delink' },
      ],
    });
    expect(resolveFinding(p, reverseShell).action).toBe('mask');
    expect(resolveFinding(p, { ...reverseShell, rule: 'commands.lolbin.x', category: 'lolbin' }).action).toBe('redact');
    const q = policy({ rules: [{ category: 'reverse-shell', action: 'annotate' }, { category: 'reverse-shell', action: 'delink' }] });
    expect(resolveFinding(q, reverseShell).action).toBe('delink');
  });

  it('built-in defaults: low severity annotates; commands block at high+; secrets/pii mask; urls delink', () => {
    expect(defaultAction('commands', 'critical')).toBe('block');
    expect(defaultAction('commands', 'medium')).toBe('annotate');
    expect(defaultAction('secrets', 'high')).toBe('mask');
    expect(defaultAction('pii', 'low')).toBe('annotate');
    expect(defaultAction('urls', 'medium')).toBe('delink');
    expect(defaultAction('exfil', 'high')).toBe('redact');
    // A severity override feeds the built-in default: a reverse shell downgraded to medium is annotated.
    expect(resolveFinding(policy({ rules: [{ category: 'reverse-shell', severity: 'medium' }] }), reverseShell).action).toBe('annotate');
  });
});

describe('precedence end to end (real scan)', () => {
  const text = 'Mail jane.roe@gmail.com, token glpat-r1vDaWE7zqUukauDtw2S';
  const yaml = `
policies:
  default:
    rules:
      - { detector: pii, action: redact }
      - { category: email, action: hash }
      - { rule: pii.email, severity: critical, weight: 0 }
      - { detector: secrets, action: redact }
`;

  it('applies rule > category > detector to real findings and renders them', async () => {
    const engine = await GuardEngine.create({ config: parseGuardConfig(yaml, 'precedence.yaml'), preclassifier: null });
    const { decision } = engine.guard(text);
    const email = decision.findings.find((f) => f.rule_id === 'pii.email')!;
    expect(email).toMatchObject({ action: 'hash', severity: 'critical', span: [5, 23] });
    expect(decision.findings.find((f) => f.detector === 'secrets')).toMatchObject({ action: 'redact', category: 'code-host' });
    expect(decision.response).toBe(`Mail [HASH:${email.hash.slice(0, 16)}], token [REDACTED:code-host]`);
    // weight 0: the e-mail adds nothing; the redacted secret counts a quarter.
    expect(decision.risk_score).toBeLessThan(30);
    expect(decision.blocked).toBe(false);
  });
});
