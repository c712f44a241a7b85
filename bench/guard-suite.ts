import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { API_TARGET, guardApiBench } from './guard/api.js';
import { BODY_CHARS, guardTexts } from './guard/bodies.js';
import { LOAD_CORE, SERVER_CORE } from './guard/server.js';
import { pinnedSelf } from './guard/children.js';
import { PROXY_TARGET, proxyBench } from './guard/proxy.js';
import { SOAK_TARGET, soakBench } from './guard/soak.js';
import { compareTools, loadEvalRows, openRedactionTool, secretlintTool, timeTools, wardenGuardTool, wardenScanTool } from './guard-peers.js';
import { saveResult } from './util.js';

export interface GuardSuiteOptions {
  /** Soak length; 0 skips the soak. */
  soakMinutes: number;
  soakRate: number;
  /** Seconds per autocannon run of the /v1/guard sweep. */
  seconds: number;
  /** Timed requests per proxy mode (direct and proxied each). */
  proxyRequests: number;
  /** true: always profile the server; 'auto': only when the /v1/guard target is missed. */
  profile: boolean | 'auto';
}

const repo = resolve(import.meta.dirname, '..');
/** Relative to the repository, so the printed commands are short and can be pasted there. */
const TMP = 'bench/tmp/guard';
const CONNECTIONS = [1, 2, 4, 8, 16];

/**
 * A partial run (`--guard-parts`): the named parts only. Their figures replace the same parts
 * of bench/results/guard.json (each replaced part records the command and time of its run in
 * `parts_rerun`); without a saved full run nothing is written.
 */
async function guardParts(options: GuardSuiteOptions, parts: Set<string>): Promise<void> {
  await mkdir(TMP, { recursive: true });
  const texts = guardTexts(100);
  const measured: Record<string, unknown> = {};
  await pinnedSelf(LOAD_CORE, async () => {
    if (parts.has('api')) measured.guard_api = await guardApiBench({ repo, tmp: TMP, texts, seconds: options.seconds, connections: CONNECTIONS, profile: options.profile });
    if (parts.has('proxy')) {
      console.log(`guard proxy: POST /v1/chat/completions direct to the upstream vs through the guard, ${options.proxyRequests} alternating pairs per mode`);
      measured.proxy = await proxyBench({ repo, tmp: TMP, requests: options.proxyRequests, profile: options.profile });
    }
    if (parts.has('soak') && options.soakMinutes > 0) measured.soak = await soakBench({ repo, tmp: TMP, texts, minutes: options.soakMinutes, rate: options.soakRate });
  });
  const saved = join(repo, 'bench', 'results', 'guard.json');
  let previous: Record<string, unknown>;
  try {
    previous = JSON.parse(await readFile(saved, 'utf8')) as Record<string, unknown>;
  } catch {
    console.log(`  partial run (--guard-parts ${[...parts].join(',')}): no saved full run to update (${saved}); results not saved`);
    return;
  }
  const { suite: _suite, machine: _machine, ...rest } = previous;
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  const rerun = { ...((rest.parts_rerun as Record<string, unknown> | undefined) ?? {}) };
  for (const part of Object.keys(measured)) rerun[part] = { command, date: new Date().toISOString() };
  console.log(`  partial run: ${Object.keys(measured).join(', ')} replaced in → ${await saveResult('guard', { ...rest, ...measured, parts_rerun: rerun })}`);
}

/**
 * The guard service's speed and endurance, server and load generator on this machine: the
 * server (`node bin/warden.js guard serve`, built) pinned to core 0, autocannon and the local
 * upstream on core 1. /v1/guard throughput and latency on 2 KB responses; the OpenAI proxy's
 * added latency over a direct upstream call; a steady-rate soak with the SQLite audit (RSS and
 * errors); and Warden beside secretlint and openredaction in-process on the evaluation set.
 */
