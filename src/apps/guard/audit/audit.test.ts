import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { selectDetectors } from '../../../detect/detectors.js';
import { scan } from '../../../detect/scanner.js';
import { openStore } from '../../../store/index.js';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { usePostgres } from '../../../../test/pg.js';
import type { GuardFinding } from '../types.js';
import { createAuditStore, openAuditStore, type AuditEntry, type AuditStore } from './index.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-audit-');
const pgdb = usePostgres();

// Built at run time so the repository holds no literal credential-shaped strings.
const AWS_KEY = ['AKIA', 'Q3XT7ZK2', 'MWPL4NRB'].join('');
const EMAIL = ['jane.doe', 'example-corp.com'].join('@');
const GUARDED = `Use aws_access_key_id = ${AWS_KEY} and mail ${EMAIL} for access.`;

const T0 = Date.parse('2026-11-01T00:00:00Z');
const HOUR = 3_600_000;

function entry(over: Partial<AuditEntry> & { at: number }): AuditEntry {
  const { at, ...rest } = over;
  return {
    request_id: `req-${at}`,
    time: new Date(at).toISOString(),
    tenant: 'acme',
    policy_id: 'default',
    route: '/v1/guard',
    model: 'gpt-4o-mini',
    action: 'allow',
    blocked: false,
    risk_score: 0,
    latency_ms: 1.5,
    findings: [],
    ...rest,
  };
}

function finding(rule_id: string, over: Partial<GuardFinding> = {}): GuardFinding {
  return {
    rule_id,
    detector: 'secrets',
    category: 'cloud-key',
    action: 'mask',
    severity: 'high',
    score: 0.9,
    span: [4, 24],
    preview: 'AK****RB',
    hash: 'ab'.repeat(16),
    segment: 'prose',
    explain_only: false,
    ...over,
  };
}

/** Findings the way the guard produces them: the real scanner over a text with a live-looking key and an email. */
function guardFindings(text: string): GuardFinding[] {
  return scan(text, { detectors: selectDetectors({ names: ['secrets', 'pii'] }) }).findings.map((f) => ({
    rule_id: f.rule,
    detector: f.detector,
    category: f.category,
    action: 'mask',
    severity: f.severity,
    score: f.score,
    span: [f.start, f.end],
    preview: f.preview,
    hash: f.hash,
    segment: f.segment.kind,
    explain_only: false,
  }));
}

const opened: AuditStore[] = [];
afterEach(async () => {
  for (const audit of opened.splice(0)) await audit.close();
});

