import { Command } from 'commander';
import { join } from 'node:path';
import { collectRecords, DEFAULT_MAX_FILE_BYTES, NVD_API_URL, OFFLINE_SOURCES, type CollectReport, type OfflineSource } from '../../apps/instruct/collect/index.js';
import { WardenError } from '../../core/errors.js';
import { addGlobalFlags, examples, parseIntFlag, splitList, type GlobalFlags } from '../common.js';

interface CollectFlags extends GlobalFlags {
  sources: string;
  offline?: string;
  out: string;
  db?: string;
  since?: string;
  export: boolean;
  maxFileMb?: number;
  nvdUrl?: string;
}

const NOT_YET = ['ghsa', 'opencve'];

/**
 * `warden instruct collect`: snapshot files (or the NVD API) → records in the store, a run report and a JSONL export.
 *
 * @example
 * instructCommand().addCommand(instructCollectCommand());
 */
export function instructCollectCommand(): Command {
  const command = new Command('collect')
    .summary('collect NVD, ATT&CK, CAPEC, CWE, KEV and arXiv records into the store (snapshot files, or the NVD API)')
    .description(
      'Reads snapshot files from --offline DIR (NVD CVE API 2.0 JSON pages or yearly feeds, MITRE ATT&CK STIX bundles for ' +
        'enterprise/mobile/ICS, CAPEC XML, CWE XML, CISA KEV JSON, arXiv Atom feeds; each file is recognised by its content, ' +
        'else its name, in DIR and up to two folder levels below) and stores one normalised record plus its raw source object ' +
        'per id. Re-running is safe: records are keyed by id and counted as new, updated or unchanged. Revoked, deprecated, ' +
        'obsolete and rejected entries are skipped and counted; malformed entries are counted as failures (first ones listed).\n\n' +
        'Writes OUT/instruct.db (unless --db), OUT/collect-report.json (per-source counts) and OUT/records.jsonl (every stored ' +
        'record of the chosen sources, one SourceRecord per line, the input of later stages). Exit 0 when done, 2 on a usage ' +
        'error or a malformed snapshot file (the message names the file and line or field).\n\n' +
        'Without --offline, NVD is collected online from the CVE API 2.0: CVEs last modified since --since, in windows of at ' +
        'most 120 days, 2,000 per page, at the published rate limit (5 requests per 30 s, 50 with an API key in the ' +
        'NVD_API_KEY environment variable), retrying 429/503 after Retry-After. Online collection of the other sources ' +
        '(arXiv API, KEV, GHSA, OpenCVE) is not available yet: download their snapshots and pass --offline.',
    )
    .option('--sources <list>', `comma-separated: ${OFFLINE_SOURCES.join(',')} or all`, 'all')
    .option('--offline <dir>', 'directory of snapshot files to read; without it, NVD is fetched from the API (needs --since)')
    .option('--nvd-url <url>', 'NVD CVE API 2.0 endpoint (a mirror or proxy)', NVD_API_URL)
    .option('--out <dir>', 'output directory for the default database, the report and records.jsonl', 'instruct-out')
    .option('--db <url>', 'store URL: sqlite:PATH or postgres://user@host:5432/db (default sqlite:OUT/instruct.db)')
    .option('--since <date>', 'keep only records modified (else published) on or after this date, e.g. 2024-01-01')
    .option('--no-export', 'do not write OUT/records.jsonl')
    .option('--max-file-mb <n>', `largest snapshot file read, in MiB (default ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024})`, parseIntFlag('--max-file-mb'));
  addGlobalFlags(command);
  examples(command, [
    'warden instruct collect --offline data/instruct/sources',
    'warden instruct collect --sources nvd,kev --offline ~/snapshots --since 2024-01-01 --json',
    'NVD_API_KEY=... warden instruct collect --sources nvd --since 2024-06-01 --out nvd-run',
    'warden instruct collect --sources attack,capec,cwe --offline ~/snapshots --db postgres://warden@127.0.0.1:5432/warden --out run1',
  ]);
  return command.action(async function instructCollectAction(flags: CollectFlags) {
    const sources = parseSources(flags.sources);
    const since = flags.since === undefined ? undefined : parseDate(flags.since);
    const report = await collectRecords({
      sources,
      ...(flags.offline ? { offline: flags.offline } : { nvdApi: nvdApiOptions(flags) }),
      db: flags.db ?? `sqlite:${join(flags.out, 'instruct.db')}`,
      ...(since ? { since } : {}),
      ...(flags.export ? { exportPath: join(flags.out, 'records.jsonl') } : {}),
      reportPath: join(flags.out, 'collect-report.json'),
      ...(flags.maxFileMb ? { maxFileBytes: flags.maxFileMb * 1024 * 1024 } : {}),
      requireAll: flags.sources.trim() !== 'all',
    });
    process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : renderReport(report));
  });
}

/** The API key comes from the environment only, so it stays out of shell history and process lists. */
function nvdApiOptions(flags: CollectFlags): { baseUrl: string; apiKey?: string } {
  const apiKey = process.env.NVD_API_KEY?.trim();
  return { baseUrl: flags.nvdUrl ?? NVD_API_URL, ...(apiKey ? { apiKey } : {}) };
}

function parseSources(value: string): OfflineSource[] {
  const names = splitList(value);
  if (names.length === 1 && names[0] === 'all') return [...OFFLINE_SOURCES];
  if (!names.length) throw new WardenError('W_USAGE', '--sources is empty');
  for (const name of names) {
    if (NOT_YET.includes(name)) throw new WardenError('W_USAGE', `--sources ${name} is not available yet (needs online collection); use ${OFFLINE_SOURCES.join(',')}`);
    if (!(OFFLINE_SOURCES as readonly string[]).includes(name)) throw new WardenError('W_USAGE', `--sources: unknown source "${name}" (use ${OFFLINE_SOURCES.join(',')} or all)`);
  }
  return names as OfflineSource[];
}

function parseDate(value: string): Date {
  const time = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+Z?)?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new WardenError('W_USAGE', `--since must be a date like 2024-01-01 or 2024-01-01T00:00:00Z (got "${value}")`);
  return new Date(time);
}

/**
 * One line per source, then totals and where the outputs are.
 *
 * @example
 * process.stdout.write(renderReport(await collectRecords(options)));
 */
export function renderReport(report: CollectReport): string {
  const lines = ['SOURCE  FILES  RECORDS  NEW  UPDATED  UNCHANGED  FILTERED  SKIPPED  FAILED'];
  for (const [source, s] of Object.entries(report.sources)) {
    const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
    lines.push([source.padEnd(6), String(s.files.length).padStart(5), String(s.records).padStart(7), String(s.new).padStart(4), String(s.updated).padStart(7), String(s.unchanged).padStart(9), String(s.filtered).padStart(8), String(skipped).padStart(7), String(s.failed).padStart(6)].join('  '));
    for (const f of s.failures) lines.push(`  failed: ${f.where}: ${f.message}`);
  }
  const t = report.totals;
  lines.push(`${t.records} records read: ${t.new} new, ${t.updated} updated, ${t.unchanged} unchanged, ${t.filtered} filtered by --since, ${t.failed} failed`);
  if (report.export) lines.push(`${report.exported} records exported to ${report.export}`);
  if (report.ignored_files.length) lines.push(`ignored (not a known snapshot): ${report.ignored_files.join(', ')}`);
  return lines.join('\n') + '\n';
}
