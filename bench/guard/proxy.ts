import { join } from 'node:path';
import { startPinned, type PinnedChild } from './children.js';
import { completionText, tokenDeltas } from './bodies.js';
import { round3, summarize, type LatencySummary } from './stats.js';
import { TimedClient, type Timing } from './timed-request.js';
import { rm } from 'node:fs/promises';
import { topSelfTime, type SelfTime } from './profile.js';
import { LOAD_CORE, freshDb, startGuardServe, writeBenchConfig } from './server.js';

export const PROXY_TARGET = { overhead_p50_ms: 2 };

export interface ModeResult {
  mode: string;
  requests: number;
  direct: { last_byte: LatencySummary; first_byte: LatencySummary };
  proxied: { last_byte: LatencySummary; first_byte: LatencySummary };
  /** proxied − direct, time to last byte. */
  overhead_p50_ms: number;
  overhead_p99_ms: number;
  /** Median of the per-pair differences (each proxied call next to a direct call made just before or after it). */
  overhead_paired_median_ms: number;
  meets_target: boolean;
}

export interface ProxyResult {
  upstream_command: string;
  server_command: string;
  completion_chars: number;
  stream_events: number;
  modes: ModeResult[];
  meets_target: boolean;
  /** Where a proxied request's server time goes (per mode profiled), when the target was missed or a profile was asked for. */
  profiles?: { mode: string; requests: number; server_busy_ms_per_request: number; by_part: { part: string; percent: number }[]; top: SelfTime[] }[];
}

interface Mode {
  name: string;
  body: Record<string, unknown>;
  requests: number;
}

/**
 * Added latency of the OpenAI proxy: the same chat completion fetched straight from the local
 * upstream and through the guard, one request at a time, alternating, time to last byte.
 */
export async function proxyBench(options: { repo: string; tmp: string; requests: number; profile: boolean | 'auto' }): Promise<ProxyResult> {
  const upstream = await startPinned({ core: LOAD_CORE, cwd: options.repo, logFile: join(options.tmp, 'guard-upstream.log'), argv: ['node', '--import', 'tsx', 'bench/guard/upstream-main.ts'] });
  console.log(`  upstream: ${upstream.command}  (${upstream.url})`);
  let server: PinnedChild | undefined;
  const client = new TimedClient();
  try {
    const baseURL = `${upstream.url}/v1`;
    const config = await writeBenchConfig(join(options.tmp, 'guard-proxy.yaml'), { openaiBaseURL: baseURL });
    const db = await freshDb(join(options.tmp, 'guard-proxy.db'));
    const headers = { authorization: 'Bearer sk-bench-not-a-key' };
    const probe = { model: 'bench-burst', messages: [{ role: 'user', content: 'Explain retries.' }] };
    server = await startGuardServe({ repo: options.repo, tmp: options.tmp, config, db, log: 'guard-proxy.log' });
    console.log(`  server: ${server.command}  (pid ${server.pid}, ${server.url})`);
    const check = await client.post(`${server.url}/v1/chat/completions`, JSON.stringify(probe), headers);
    if (check.status !== 200) throw new Error(`POST /v1/chat/completions through \`warden guard serve\` answered ${check.status}: the CLI must register the OpenAI proxy (log: ${options.tmp}/guard-proxy.log)`);

    const messages = [{ role: 'user', content: 'How do I retry a flaky HTTP call?' }];
    const modes: Mode[] = [
      { name: 'non-streaming (JSON)', body: { model: 'bench-burst', messages }, requests: options.requests },
      { name: 'streaming, events back to back', body: { model: 'bench-burst', messages, stream: true, stream_options: { include_usage: true } }, requests: options.requests },
      { name: 'streaming, 4 KB pieces a timer tick apart', body: { model: 'bench-paced', messages, stream: true, stream_options: { include_usage: true } }, requests: Math.max(20, Math.round(options.requests / 3)) },
    ];
    const results: ModeResult[] = [];
    for (const mode of modes) results.push(await measureMode(client, mode, `${baseURL}/chat/completions`, `${server.url}/v1/chat/completions`, headers));
    const meets = results.every((r) => r.meets_target);
    let profiles: ProxyResult['profiles'];
    if (options.profile === true || (options.profile === 'auto' && !meets)) {
      await server.stop();
      profiles = await profileProxy(options, client, config, modes.slice(0, 2), headers);
    }
    return {
      upstream_command: upstream.command,
      server_command: server.command,
      completion_chars: completionText().length,
      stream_events: tokenDeltas(completionText()).length,
      modes: results,
      meets_target: meets,
      ...(profiles ? { profiles } : {}),
    };
  } finally {
    client.close();
    await server?.stop();
    await upstream.stop();
  }
}

