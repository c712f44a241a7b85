import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { openAuditStore, type AuditEntry, type AuditFinding } from '../../apps/guard/audit/index.js';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import { usePostgres } from '../../../test/pg.js';
import { reportError } from '../common.js';
import { guardAuditCommand } from './guard-audit.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-guard-audit-');
const io = useCliCapture();
const pgdb = usePostgres();

const HOUR = 3_600_000;
const NOW = Date.now();

/** Runs `warden guard audit ...args` the way main() does (the guard group registers the command). */
async function audit(...args: string[]): Promise<number> {
  const command = guardAuditCommand().exitOverride();
  process.exitCode = undefined;
  try {
    await command.parseAsync(args, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(error, false, (text) => process.stderr.write(text));
  }
}

function entry(id: string, ageHours: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    request_id: id,
    time: new Date(NOW - ageHours * HOUR).toISOString(),
    tenant: 'acme',
    policy_id: 'default',
    route: '/v1/chat/completions',
    model: 'gpt-4o-mini',
    action: 'allow',
    blocked: false,
    risk_score: 0,
    latency_ms: 1.25,
    findings: [],
    ...over,
  };
}

const KEY_FINDING: AuditFinding = { rule_id: 'secrets.aws-access-key', detector: 'secrets', category: 'cloud-key', action: 'mask', severity: 'high', score: 0.95, span: [10, 30], preview: 'AK****RB', hash: 'f'.repeat(32), explain_only: false };
const EMAIL_FINDING: AuditFinding = { ...KEY_FINDING, rule_id: 'pii.email', detector: 'pii', category: 'email', preview: 'ja****om' };

async function seed(url: string): Promise<void> {
  const store = await openAuditStore(url);
  await store.record(entry('old', 24 * 40));
  await store.record(entry('yesterday', 30, { tenant: 'globex' }));
  await store.record(entry('masked', 2, { action: 'mask', risk_score: 55, findings: [KEY_FINDING, EMAIL_FINDING, EMAIL_FINDING] }));
  await store.record(entry('blocked', 1, { tenant: 'globex', action: 'block', blocked: true, risk_score: 97, findings: [KEY_FINDING] }));
  await store.close();
}

describe('warden guard audit', () => {
  let db: string;
  beforeEach(async () => {
    db = `sqlite:${join(dir, 'warden.db')}`;
    await seed(db);
  });

  it('prints a table of the last 24 hours, newest first, with rule counts', async () => {
    expect(await audit('--db', db)).toBe(0);
    const lines = io.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME +REQUEST +TENANT +POLICY +ROUTE +MODEL +ACTION +RISK +MS +FINDINGS$/);
    expect(lines[1]).toMatch(/blocked +globex +default +\/v1\/chat\/completions +gpt-4o-mini +block +97 +1\.3 +secrets\.aws-access-key$/);
    expect(lines[2]).toMatch(/masked +acme .* mask +55 .* secrets\.aws-access-key, pii\.email×2$/);
    expect(lines[3]).toMatch(/^2 entries since /);
  });

  it('filters by --since/--until/--tenant/--rule and prints JSON', async () => {
    expect(await audit('--db', db, '--since', '7d', '--json')).toBe(0);
    expect(JSON.parse(io.out).entries.map((e: AuditEntry) => e.request_id)).toEqual(['blocked', 'masked', 'yesterday']);
    io.out = '';
    expect(await audit('--db', db, '--since', '7d', '--until', '90m', '--tenant', 'acme', '--json')).toBe(0);
    expect(JSON.parse(io.out).entries.map((e: AuditEntry) => e.request_id)).toEqual(['masked']);
    io.out = '';
    expect(await audit('--db', db, '--since', new Date(NOW - 60 * 24 * HOUR).toISOString().slice(0, 10), '--rule', 'pii.email', '--json')).toBe(0);
    const [masked] = JSON.parse(io.out).entries;
    expect(masked.findings).toHaveLength(3);
    expect(masked.findings[1]).toEqual(EMAIL_FINDING);
    io.out = '';
    expect(await audit('--db', db, '--since', '7d', '--limit', '1')).toBe(0);
    expect(io.out).toContain('1 entry since');
    expect(io.out).toContain('limit reached');
  });

  it('takes audit.db and audit.retention_days from --config, and --db wins over it', async () => {
    const config = join(dir, 'guard.yaml');
    await writeFile(config, `version: 1\naudit:\n  db: ${db}\n  retention_days: 7\npolicies: {}\n`);
    expect(await audit('--config', config, '--json')).toBe(0);
    expect(JSON.parse(io.out).entries).toHaveLength(2);
    io.out = '';
    expect(await audit('--config', config, '--db', `sqlite:${join(dir, 'other.db')}`, '--json')).toBe(0);
    expect(JSON.parse(io.out).entries).toEqual([]);
    io.out = '';
    expect(await audit('--config', config, '--prune', '--json')).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ pruned: 1, retention_days: 7 });
  });

  it('--prune applies --retention-days', async () => {
    expect(await audit('--db', db, '--prune', '--retention-days', '1')).toBe(0);
    expect(io.out).toMatch(/^pruned 2 entries older than .* \(retention 1 days\)\n$/);
    io.out = '';
    expect(await audit('--db', db, '--since', '365d', '--json')).toBe(0);
    expect(JSON.parse(io.out).entries.map((e: AuditEntry) => e.request_id)).toEqual(['blocked', 'masked']);
  });

  it('fails with exit 2 and a hint on a bad time, limit, URL or config', async () => {
    expect(await audit('--db', db, '--since', 'last tuesday')).toBe(2);
    expect(io.err).toMatch(/W_USAGE: "last tuesday" is not a time/);
    expect(await audit('--db', db, '--limit', '20000')).toBe(2);
    expect(io.err).toMatch(/--limit must be at most 10000/);
    expect(await audit('--db', 'postgres://postgres:hunter2@127.0.0.1:1/x')).toBe(2);
    expect(io.err).toMatch(/W_STORE: postgres:\/\/postgres@127\.0\.0\.1:1\/x: connect failed/);
    expect(io.err).not.toContain('hunter2');
    const config = join(dir, 'bad.yaml');
    await writeFile(config, 'audit:\n  retention_days: soon\n');
    expect(await audit('--config', config)).toBe(2);
    expect(io.err).toMatch(/W_CONFIG_INVALID: [\s\S]*bad\.yaml:2: field "audit\.retention_days"/);
  });

  it('reads a PostgreSQL audit the same way', async () => {
    await seed(pgdb.url);
    expect(await audit('--db', pgdb.url, '--since', '7d', '--rule', 'secrets.aws-access-key', '--json')).toBe(0);
    expect(JSON.parse(io.out).entries.map((e: AuditEntry) => e.request_id)).toEqual(['blocked', 'masked']);
  });
});
