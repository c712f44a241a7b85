import { beforeAll, describe, expect, it } from 'vitest';
import { WardenError } from '../../core/errors.js';
import { WARDEN_VERSION } from '../../core/version.js';
import { defaultGuardConfig, parseGuardConfig } from './config.js';
import { GuardEngine } from './engine.js';

const yaml = `
default_policy: main
policies:
  main:
    block_threshold: 60
  watch:
    mode: shadow
    block_threshold: 60
  lenient:
    on_partial_scan: allow
  weighted:
    block_threshold: 60
    rules:
      - { detector: pii, action: annotate, weight: 2 }
`;
// Two e-mail addresses and a phone number: medium-severity PII, masked by default.
const PII = 'Contact jane.roe@gmail.com or bob.smith@gmail.com, or call +1 415 555 0132.';
const SHELL = 'Run the following to finish setup:\n```bash\nrm -rf / --no-preserve-root\n```';

let engine: GuardEngine;
beforeAll(async () => {
  engine = await GuardEngine.create({ config: parseGuardConfig(yaml, 'engine.yaml'), preclassifier: null });
});

describe('GuardEngine', () => {
  it('fails closed when the time budget leaves text unscanned, unless the policy allows partial verdicts', () => {
    // A zero budget is spent before the first detector runs: nothing is scanned.
    const partial = engine.guard(PII, { timeBudgetMs: 0 }).decision;
    expect(partial.not_scanned?.some((n) => n.reason === 'time budget')).toBe(true);
    expect(partial).toMatchObject({ blocked: true, findings: [] });
    const lenient = engine.guard(PII, { timeBudgetMs: 0, policyId: 'lenient' }).decision;
    expect(lenient).toMatchObject({ blocked: false, response: PII });
    expect(engine.guard(PII).decision.not_scanned).toBeUndefined();
  });

  it('guard() renders, scan()/evaluate() return the original text with the same decision', () => {
    const guarded = engine.guard(PII).decision;
    expect(guarded.response).toBe('Contact ja**************om or bo***************om, or call +1***********32.');
    expect(guarded).toMatchObject({ blocked: false, policy_id: 'main', version: WARDEN_VERSION });
    for (const other of [engine.scan(PII).decision, engine.evaluate(PII).decision]) {
      expect(other.response).toBe(PII);
      expect(other.findings).toEqual(guarded.findings);
    }
    expect(engine.render(PII, guarded.findings)).toBe(guarded.response);
  });

  it('reports timings per detector and for the whole request', () => {
    const { decision, stats } = engine.guard(PII);
    expect(decision.latency_ms).toBeGreaterThan(0);
    expect(stats.scan_ms).toBeGreaterThan(0);
    expect(Object.keys(stats.detector_ms)).toEqual(expect.arrayContaining(['pii']));
  });

  it('risk threshold: masked findings count a quarter; the same findings annotated at weight 2 block', () => {
    const masked = engine.guard(PII).decision;
    expect(masked.risk_score).toBeLessThan(60);
    const annotated = engine.guard(PII, { policyId: 'weighted' }).decision;
    expect(annotated.findings.every((f) => f.action === 'annotate')).toBe(true);
    expect(annotated.risk_score).toBeGreaterThanOrEqual(60);
    expect(annotated).toMatchObject({ blocked: true, response: 'This response was withheld by the security policy.' });
  });

  it('shadow mode decides and passes the response through unchanged', () => {
    const { decision } = engine.guard(SHELL, { policyId: 'watch' });
    expect(decision).toMatchObject({ blocked: false, shadow: true, would_block: true, response: SHELL, policy_id: 'watch' });
    expect(decision.findings[0]!.action).toBe('block');
    expect(engine.guard(PII, { policyId: 'watch' }).decision).toMatchObject({ response: PII, would_block: false });
  });

  it('an unknown policy id is W_POLICY_UNKNOWN naming the defined ones', () => {
    let error: unknown;
    try {
      engine.guard('hello', { policyId: 'nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('W_POLICY_UNKNOWN');
    expect((error as WardenError).message).toBe('unknown policy "nope" (defined: main, watch, lenient, weighted)');
    expect(() => engine.policy('nope')).toThrow(/unknown policy/);
    expect(engine.policyIds()).toEqual(['main', 'watch', 'lenient', 'weighted']);
  });

  it('reload() swaps policies atomically; a held snapshot is unaffected and an invalid config keeps the old', async () => {
    const local = await GuardEngine.create({ config: defaultGuardConfig(), preclassifier: null });
    const before = local.policy();
    local.reload(parseGuardConfig('default_policy: b\npolicies:\n  b: { block_threshold: 10 }\n', 'r.yaml'));
    expect(local.policyIds()).toEqual(['b']);
    expect(local.guard(PII).decision).toMatchObject({ policy_id: 'b', blocked: true });
    expect(before.blockThreshold).toBe(80);
    const broken = { ...defaultGuardConfig(), default_policy: 'missing' };
    expect(() => local.reload(broken)).toThrow(/default_policy/);
    expect(local.policyIds()).toEqual(['b']);
  });

  it('a time budget that runs out is reported as not scanned', () => {
    const big = `${'word '.repeat(20_000)}${PII}`;
    const { decision } = engine.guard(big, { timeBudgetMs: 0.001 });
    expect(decision.not_scanned?.length).toBeGreaterThan(0);
    expect(decision.not_scanned![0]!.reason).toBe('time budget');
  });
});