async function measureMode(client: TimedClient, mode: Mode, directUrl: string, proxyUrl: string, headers: Record<string, string>): Promise<ModeResult> {
  const body = JSON.stringify(mode.body);
  const call = async (url: string): Promise<Timing> => {
    const t = await client.post(url, body, headers);
    if (t.status !== 200) throw new Error(`${url} (${mode.name}) answered ${t.status}`);
    return t;
  };
  for (let i = 0; i < Math.min(100, mode.requests); i++) {
    await call(directUrl);
    await call(proxyUrl);
  }
  const direct: Timing[] = [];
  const proxied: Timing[] = [];
  const diffs: number[] = [];
  for (let i = 0; i < mode.requests; i++) {
    // Alternate which goes first, so a slow patch of background load hits both sides alike.
    let d: Timing;
    let p: Timing;
    if (i % 2 === 0) {
      d = await call(directUrl);
      p = await call(proxyUrl);
    } else {
      p = await call(proxyUrl);
      d = await call(directUrl);
    }
    direct.push(d);
    proxied.push(p);
    diffs.push(p.last_byte_ms - d.last_byte_ms);
  }
  const side = (ts: Timing[]) => ({ last_byte: summarize(ts.map((t) => t.last_byte_ms)), first_byte: summarize(ts.map((t) => t.first_byte_ms)) });
  const d = side(direct);
  const p = side(proxied);
  const overheadP50 = round3(p.last_byte.p50_ms - d.last_byte.p50_ms);
  const result: ModeResult = {
    mode: mode.name,
    requests: mode.requests,
    direct: d,
    proxied: p,
    overhead_p50_ms: overheadP50,
    overhead_p99_ms: round3(p.last_byte.p99_ms - d.last_byte.p99_ms),
    overhead_paired_median_ms: summarize(diffs).p50_ms,
    meets_target: overheadP50 <= PROXY_TARGET.overhead_p50_ms,
  };
  console.log(
    `  ${mode.name.padEnd(42)} direct p50 ${d.last_byte.p50_ms} / p99 ${d.last_byte.p99_ms} ms; proxied p50 ${p.last_byte.p50_ms} / p99 ${p.last_byte.p99_ms} ms → +${result.overhead_p50_ms} ms p50, +${result.overhead_p99_ms} ms p99 (paired median +${result.overhead_paired_median_ms} ms)`,
  );
  return result;
}

/** Sequential proxied requests against a server child started with --cpu-prof, one child per mode. */
async function profileProxy(options: { repo: string; tmp: string }, client: TimedClient, config: string, modes: readonly Mode[], headers: Record<string, string>): Promise<NonNullable<ProxyResult['profiles']>> {
  const out: NonNullable<ProxyResult['profiles']> = [];
  for (const [i, mode] of modes.entries()) {
    const dir = join(options.tmp, `guard-proxy-profile-${i}`);
    await rm(join(options.repo, dir), { recursive: true, force: true });
    const db = await freshDb(join(options.tmp, 'guard-proxy-profile.db'));
    const server = await startGuardServe({ repo: options.repo, tmp: options.tmp, config, db, log: 'guard-proxy-profile.log', nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir] });
    const body = JSON.stringify(mode.body);
    const url = `${server.url}/v1/chat/completions`;
    const requests = 300;
    let window: { fromUs: number; toUs: number };
    try {
      for (let k = 0; k < 100; k++) await client.post(url, body, headers);
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      for (let k = 0; k < requests; k++) await client.post(url, body, headers);
      window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
    } finally {
      await server.stop();
    }
    const summary = await topSelfTime(join(options.repo, dir), options.repo, 20, window);
    const perRequest = round3(summary.busy_ms / requests);
    out.push({ mode: mode.name, requests, server_busy_ms_per_request: perRequest, by_part: summary.by_part, top: summary.top });
    console.log(`  profile (${mode.name}): ${server.command}, ${requests} sequential requests → ${summary.file}; server busy (non-idle samples, profiler overhead included) ${perRequest} ms per request`);
    console.log(`    by part: ${summary.by_part.map((p) => `${p.part} ${p.percent} %`).join('; ')}`);
    console.log(`    top self time: ${summary.top.slice(0, 8).map((t) => `${t.function} (${t.where || 'native'}) ${t.percent} %`).join('; ')}`);
  }
  return out;
}