describe.each([
  ['sqlite', () => `sqlite:${join(dir, 'audit.db')}`],
  ['postgres', () => pgdb.url],
])('audit on %s', (engine, url) => {
  async function fresh(options = {}): Promise<AuditStore> {
    if (engine === 'postgres') {
      const store = await openStore(url());
      await store.exec('DROP TABLE IF EXISTS audit_findings; DROP TABLE IF EXISTS audit_requests; DROP TABLE IF EXISTS warden_migrations');
      await store.close();
    }
    const audit = await openAuditStore(url(), options);
    opened.push(audit);
    return audit;
  }

  it('round-trips an entry with exactly the audit fields', async () => {
    const audit = await fresh();
    const findings = [
      finding('secrets.aws-access-key', { intent: { label: 'command', educational: 0.1, threshold: 0.7 }, allowlisted: 'x', attack: 'T1552' }),
      finding('commands.reverse-shell', { detector: 'commands', category: 'reverse-shell', action: 'annotate', severity: 'critical', span: [30, 60], explain_only: true }),
    ];
    const recorded = entry({ at: T0, action: 'mask', risk_score: 72.5, findings });
    await audit.record(recorded);
    const [got] = await audit.query();
    expect(got).toEqual({
      ...recorded,
      findings: findings.map(({ rule_id, detector, category, action, severity, score, span, preview, hash, explain_only }) => ({
        rule_id, detector, category, action, severity, score, span, preview, hash, explain_only,
      })),
    });
  });

  it('filters by since, until, tenant, rule and limit, newest first', async () => {
    const audit = await fresh();
    await Promise.all([
      audit.record(entry({ at: T0, request_id: 'a', tenant: 'acme', findings: [finding('secrets.aws-access-key')] })),
      audit.record(entry({ at: T0 + HOUR, request_id: 'b', tenant: 'globex', findings: [finding('pii.email', { detector: 'pii', category: 'email' })] })),
      audit.record(entry({ at: T0 + 2 * HOUR, request_id: 'c', tenant: 'acme', findings: [finding('pii.email'), finding('secrets.aws-access-key')] })),
      audit.record(entry({ at: T0 + 3 * HOUR, request_id: 'd', tenant: null, action: 'block', blocked: true })),
    ]);
    const ids = async (q: Parameters<AuditStore['query']>[0]) => (await audit.query(q)).map((e) => e.request_id);
    expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids({ since: new Date(T0 + HOUR) })).toEqual(['d', 'c', 'b']);
    expect(await ids({ until: new Date(T0 + HOUR) })).toEqual(['a']);
    expect(await ids({ tenant: 'acme' })).toEqual(['c', 'a']);
    expect(await ids({ rule: 'pii.email' })).toEqual(['c', 'b']);
    expect(await ids({ rule: 'secrets.aws-access-key', since: new Date(T0 + 1), tenant: 'acme' })).toEqual(['c']);
    expect(await ids({ rule: 'no.such-rule' })).toEqual([]);
    expect(await ids({ limit: 2 })).toEqual(['d', 'c']);
    const [blocked] = await audit.query({ limit: 1 });
    expect(blocked).toMatchObject({ tenant: null, blocked: true, action: 'block', findings: [] });
  });

  it('prunes entries older than the cutoff, findings included', async () => {
    const audit = await fresh();
    for (let i = 0; i < 5; i++) await audit.record(entry({ at: T0 + i * HOUR, request_id: `r${i}`, findings: [finding('pii.email')] }));
    expect(await audit.prune(new Date(T0 + 3 * HOUR))).toBe(3);
    expect((await audit.query()).map((e) => e.request_id)).toEqual(['r4', 'r3']);
    expect(await audit.prune(new Date(T0 + 3 * HOUR))).toBe(0);
    expect((await audit.query({ rule: 'pii.email' })).length).toBe(2);
  });

  it('never stores the guarded text: no raw secret or email in any row', async () => {
    const findings = guardFindings(GUARDED);
    expect(findings.map((f) => f.detector).sort()).toEqual(['pii', 'secrets']);
    const audit = await fresh();
    // Whatever else a caller attaches, only the audit fields are written.
    const leaky = { ...entry({ at: T0, findings }), response: GUARDED, text: GUARDED } as AuditEntry;
    await audit.record(leaky);
    await audit.flush();
    const rows = engine === 'postgres' ? await dumpPostgres(url()) : await dumpSqliteFiles(dir);
    // The dump holds the audit data (so the check is not vacuous) but not the values.
    expect(rows).toContain(findings[0]!.hash);
    expect(rows).toContain('req-' + T0);
    for (const raw of [AWS_KEY, EMAIL, 'jane.doe', AWS_KEY.slice(4, 12)]) expect(rows).not.toContain(raw);
  });

  it('writes concurrent records in batches and reads its own writes', async () => {
    const audit = await fresh({ batchSize: 50, flushIntervalMs: 5 });
    await Promise.all(Array.from({ length: 600 }, (_, i) => audit.record(entry({ at: T0 + i, request_id: `r${i}`, findings: [finding('pii.email')] }))));
    // Fire-and-forget records are visible to the next query too.
    for (let i = 600; i < 700; i++) void audit.record(entry({ at: T0 + i, request_id: `r${i}` }));
    const all = await audit.query({ limit: 10_000 });
    expect(all.length).toBe(700);
    expect(all[0]!.request_id).toBe('r699');
    expect((await audit.query({ rule: 'pii.email', limit: 10_000 })).length).toBe(600);
  });

  it('keeps repeated request ids as separate decisions', async () => {
    const audit = await fresh();
    await audit.record(entry({ at: T0, request_id: 'req-1', action: 'allow' }));
    await audit.record(entry({ at: T0, request_id: 'req-1', action: 'block', blocked: true }));
    expect((await audit.query()).map((e) => e.action)).toEqual(['block', 'allow']);
  });

  it('bounds every field and the findings per entry', async () => {
    const audit = await fresh();
    const many = Array.from({ length: 1500 }, (_, i) => finding(`r.${i}`, { preview: 'x'.repeat(500) }));
    await audit.record(entry({ at: T0, tenant: 't'.repeat(10_000), model: 'm'.repeat(10_000), risk_score: 1e9, latency_ms: Number.NaN, findings: many }));
    const [got] = await audit.query();
    expect(got!.tenant!.length).toBe(128);
    expect(got!.model!.length).toBe(256);
    expect(got!.risk_score).toBe(100);
    expect(got!.latency_ms).toBe(0);
    expect(got!.findings.length).toBe(1000);
    expect(got!.findings_total).toBe(1500);
    expect(got!.findings[0]!.preview.length).toBe(64);
  });

  it('rejects a bad time and records after close with W_STORE', async () => {
    const audit = await fresh();
    expect((await expectWardenError(audit.record(entry({ at: T0, time: 'yesterday' })))).code).toBe('W_STORE');
    await audit.close();
    expect((await expectWardenError(audit.record(entry({ at: T0 })))).message).toMatch(/closed/);
  });
});

