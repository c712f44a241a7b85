import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { loadGuardConfig, watchGuardConfig, type GuardConfig } from './config.js';
import { GuardEngine } from './engine.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-guard-watch-');

const policyYaml = (threshold: number) => `default_policy: p\npolicies:\n  p: { block_threshold: ${threshold} }\n`;
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** Resolves when `predicate` holds, polling (fs events arrive asynchronously). */
async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the watcher');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('watchGuardConfig', () => {
  it('reloads a valid change, keeps the old config on an invalid one and reports it, then recovers', async () => {
    const file = join(dir, 'guard.yaml');
    await writeFile(file, policyYaml(70));
    const engine = await GuardEngine.create({ config: (await loadGuardConfig(file)).config, preclassifier: null });
    const changes: GuardConfig[] = [];
    const errors: Error[] = [];
    stops.push(
      watchGuardConfig(
        file,
        (config) => {
          changes.push(config);
          engine.reload(config);
        },
        (error) => errors.push(error),
        { debounceMs: 50 },
      ),
    );
    await new Promise((r) => setTimeout(r, 50));

    await writeFile(file, policyYaml(40));
    await until(() => changes.length === 1);
    expect(engine.policy().blockThreshold).toBe(40);

    await writeFile(file, 'default_policy: p\npolicies:\n  p: { block_threshold: "high" }\n');
    await until(() => errors.length === 1);
    expect(errors[0]!.message).toContain('field "policies.p.block_threshold"');
    expect((errors[0] as Error & { code: string }).code).toBe('W_POLICY_INVALID');
    expect(changes).toHaveLength(1);
    expect(engine.policy().blockThreshold).toBe(40);

    // Editors often write a temp file and rename it over the original.
    await writeFile(join(dir, 'guard.yaml.tmp'), policyYaml(55));
    await rename(join(dir, 'guard.yaml.tmp'), file);
    await until(() => changes.length === 2);
    expect(engine.policy().blockThreshold).toBe(55);
  });

  it('debounces a burst of writes into one reload, ignores unchanged content and other files, and stops', async () => {
    const file = join(dir, 'guard.yaml');
    await writeFile(file, policyYaml(70));
    const seen: number[] = [];
    const stop = watchGuardConfig(file, (config) => seen.push(config.policies['p']!.block_threshold), () => undefined, { debounceMs: 150 });
    stops.push(stop);
    await new Promise((r) => setTimeout(r, 50));
    for (const t of [10, 20, 30]) await writeFile(file, policyYaml(t));
    await until(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([30]);

    await writeFile(file, policyYaml(30));
    await writeFile(join(dir, 'other.yaml'), 'x: 1\n');
    await new Promise((r) => setTimeout(r, 400));
    expect(seen).toEqual([30]);

    stop();
    await writeFile(file, policyYaml(60));
    await new Promise((r) => setTimeout(r, 400));
    expect(seen).toEqual([30]);
  });
});
