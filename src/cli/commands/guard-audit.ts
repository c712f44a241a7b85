import { Command } from 'commander';
import { z } from 'zod';
import { MAX_QUERY_LIMIT, openAuditStore, parseTimeBound, retentionCutoff, type AuditEntry } from '../../apps/guard/audit/index.js';
import { loadConfigFile } from '../../core/config.js';
import { WardenError } from '../../core/errors.js';
import { addGlobalFlags, examples, parseIntFlag, type GlobalFlags } from '../common.js';

const DEFAULT_DB = 'sqlite:./warden.db';
const DEFAULT_RETENTION_DAYS = 30;

interface AuditFlags extends GlobalFlags {
  db?: string;
  config?: string;
  since: string;
  until?: string;
  tenant?: string;
  rule?: string;
  limit: number;
  prune?: boolean;
  retentionDays?: number;
}

// Only the audit section of guard.yaml is read here; the full config is validated by the server and `warden guard check`.
const auditSection = z.looseObject({
  audit: z.looseObject({ db: z.string().min(1).optional(), retention_days: z.number().int().positive().optional() }).optional(),
});

/**
 * `warden guard audit`: lists recorded guard decisions (never raw text: findings carry a masked
 * preview and a salted hash), or applies retention with --prune.
 */
export function guardAuditCommand(): Command {
  const command = new Command('audit')
    .summary('list recorded guard decisions (by time, tenant, rule), or prune old ones')
    .description(
      'Reads the guard audit: one entry per decision with request id, tenant, policy, route, model, action, risk score, ' +
        'latency and findings (rule, severity, span, masked preview, salted hash; never the matched text). Newest first.\n\n' +
        `The database is --db, else audit.db from --config, else ${DEFAULT_DB}. ` +
        '--prune deletes entries older than the retention (--retention-days, else audit.retention_days from --config, else 30).',
    )
    .option('--db <url>', 'audit database: sqlite:PATH or postgres://user@host:5432/db')
    .option('--config <file>', 'guard.yaml to take audit.db and audit.retention_days from')
    .option('--since <time>', 'from this time: a duration back from now (30m, 24h, 7d) or a date (2026-11-01, 2026-11-01T12:00:00Z)', '24h')
    .option('--until <time>', 'before this time (same forms as --since)')
    .option('--tenant <id>', 'only this tenant')
    .option('--rule <id>', 'only decisions with a finding of this rule id')
    .option('--limit <n>', `at most this many entries (max ${MAX_QUERY_LIMIT})`, parseIntFlag('--limit'), 100)
    .option('--prune', 'delete entries older than the retention instead of listing')
    .option('--retention-days <n>', 'retention for --prune, in days', parseIntFlag('--retention-days'));
  addGlobalFlags(command);
  examples(command, [
    'warden guard audit --since 24h',
    'warden guard audit --db postgres://warden@127.0.0.1:5432/warden --since 2026-11-01 --tenant acme --rule secrets.aws-access-key --json',
    'warden guard audit --config guard.yaml --prune',
  ]);
  return command.action(async function guardAuditAction(flags: AuditFlags) {
    if (flags.limit > MAX_QUERY_LIMIT) throw new WardenError('W_USAGE', `--limit must be at most ${MAX_QUERY_LIMIT} (got ${flags.limit})`);
    const section = flags.config ? (await loadConfigFile(flags.config, auditSection)).value.audit : undefined;
    const url = flags.db ?? section?.db ?? DEFAULT_DB;
    if (flags.prune) {
      const days = flags.retentionDays ?? section?.retention_days ?? DEFAULT_RETENTION_DAYS;
      const before = retentionCutoff(days);
      const audit = await openAuditStore(url);
      try {
        const pruned = await audit.prune(before);
        process.stdout.write(
          flags.json
            ? JSON.stringify({ pruned, before: before.toISOString(), retention_days: days }) + '\n'
            : `pruned ${pruned} entr${pruned === 1 ? 'y' : 'ies'} older than ${before.toISOString()} (retention ${days} days)\n`,
        );
      } finally {
        await audit.close();
      }
      return;
    }
    // Parse the bounds before opening the database, so a typo fails fast.
    const since = parseTimeBound(flags.since);
    const until = flags.until ? parseTimeBound(flags.until) : undefined;
    const audit = await openAuditStore(url);
    let entries: AuditEntry[];
    try {
      entries = await audit.query({ since, ...(until ? { until } : {}), ...(flags.tenant ? { tenant: flags.tenant } : {}), ...(flags.rule ? { rule: flags.rule } : {}), limit: flags.limit });
    } finally {
      await audit.close();
    }
    if (flags.json) {
      process.stdout.write(JSON.stringify({ entries }, null, 2) + '\n');
      return;
    }
    const range = `since ${since.toISOString()}${until ? ` until ${until.toISOString()}` : ''}`;
    const more = entries.length === flags.limit ? ` (limit reached: raise --limit or narrow the range)` : '';
    process.stdout.write(renderTable(entries) + `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} ${range}${more}\n`);
  });
}

const HEADERS = ['TIME', 'REQUEST', 'TENANT', 'POLICY', 'ROUTE', 'MODEL', 'ACTION', 'RISK', 'MS', 'FINDINGS'];
/** Widest a column gets; longer values are cut with '…' so rows stay on one line. */
const MAX_WIDTH = 36;

/** A plain-text table, one line per decision, with the rules hit summarised as `rule×count`. */
export function renderTable(entries: readonly AuditEntry[]): string {
  if (entries.length === 0) return '';
  const rows = entries.map((e) => [
    e.time.replace(/\.\d{3}Z$/, 'Z'),
    e.request_id,
    e.tenant ?? '-',
    e.policy_id,
    e.route,
    e.model ?? '-',
    e.blocked && e.action !== 'block' ? `${e.action}(blocked)` : e.action,
    String(Math.round(e.risk_score)),
    e.latency_ms.toFixed(1),
    summariseFindings(e),
  ]);
  const widths = HEADERS.map((h, i) => (i === HEADERS.length - 1 ? 0 : Math.min(MAX_WIDTH, Math.max(h.length, ...rows.map((r) => r[i]!.length)))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : fit(cell, widths[i]!).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd() + '\n';
  return line(HEADERS) + rows.map(line).join('');
}

function summariseFindings(entry: AuditEntry): string {
  if (entry.findings.length === 0) return '-';
  const counts = new Map<string, number>();
  for (const f of entry.findings) counts.set(f.rule_id, (counts.get(f.rule_id) ?? 0) + 1);
  const text = [...counts].map(([rule, n]) => (n > 1 ? `${rule}×${n}` : rule)).join(', ');
  return entry.findings_total ? `${text} (+${entry.findings_total - entry.findings.length} more)` : text;
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, width - 1) + '…';
}
