import { describe, expect, it } from 'vitest';
import { expectWardenError } from '../../../../test/helpers.js';
import { DEFAULT_NEAR_DUP, nearDuplicateClusters } from '../assemble/near-dup.js';
import { normalizeText } from '../assemble/normalize.js';
import { checkQuality, checkRefusal, DEFAULT_QUALITY } from '../assemble/quality.js';
import { ALIGN_CATEGORIES, ALIGN_TEMPLATES, alignedCount, alignedPair, generateAligned, isRefusal, liveAddresses, MAX_ALIGNED, type RiskFlag } from './index.js';

const FLAGS: RiskFlag[] = ['credential-theft', 'impersonation', 'malware-development', 'data-exfiltration', 'pii', 'regulatory', 'prompt-injection', 'social-engineering', 'fraud', 'evasion'];

describe('alignedCount: aligned pairs are `ratio` of the output', () => {
  it('gives round(n × r / (1 − r))', () => {
    expect(alignedCount(945, 0.2)).toBe(236);
    expect(alignedCount(100, 0.2)).toBe(25);
    expect(alignedCount(4, 0.2)).toBe(1);
    expect(alignedCount(3, 0.5)).toBe(3);
    expect(alignedCount(1, 0.9)).toBe(9);
    expect(alignedCount(10, 0.1)).toBe(1);
    expect(alignedCount(1, 0.2)).toBe(0);
  });

  it('makes the output share as close to the ratio as a whole count allows', () => {
    for (const ratio of [0.05, 0.1, 0.2, 0.25, 1 / 3, 0.5, 0.75]) {
      for (let n = 1; n <= 300; n += 7) {
        const a = alignedCount(n, ratio);
        const error = Math.abs(a / (n + a) - ratio);
        // One more or one fewer pair never lands closer to the ratio.
        expect(error).toBeLessThanOrEqual(Math.abs((a + 1) / (n + a + 1) - ratio) + 1e-12);
        if (a > 0) expect(error).toBeLessThanOrEqual(Math.abs((a - 1) / (n + a - 1) - ratio) + 1e-12);
      }
    }
  });

  it('is zero for ratio 0 or no input, and rejects ratios outside [0, 1) and runaway counts', async () => {
    expect(alignedCount(945, 0)).toBe(0);
    expect(alignedCount(0, 0.2)).toBe(0);
    for (const bad of [1, 1.5, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = await expectWardenError(Promise.resolve().then(() => alignedCount(10, bad)));
      expect(error.code).toBe('W_USAGE');
      expect(error.message).toContain('--ratio');
    }
    const error = await expectWardenError(Promise.resolve().then(() => alignedCount(MAX_ALIGNED, 0.9)));
    expect(error.message).toContain(`at most ${MAX_ALIGNED}`);
  });
});

describe('generated pairs', () => {
  const pairs = generateAligned(42, 1000);

  it('are deterministic by seed, and pair i does not depend on how many are made', () => {
    expect(generateAligned(42, 1000)).toEqual(pairs);
    expect(generateAligned(42, 30)).toEqual(pairs.slice(0, 30));
    expect(alignedPair(42, 517)).toEqual(pairs[517]);
    const other = generateAligned(43, 30);
    expect(other.map((p) => p.response)).not.toEqual(pairs.slice(0, 30).map((p) => p.response));
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
  });

  it('cover every category, balanced to within one, in three refusals to two guidance pairs', () => {
    for (const count of [5, 7, 236, 1000]) {
      const byCategory = new Map<string, number>();
      for (const p of pairs.slice(0, count)) byCategory.set(p.metadata.category, (byCategory.get(p.metadata.category) ?? 0) + 1);
      expect([...byCategory.keys()].sort()).toEqual([...ALIGN_CATEGORIES].sort());
      expect(Math.max(...byCategory.values()) - Math.min(...byCategory.values())).toBeLessThanOrEqual(1);
    }
    const refusals = pairs.filter((p) => p.metadata.type === 'refusal').length;
    expect(refusals).toBe(600);
    expect(pairs.length - refusals).toBe(400);
  });

  it('use every template, and template ids are unique and name their category', () => {
    const all = Object.values(ALIGN_TEMPLATES).flat();
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    for (const t of all) expect(t.id.startsWith(`${t.category}.`)).toBe(true);
    expect(new Set(pairs.map((p) => p.metadata.template))).toEqual(new Set(all.map((t) => t.id)));
    for (const category of ALIGN_CATEGORIES) {
      expect(ALIGN_TEMPLATES[category].some((t) => t.type === 'refusal')).toBe(true);
      expect(ALIGN_TEMPLATES[category].some((t) => t.type === 'defensive-guidance')).toBe(true);
    }
  });

  it('carry the contract metadata and risk flags that fit their category', () => {
    for (const p of pairs) {
      const m = p.metadata;
      expect(m).toMatchObject({ source: 'align', kind: 'alignment', source_ids: [p.id], aligned: true, seed: 42 });
      expect(m.risk_flags.length).toBeGreaterThan(0);
      expect(m.risk_flags).toEqual([...new Set(m.risk_flags)].sort());
      for (const flag of m.risk_flags) expect(FLAGS).toContain(flag);
      const template = ALIGN_TEMPLATES[m.category].find((t) => t.id === m.template)!;
      expect(template.type).toBe(m.type);
      for (const flag of template.riskFlags) expect(m.risk_flags).toContain(flag);
    }
    const flagsOf = (category: string) => pairs.filter((p) => p.metadata.category === category).map((p) => p.metadata.risk_flags);
    // Domains from the classify stage's list where a category has one, so the dataset card counts them.
    for (const p of pairs) expect(p.metadata.domains).toEqual(p.metadata.category === 'phishing' ? ['phishing'] : p.metadata.category === 'malware' ? ['malware'] : undefined);
    for (const flags of flagsOf('prompt-injection')) expect(flags).toContain('prompt-injection');
    for (const flags of flagsOf('malware')) expect(flags).toContain('malware-development');
    for (const flags of flagsOf('data-handling')) expect(flags.some((f) => f === 'regulatory' || f === 'data-exfiltration')).toBe(true);
    // Slot-driven flags: personal data raises `pii`, card data `fraud`.
    const handling = pairs.filter((p) => p.metadata.category === 'data-handling');
    expect(handling.some((p) => p.metadata.risk_flags.includes('pii'))).toBe(true);
    expect(handling.filter((p) => p.instruction.includes('payment card numbers')).every((p) => p.metadata.risk_flags.includes('fraud'))).toBe(true);
  });

  it('never miss the refusal, quote the injected instruction they decline, and carry no live address', () => {
    for (const p of pairs) {
      if (p.metadata.type === 'refusal') expect(isRefusal(p.response), p.id).toBe(true);
      expect(liveAddresses(`${p.instruction}\n${p.response}`), p.id).toEqual([]);
      expect(p.response).not.toContain('```');
    }
    const injections = pairs.filter((p) => p.metadata.category === 'prompt-injection' && p.metadata.type === 'refusal');
    expect(injections.length).toBeGreaterThan(100);
    for (const p of injections) {
      const quoted = /"(.+?[.!?])"/.exec(p.response)?.[1];
      expect(quoted, p.id).toBeDefined();
      expect(p.instruction).toContain(quoted);
    }
  });

  it('pass assemble quality filters (their refusals exempt as kind alignment, boilerplate never used)', () => {
    for (const p of pairs) {
      const normal = { ...p, instruction: normalizeText(p.instruction), response: normalizeText(p.response) };
      expect(checkQuality(normal, DEFAULT_QUALITY), p.id).toBe(true);
    }
    // Without the exemption the refusal-leakage filter would catch some: the exemption is what keeps them.
    const strict = { ...DEFAULT_QUALITY, refusalExemptKinds: [] };
    const leaked = pairs.filter((p) => checkRefusal({ ...p, metadata: { ...p.metadata, aligned: false } }, strict) !== true);
    expect(leaked.length).toBeGreaterThan(0);
  });

  it('are varied enough that assemble near-duplicate dedup keeps almost all of them', () => {
    const texts = pairs.map((p) => `${normalizeText(p.instruction)}\n${normalizeText(p.response)}`);
    const removed = nearDuplicateClusters(texts, DEFAULT_NEAR_DUP).reduce((n, c) => n + c.members.length - 1, 0);
    expect(removed / pairs.length).toBeLessThan(0.02);
    const first236 = nearDuplicateClusters(texts.slice(0, 236), DEFAULT_NEAR_DUP).reduce((n, c) => n + c.members.length - 1, 0);
    expect(first236).toBeLessThanOrEqual(2);
  });
});

describe('answer checks', () => {
  it('isRefusal needs a decline near the start', () => {
    expect(isRefusal('I can\u2019t help with that. Here is safer material.')).toBe(true);
    expect(isRefusal('I will not write this.')).toBe(true);
    expect(isRefusal('Sure! Subject: Your Woodgrove Bank account is suspended. Click here to verify your password.')).toBe(false);
    expect(isRefusal(`${'Here is the email you asked for. '.repeat(20)} I cannot guarantee it works.`)).toBe(false);
  });

  it('liveAddresses allows only reserved names and documentation ranges', () => {
    expect(liveAddresses('see https://login.example.com/x, mail a@example.org, host 198.51.100.23 and 203.0.113.7; version 2.5')).toEqual([]);
    expect(liveAddresses('post to http://evil.io/x or https://bank-login.com')).toEqual(['evil.io', 'bank-login.com']);
    expect(liveAddresses('send to thief@mailbox.net.ru and 8.8.8.8')).toEqual(['mailbox.net.ru', '8.8.8.8']);
    expect(liveAddresses('not an address: 999.1.1.1')).toEqual([]);
  });
});
