import { Command } from 'commander';
import { join } from 'node:path';
import {
  ARXIV_API_URL,
  ARXIV_DELAY_MS,
  collectRecords,
  DEFAULT_MAX_FILE_BYTES,
  GHSA_API_URL,
  KEV_FEED_URL,
  NVD_API_URL,
  OFFLINE_SOURCES,
  ONLINE_SOURCES,
  OPENCVE_API_URL,
  availableOnlineSources,
  checkOutsideSnapshots,
  onlineSettings,
  type CollectReport,
  type OfflineSource,
  type OnlineSettings,
} from '../../apps/instruct/collect/index.js';
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
  ghsaUrl?: string;
  githubToken?: string;
  opencveUrl?: string;
  opencveUsername?: string;
  opencvePassword?: string;
  arxivUrl?: string;
  arxivQuery?: string;
  arxivDelayMs?: number;
  kevUrl?: string;
  maxPages?: number;
  restart?: boolean;
}

/**
 * `warden instruct collect`: snapshot files (or the NVD API) → records in the store, a run report and a JSONL export.
 *
 * @example
 * instructCommand().addCommand(instructCollectCommand());
 */
export function instructCollectCommand(): Command {
  const command = new Command('collect')
    .summary('collect NVD, GHSA, OpenCVE, ATT&CK, CAPEC, CWE, KEV and arXiv records into the store (snapshot files, or the APIs)')
    .description(
      'Reads snapshot files from --offline DIR (NVD CVE API 2.0 JSON pages or yearly feeds, MITRE ATT&CK STIX bundles for ' +
        'enterprise/mobile/ICS, CAPEC XML, CWE XML, CISA KEV JSON, arXiv Atom feeds, GitHub advisories as REST pages or the ' +
        'advisory-database OSV files GHSA-*.json, OpenCVE v2 API answers; each file is recognised by its content, ' +
        'else its name, in DIR and up to six folder levels below) and stores one normalised record plus its raw source object ' +
        'per id. Re-running is safe: records are keyed by id and counted as new, updated or unchanged. Revoked, deprecated, ' +
        'obsolete and rejected entries are skipped and counted; malformed entries are counted as failures (first ones listed).\n\n' +
        'Writes OUT/instruct.db (unless --db), OUT/collect-report.json (per-source counts) and OUT/records.jsonl (every stored ' +
        'record of the chosen sources, one SourceRecord per line, the input of later stages). Exit 0 when done, 2 on a usage ' +
        'error or a malformed snapshot file (the message names the file and line or field).\n\n' +
        'Without --offline, sources are collected from their APIs (ATT&CK, CAPEC and CWE come as snapshot files only): ' +
        'nvd: the CVE API 2.0, CVEs last modified since --since, in windows of at most 120 days, 2,000 per page, at the ' +
        'published rate limit (5 requests per 30 s, 50 with an API key in NVD_API_KEY); ghsa: GitHub global advisories ' +
        '(token from --github-token or GITHUB_TOKEN, Link-header cursor paging, waits for x-ratelimit-reset); opencve: the ' +
        'OpenCVE v2 API with basic auth (OPENCVE_USERNAME, OPENCVE_PASSWORD), list pages then each CVE\'s details; arxiv: ' +
        'the arXiv API (cat:cs.CR, newest update first, one request per 3 s, stops at --since); kev: the CISA KEV JSON ' +
        'feed. All retry 429/503 after Retry-After. --sources all online means nvd, arxiv, kev, plus ghsa and opencve when ' +
        'their credentials are set; nvd and arxiv need --since.\n\n' +
        'Online collection is resumable: after each stored page the next cursor is saved in the store; a run that was ' +
        'interrupted (or stopped by --max-pages) resumes there when re-run with the same sources, URLs and --since ' +
        '(--restart starts over). A source whose API kept failing is reported, the others still run, and the exit is 2.',
    )
    .option('--sources <list>', `comma-separated: ${OFFLINE_SOURCES.join(',')} or all (online: ${ONLINE_SOURCES.join(',')})`, 'all')
    .option('--offline <dir>', 'directory of snapshot files to read; without it, the sources are fetched from their APIs')
    .option('--nvd-url <url>', 'NVD CVE API 2.0 endpoint (a mirror or proxy)', NVD_API_URL)
    .option('--ghsa-url <url>', 'GitHub global advisories endpoint', GHSA_API_URL)
    .option('--github-token <token>', 'GitHub token for ghsa (default: the GITHUB_TOKEN environment variable, which stays out of process lists)')
    .option('--opencve-url <url>', 'OpenCVE API root (app.opencve.io or self-hosted)', OPENCVE_API_URL)
    .option('--opencve-username <name>', 'OpenCVE user (default: OPENCVE_USERNAME)')
    .option('--opencve-password <password>', 'OpenCVE password (default: OPENCVE_PASSWORD, preferred: it stays out of process lists)')
    .option('--arxiv-url <url>', 'arXiv API endpoint', ARXIV_API_URL)
    .option('--arxiv-query <query>', 'arXiv search_query', 'cat:cs.CR')
    .option('--arxiv-delay-ms <n>', `least time between arXiv requests (default ${ARXIV_DELAY_MS}, arXiv's terms)`, parseDelay)
    .option('--kev-url <url>', 'CISA KEV JSON feed', KEV_FEED_URL)
    .option('--max-pages <n>', 'online: at most this many pages per paged source in this run (a re-run resumes)', parseIntFlag('--max-pages'))
    .option('--restart', 'online: ignore saved checkpoints and start every source from its first page')
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
    'GITHUB_TOKEN=... warden instruct collect --sources ghsa,kev,arxiv --since 2024-06-01 --out feeds',
    'OPENCVE_USERNAME=me OPENCVE_PASSWORD=... warden instruct collect --sources opencve --max-pages 50 --out opencve-run',
    'warden instruct collect --sources attack,capec,cwe --offline ~/snapshots --db postgres://warden@127.0.0.1:5432/warden --out run1',
  ]);
  return command.action(async function instructCollectAction(flags: CollectFlags) {
    if (flags.offline) checkOutsideSnapshots(flags.offline, flags.out);
    const online = onlineSettings(flags);
    const sources = parseSources(flags.sources, flags.offline ? undefined : online);
    const since = flags.since === undefined ? undefined : parseDate(flags.since);
    const report = await collectRecords({
      sources,
      ...(flags.offline ? { offline: flags.offline } : { online, ...(flags.restart ? { restart: true } : {}) }),
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


/** `all` offline is every source; online it is the API sources whose credentials are set. */
function parseSources(value: string, online: OnlineSettings | undefined): OfflineSource[] {
  const names = splitList(value);
  if (names.length === 1 && names[0] === 'all') {
    if (!online) return [...OFFLINE_SOURCES];
    return availableOnlineSources(online);
  }
  if (!names.length) throw new WardenError('W_USAGE', '--sources is empty');
  for (const name of names) {
    if (!(OFFLINE_SOURCES as readonly string[]).includes(name)) throw new WardenError('W_USAGE', `--sources: unknown source "${name}" (use ${OFFLINE_SOURCES.join(',')} or all)`);
  }
  return names as OfflineSource[];
}

/** 0 is allowed (a local mirror needs no politeness delay). */
function parseDelay(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new WardenError('W_USAGE', `--arxiv-delay-ms must be an integer of 0 or more (got "${value}")`);
  return n;
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
  const lines = ['SOURCE   FILES  RECORDS  NEW  UPDATED  UNCHANGED  FILTERED  SKIPPED  FAILED'];
  for (const [source, s] of Object.entries(report.sources)) {
    const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
    lines.push([source.padEnd(7), String(s.files.length).padStart(5), String(s.records).padStart(7), String(s.new).padStart(4), String(s.updated).padStart(7), String(s.unchanged).padStart(9), String(s.filtered).padStart(8), String(skipped).padStart(7), String(s.failed).padStart(6)].join('  '));
    for (const f of s.failures) lines.push(`  failed: ${f.where}: ${f.message}`);
    if (s.resumed_from !== undefined) lines.push(`  resumed from the checkpoint ${JSON.stringify(s.resumed_from)}; ${s.pages ?? 0} pages fetched`);
    if (s.error) lines.push(`  stopped: ${s.error} (a re-run resumes)`);
  }
  const t = report.totals;
  lines.push(`${t.records} records read: ${t.new} new, ${t.updated} updated, ${t.unchanged} unchanged, ${t.filtered} filtered by --since, ${t.failed} failed`);
  if (report.export) lines.push(`${report.exported} records exported to ${report.export}`);
  if (report.ignored_files.length) lines.push(`ignored (not a known snapshot): ${report.ignored_files.join(', ')}`);
  return lines.join('\n') + '\n';
}
