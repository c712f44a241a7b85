import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import { DEFAULT_PLAN, loadPlan, normalisePlan, parseWeights, planTasks } from './plan.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-agent-plan-');

describe('planTasks', () => {
  it('is deterministic for a seed, differs across seeds, and a longer run starts with the same tasks', () => {
    const a = planTasks(DEFAULT_PLAN, 200, 42);
    expect(planTasks(DEFAULT_PLAN, 200, 42)).toEqual(a);
    expect(planTasks(DEFAULT_PLAN, 50, 42)).toEqual(a.slice(0, 50));
    const b = planTasks(DEFAULT_PLAN, 200, 43);
    expect(b.filter((t, i) => JSON.stringify(t) !== JSON.stringify(a[i])).length).toBeGreaterThan(150);
  });

  it('follows the weights: the mix of 4,000 tasks is near the plan', () => {
    const tasks = planTasks({ ...DEFAULT_PLAN, scenarios: { legal: 3, hr: 1 }, channels: { chat: 1 } }, 4000, 1);
    const legal = tasks.filter((t) => t.scenario === 'legal').length / tasks.length;
    expect(legal).toBeGreaterThan(0.72);
    expect(legal).toBeLessThan(0.78);
    expect(new Set(tasks.map((t) => t.channel))).toEqual(new Set(['chat']));
    expect(new Set(tasks.map((t) => t.recipientClass)).size).toBe(5);
  });

  it('plans placeholders that fit the scenario and target, and obfuscations that fit them', () => {
    const tasks = planTasks(DEFAULT_PLAN, 2000, 9);
    for (const t of tasks) {
      expect(new Set(t.placeholders).size).toBe(t.placeholders.length);
      if (t.target === 'public') expect(t.placeholders).toEqual([]);
      if (t.placeholders.length === 0) expect(t.obfuscation).toBe('none');
      if (t.obfuscation === 'split') expect(t.turns).toBeGreaterThanOrEqual(2);
      if (t.obfuscation === 'spelled-digits') expect(t.placeholders.some((p) => /^(PAN|SSN|PHONE)_/.test(p))).toBe(true);
      if (t.obfuscation === 'at-dot') expect(t.placeholders.some((p) => p.startsWith('EMAIL_'))).toBe(true);
    }
    const restrictedFinance = tasks.filter((t) => t.scenario === 'finance' && t.target === 'restricted');
    expect(restrictedFinance.every((t) => /^(PAN|IBAN)_1$/.test(t.placeholders[0]!))).toBe(true);
    const restrictedSecurity = tasks.filter((t) => t.scenario === 'security' && t.target === 'restricted');
    expect(restrictedSecurity.every((t) => /^(SECRET|DBURI)_1$/.test(t.placeholders[0]!))).toBe(true);
    // Casual has no restricted types: its restricted target falls back to confidential ones.
    expect(tasks.filter((t) => t.scenario === 'casual' && t.target === 'restricted').every((t) => /^(PHONE|ADDR)_1$/.test(t.placeholders[0]!))).toBe(true);
  });
});

describe('plan files and flags', () => {
  it('reads a YAML plan and keeps the defaults for the axes it leaves out', async () => {
    const path = join(dir, 'plan.yaml');
    await writeFile(path, 'scenarios: {legal: 2, security: 1}\nturns:\n  "1": 1\n  "3": 1\n');
    const plan = await loadPlan(path);
    expect(plan.scenarios).toEqual({ legal: 2, security: 1 });
    expect(plan.turns).toEqual({ '1': 1, '3': 1 });
    expect(plan.channels).toEqual(DEFAULT_PLAN.channels);
  });

  it('names the file, line and field of a bad plan', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'scenarios: {legal: 2\nchannels: [\n');
    await expect(loadPlan(bad)).rejects.toMatchObject({ code: 'W_CONFIG_PARSE', message: expect.stringContaining(`${bad}:`) });
    const unknown = join(dir, 'unknown.yaml');
    await writeFile(unknown, 'scenarios: {marketingg: 1}\n');
    await expect(loadPlan(unknown)).rejects.toMatchObject({ code: 'W_CONFIG_INVALID', message: expect.stringContaining('scenarios.marketingg: unknown value') });
    expect(() => normalisePlan({ channels: { email: -1 } }, 'flags')).toThrow(/channels.email: weight must be a number/);
    expect(() => normalisePlan({ channels: { email: 0 } }, 'flags')).toThrow(/at least one weight/);
    expect(() => normalisePlan({ colours: {} }, 'flags')).toThrow(/unknown plan field "colours"/);
    await expect(loadPlan(join(dir, 'missing.yaml'))).rejects.toMatchObject({ code: 'W_IO_NOT_FOUND' });
  });

  it('parses weight flags', () => {
    expect(parseWeights('legal=3, hr ,finance=0.5')).toEqual({ legal: 3, hr: 1, finance: 0.5 });
    expect(() => normalisePlan({ scenarios: parseWeights('legal=x') }, 'flags')).toThrow(/scenarios.legal: weight/);
  });
});
