import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../test/helpers.js';
import { defaultGuardConfig, loadGuardConfig, parseGuardConfig } from './config.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-guard-config-');

const invalid = (text: string) => {
  try {
    parseGuardConfig(text, 'guard.yaml');
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected the config to be rejected');
};

describe('guard config', () => {
  it('works with no file: one default policy and the documented server defaults', () => {
    const config = defaultGuardConfig();
    expect(config.default_policy).toBe('default');
    expect(config.policies['default']).toMatchObject({ mode: 'enforce', block_threshold: 80, explain_only: { enabled: true, threshold: 0.7 } });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080, body_limit_bytes: 1048576, max_concurrency: 64, request_timeout_ms: 2000 });
    expect(config.auth).toEqual({ required: false, keys: [] });
    expect(config.stream.hold_back_chars).toBe(256);
    expect(config.upstreams.openai.base_url).toBe('https://api.openai.com/v1');
  });

  it('accepts the shipped example with all its sections', async () => {
    const { config, hash } = await loadGuardConfig(join(import.meta.dirname, '../../../examples/guard/guard.yaml'));
    expect(Object.keys(config.policies)).toEqual(['default', 'strict', 'observe']);
    expect(config.auth.keys[0]).toMatchObject({ id: 'acme-prod', tenant: 'acme', policy: 'strict' });
    expect(config.policies['observe']!.mode).toBe('shadow');
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('names file, line and field for a wrong value', () => {
    const error = invalid('version: 1\npolicies:\n  default:\n    rules:\n      - { detector: secrets, action: explode }\n');
    expect(error.code).toBe('W_POLICY_INVALID');
    expect(error.message).toContain('guard.yaml:5: field "policies.default.rules.0.action"');
  });

  it('points at a misspelt key itself, listing the valid ones', () => {
    const error = invalid('policies:\n  default:\n    mode: enforce\n    block_treshold: 50\n');
    expect(error.message).toMatch(/guard\.yaml:4: field "policies\.default\.block_treshold": unknown field \(expected one of: .*block_threshold/);
  });

  it('rejects an unsafe allowlist regex with a clear error naming the field', () => {
    const error = invalid('policies:\n  default:\n    allowlist:\n      - { value: ok }\n      - { regex: "^(a+)+$", categories: [email] }\n');
    expect(error.code).toBe('W_POLICY_INVALID');
    expect(error.message).toContain('guard.yaml:5: field "policies.default.allowlist.1.regex": unsafe regex (ReDoS)');
  });

  it('checks cross-field rules: default policy exists, selectors, key hashes, policies of keys', () => {
    expect(invalid('default_policy: strict\npolicies:\n  default: {}\n').message).toContain('guard.yaml:1: field "default_policy": no policy named "strict"');
    expect(invalid('policies:\n  default:\n    rules:\n      - { rule: a.b, category: c, action: mask }\n').message).toContain('give exactly one of rule, category, detector');
    expect(invalid('policies:\n  default:\n    rules:\n      - { rule: a.b }\n').message).toContain('give at least one of action, severity, weight');
    expect(invalid('policies:\n  default:\n    allowlist:\n      - { value: a, regex: b }\n').message).toContain('give exactly one of value, regex');
    expect(invalid('auth:\n  keys:\n    - { id: k, sha256: "abc" }\n').message).toContain('guard.yaml:3: field "auth.keys.0.sha256"');
    expect(invalid('auth:\n  keys:\n    - { id: k, sha256: "' + 'a'.repeat(64) + '", policy: gone }\n').message).toContain('field "auth.keys.0.policy": no policy named "gone"');
    expect(invalid('server:\n  port: 99999\n').message).toContain('guard.yaml:2: field "server.port"');
    expect(invalid('policies:\n  default:\n    block_threshold: 0\n').message).toContain('field "policies.default.block_threshold"');
    expect(invalid('policies:\n  default:\n    non_bypassable: ["a*b"]\n').message).toContain('field "policies.default.non_bypassable.0"');
  });

  it('reports YAML syntax errors with line and column', () => {
    const error = invalid('policies:\n  default:\n    rules: [ { rule: x }\n  other: 1\n');
    expect(error.code).toBe('W_POLICY_INVALID');
    expect(error.message).toMatch(/^guard\.yaml:\d+:\d+: invalid YAML/);
  });

  it('a missing file is W_IO_NOT_FOUND', async () => {
    const error = await expectWardenError(loadGuardConfig(join(dir, 'none.yaml')));
    expect(error.code).toBe('W_IO_NOT_FOUND');
  });

  it('loads JSON too', async () => {
    const file = join(dir, 'guard.json');
    await writeFile(file, JSON.stringify({ default_policy: 'p', policies: { p: { block_threshold: 42 } } }));
    expect((await loadGuardConfig(file)).config.policies['p']!.block_threshold).toBe(42);
  });
});