describe('audit write failures', () => {
  it('reports a failed batch to onError and rejects its records without an unhandled rejection', async () => {
    const store = await openStore('sqlite::memory:');
    const errors: Array<[unknown, number]> = [];
    const audit = await createAuditStore(store, { flushIntervalMs: 0, onError: (error, lost) => errors.push([error, lost]) });
    await store.exec('DROP TABLE audit_findings; DROP TABLE audit_requests');
    void audit.record(entry({ at: T0 }));
    const awaited = audit.record(entry({ at: T0 + 1 }));
    expect((await expectWardenError(awaited)).code).toBe('W_STORE');
    await audit.flush();
    expect(errors.reduce((n, [, lost]) => n + lost, 0)).toBe(2);
    // The audit did not open the store, so close() leaves it usable.
    await audit.close();
    expect(await store.get('SELECT 1 AS one')).toEqual({ one: 1 });
    await store.close();
  });

  it('rejects records beyond maxPending instead of growing without bound', async () => {
    const audit = await openAuditStore('sqlite::memory:', { maxPending: 3, flushIntervalMs: 10_000, batchSize: 100 });
    opened.push(audit);
    const accepted = [0, 1, 2].map((i) => audit.record(entry({ at: T0 + i })));
    expect((await expectWardenError(audit.record(entry({ at: T0 + 3 })))).message).toMatch(/queue is full/);
    await audit.flush();
    await Promise.all(accepted);
    expect((await audit.query()).length).toBe(3);
  });

  it('keeps entries across reopen and does not migrate twice', async () => {
    const url = `sqlite:${join(dir, 'again.db')}`;
    const first = await openAuditStore(url);
    await first.record(entry({ at: T0 }));
    await first.close();
    const second = await openAuditStore(url);
    opened.push(second);
    expect((await second.query()).length).toBe(1);
  });
});

async function dumpSqliteFiles(folder: string): Promise<string> {
  // The main file and the WAL (and anything else SQLite left beside them).
  const names = await readdir(folder);
  const parts = await Promise.all(names.map((n) => readFile(join(folder, n))));
  return Buffer.concat(parts).toString('latin1');
}

async function dumpPostgres(url: string): Promise<string> {
  const store = await openStore(url);
  try {
    const rows = await store.all<{ t: string }>(
      'SELECT r::text AS t FROM audit_requests r UNION ALL SELECT f::text FROM audit_findings f',
    );
    return rows.map((r) => r.t).join('\n');
  } finally {
    await store.close();
  }
}