export async function guardSuite(options: GuardSuiteOptions): Promise<void> {
  process.chdir(repo);
  // `--guard-parts proxy` (comma list of api, proxy, soak): run only those parts, replacing
  // them in the saved bench/results/guard.json.
  const partsAt = process.argv.indexOf('--guard-parts');
  const parts = new Set((partsAt >= 0 ? (process.argv[partsAt + 1] ?? '') : 'api,proxy,soak').split(','));
  if (partsAt >= 0) return guardParts(options, parts);
  await mkdir(TMP, { recursive: true });
  const texts = guardTexts(100);
  console.log(`guard: server on core ${SERVER_CORE} (taskset), load generator and upstream on core ${LOAD_CORE}; ${texts.length} responses of ${BODY_CHARS} chars, one in five with a planted finding`);
  const measured = await pinnedSelf(LOAD_CORE, async () => {
    console.log(`guard /v1/guard: closed-loop autocannon, ${options.seconds} s per connection count`);
    const api = await guardApiBench({ repo, tmp: TMP, texts, seconds: options.seconds, connections: CONNECTIONS, profile: options.profile });
    console.log(`guard proxy: POST /v1/chat/completions direct to the upstream vs through the guard, ${options.proxyRequests} alternating pairs per mode`);
    const proxy = await proxyBench({ repo, tmp: TMP, requests: options.proxyRequests, profile: options.profile });
    let soak;
    if (options.soakMinutes > 0) {
      console.log(`guard soak: ${options.soakMinutes} min at ${options.soakRate} req/s, SQLite audit`);
      soak = await soakBench({ repo, tmp: TMP, texts, minutes: options.soakMinutes, rate: options.soakRate });
    } else console.log('guard soak: skipped (--soak-minutes 0)');
    return { api, proxy, soak };
  });

  console.log('guard peers: in-process, one text at a time (this process, unpinned)');
  const tools = [await wardenGuardTool(), wardenScanTool(), secretlintTool(), openRedactionTool()];
  const bodies = await timeTools(tools, texts);
  for (const b of bodies) console.log(`  2 KB responses  ${b.name.padEnd(42)} p50 ${b.latency_ms.p50} ms, p99 ${b.latency_ms.p99} ms, flags ${b.flagged}/${b.texts}`);
  const rows = await loadEvalRows();
  const evaluation = await compareTools(tools, rows);
  for (const t of evaluation) {
    const sets = Object.entries(t.datasets)
      .map(([name, d]) => `${name} ${d.recall}/${d.fp_rate}`)
      .join(', ');
    console.log(`  eval (${rows.length} texts) ${t.name.padEnd(42)} p50 ${t.latency_ms.p50} ms, p99 ${t.latency_ms.p99} ms; recall/flag-rate-on-negatives: ${sets}`);
  }

  const argv = process.argv.slice(2).join(' ');
  const result = {
    command: `npm run bench -- ${argv}`.trim(),
    setup: {
      server_core: SERVER_CORE,
      load_core: LOAD_CORE,
      note: 'server and load generator on the same 2-core machine; the server child pinned to one core with taskset, this process (autocannon, timed client) and the upstream child to the other. Figures taken while other work runs on the machine are noisier.',
      responses: { count: texts.length, chars: BODY_CHARS, planted_findings_every: 5, generator: 'bench/responses.ts + bench/guard/bodies.ts' },
    },
    targets: { guard_api: API_TARGET, proxy: PROXY_TARGET, soak: SOAK_TARGET },
    guard_api: measured.api,
    proxy: measured.proxy,
    soak: measured.soak ?? { skipped: true },
    peers: {
      counting: 'a text is flagged when the tool reports at least one finding; Warden counts findings whose action is not allow (all findings under the default policy). recall = flagged share of positives, fp_rate = flagged share of negatives, any detector counted (a URL finding on a secrets negative counts).',
      responses_2kb: bodies,
      evaluation: { texts: rows.length, data: 'eval/data/*.jsonl', tools: evaluation },
    },
  };
  console.log(`  → ${await saveResult('guard', result)}`);
  console.log(`  logs and databases: ${join(TMP, '*.log')}, ${join(TMP, '*.db')}`);
}
