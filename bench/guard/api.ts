import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runLoad, type LoadRun } from './load.js';
import { topSelfTime, type SelfTime } from './profile.js';
import { freshDb, startGuardServe, writeBenchConfig } from './server.js';

export const API_TARGET = { requests_per_s: 2000, p99_ms: 10 };

export interface ApiResult {
  server_command: string;
  runs: LoadRun[];
  /** The highest throughput among the runs whose p99 met the target. */
  best_within_p99: { connections: number; requests_per_s: number; p99_ms: number } | null;
  meets_target: boolean;
  profile?: { command: string; load: string; file: string; busy_ms: number; windowed: boolean; top: SelfTime[]; by_part: { part: string; percent: number }[] };
}

export interface ApiOptions {
  repo: string;
  /** Relative to the repository (commands print short). */
  tmp: string;
  texts: readonly string[];
  seconds: number;
  connections: readonly number[];
  /** 'auto': profile only when the target is missed. */
  profile: boolean | 'auto';
}

/**
 * POST /v1/guard with 2 KB responses against `warden guard serve` on one core: a warm-up, then
 * closed-loop autocannon runs at increasing connection counts. Throughput rises with
 * concurrency until the core saturates, and latency then grows with the queue; the target is
 * judged on the best throughput whose p99 stays within 10 ms.
 */
export async function guardApiBench(options: ApiOptions): Promise<ApiResult> {
  const config = await writeBenchConfig(join(options.tmp, 'guard-api.yaml'));
  const db = await freshDb(join(options.tmp, 'guard-api.db'));
  const requests = options.texts.map((text) => ({ method: 'POST' as const, path: '/v1/guard', body: JSON.stringify({ response: text }), headers: { 'content-type': 'application/json' } }));
  const server = await startGuardServe({ repo: options.repo, tmp: options.tmp, config, db, log: 'guard-api.log' });
  console.log(`  server: ${server.command}  (pid ${server.pid}, ${server.url})`);
  const runs: LoadRun[] = [];
  try {
    const warm = await runLoad({ label: 'warm-up', url: server.url, requests, connections: 8, durationS: Math.min(5, options.seconds) });
    console.log(`  warm-up: ${warm.requests_per_s} req/s, ${warm.completed} requests, status ${JSON.stringify(warm.status_codes)}`);
    if (warm.non2xx > 0 || warm.errors > 0) throw new Error(`/v1/guard warm-up: ${warm.non2xx} non-2xx, ${warm.errors} errors (log: ${options.tmp}/guard-api.log)`);
    for (const connections of options.connections) {
      const run = await runLoad({ label: `closed loop, ${connections} connection(s)`, url: server.url, requests, connections, durationS: options.seconds });
      runs.push(run);
      console.log(
        `  autocannon -c ${String(connections).padEnd(2)} -d ${options.seconds}: ${String(run.requests_per_s).padStart(5)} req/s, p50 ${run.latency.p50_ms} ms, p99 ${run.latency.p99_ms} ms, max ${run.latency.max_ms} ms, errors ${run.errors + run.non2xx}`,
      );
    }
  } finally {
    await server.stop();
  }
  const within = runs.filter((r) => r.latency.p99_ms <= API_TARGET.p99_ms && r.errors + r.non2xx === 0).sort((a, b) => b.requests_per_s - a.requests_per_s)[0];
  const best = within ? { connections: within.connections, requests_per_s: within.requests_per_s, p99_ms: within.latency.p99_ms } : null;
  const meets = best !== null && best.requests_per_s >= API_TARGET.requests_per_s;
  const result: ApiResult = { server_command: server.command, runs, best_within_p99: best, meets_target: meets };
  console.log(`  target >= ${API_TARGET.requests_per_s} req/s with p99 <= ${API_TARGET.p99_ms} ms: ${meets ? 'met' : 'NOT met'} (best within p99: ${best ? `${best.requests_per_s} req/s at ${best.connections} connection(s)` : 'none'})`);
  if (options.profile === true || (options.profile === 'auto' && !meets)) result.profile = await profileServer(options, requests);
  return result;
}

/** A short run against a server child started with --cpu-prof; the top self-time functions. */
async function profileServer(options: ApiOptions, requests: Parameters<typeof runLoad>[0]['requests']): Promise<NonNullable<ApiResult['profile']>> {
  const dir = join(options.tmp, 'guard-profile');
  await rm(join(options.repo, dir), { recursive: true, force: true });
  const config = await writeBenchConfig(join(options.tmp, 'guard-api.yaml'));
  const db = await freshDb(join(options.tmp, 'guard-profile.db'));
  const server = await startGuardServe({ repo: options.repo, tmp: options.tmp, config, db, log: 'guard-profile.log', nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir] });
  const seconds = Math.min(8, Math.max(3, options.seconds));
  let run: LoadRun;
  let window: { fromUs: number; toUs: number };
  try {
    await runLoad({ label: 'profile warm-up', url: server.url, requests, connections: 8, durationS: 2 });
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    run = await runLoad({ label: 'profile', url: server.url, requests, connections: 8, durationS: seconds });
    window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
  } finally {
    await server.stop();
  }
  const summary = await topSelfTime(join(options.repo, dir), options.repo, 25, window);
  console.log(`  profile: ${server.command}; autocannon -c 8 -d ${seconds} (${run.requests_per_s} req/s under the profiler; ${summary.windowed ? 'samples of the measured run only' : 'whole process: clock mismatch, start-up included'}) → ${summary.file}`);
  console.log(`    by part: ${summary.by_part.map((p) => `${p.part} ${p.percent} %`).join('; ')}`);
  console.log('    top self time:');
  for (const t of summary.top.slice(0, 15)) console.log(`    ${t.percent.toFixed(1).padStart(5)} %  ${t.function}  ${t.where}`);
  return { command: server.command, load: `autocannon -c 8 -d ${seconds}`, ...summary };
}
