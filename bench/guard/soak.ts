import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runLoad, type LoadRun } from './load.js';
import { round2, sleep } from './stats.js';
import { freshDb, startGuardServe, writeBenchConfig } from './server.js';

export const SOAK_TARGET = { rss_growth_max: 0.1 };

interface Sample {
  t_s: number;
  rss_mib: number;
  heap_used_mib?: number;
  external_mib?: number;
}

export interface SoakResult {
  server_command: string;
  audit_db: string;
  minutes: number;
  offered_rps: number;
  warmup_s: number;
  load: LoadRun;
  errors_total: number;
  rss_mib: { after_warmup: number; end: number; end_over_warmup: number; max: number };
  /**
   * RSS saw-tooths with V8's major collections, so two single readings can land on a trough and
   * a peak: the medians of a window after the warm-up and of the last window, RSS and V8 heap
   * used, show the trend without that noise (a leak shows as a rising heap).
   */
  windowed: { window_s: number; rss_after_warmup: number; rss_end: number; rss_ratio: number; heap_after_warmup?: number; heap_end?: number };
  /** Seconds since the load started → RSS (from /proc), V8 heap used and external memory (from the server's /metrics), MiB. */
  rss_series: Sample[];
  /** Decisions in the SQLite audit after the server stopped, next to the 2xx answers it gave. */
  audit_rows: number;
  answered_2xx: number;
  meets_target: boolean;
}

/**
 * A steady-rate soak of POST /v1/guard against `warden guard serve` with its SQLite audit: no
 * error allowed, and the server's RSS at the end within 10 % of its RSS after the warm-up
 * (30 s, or a third of a shorter soak), each the median of a window of readings. RSS is read
 * from /proc/<pid>/status.
 */
export async function soakBench(options: { repo: string; tmp: string; texts: readonly string[]; minutes: number; rate: number }): Promise<SoakResult> {
  const seconds = Math.max(3, Math.round(options.minutes * 60));
  const warmupS = Math.min(30, Math.floor(seconds / 3));
  const config = await writeBenchConfig(join(options.tmp, 'guard-soak.yaml'));
  const db = await freshDb(join(options.tmp, 'guard-soak.db'));
  const requests = options.texts.map((text) => ({ method: 'POST' as const, path: '/v1/guard', body: JSON.stringify({ response: text }), headers: { 'content-type': 'application/json' } }));
  const server = await startGuardServe({ repo: options.repo, tmp: options.tmp, config, db, log: 'guard-soak.log' });
  console.log(`  server: ${server.command}  (pid ${server.pid}, ${server.url})`);
  console.log(`  load: autocannon overallRate ${options.rate} req/s, 10 connections, ${seconds} s; RSS sampled from /proc/${server.pid}/status`);
  const series: Sample[] = [];
  const every = Math.max(1, Math.round(seconds / 120));
  const mib = (kib: number) => round2(kib / 1024);
  let afterWarmup: number | undefined;
  let load: LoadRun;
  let end: number;
  try {
    series.push({ t_s: 0, rss_mib: mib(await server.rssKib()) });
    const started = performance.now();
    let sampling = true;
    const sampler = (async function sampleRss() {
      while (sampling) {
        await sleep(every * 1000);
        if (!sampling) break;
        const t = Math.round((performance.now() - started) / 1000);
        const rss = mib(await server.rssKib());
        series.push({ t_s: t, rss_mib: rss, ...(await heapMib(server.url)) });
        if (afterWarmup === undefined && t >= warmupS) {
          afterWarmup = rss;
          console.log(`  RSS after ${t} s warm-up: ${rss} MiB`);
        }
      }
    })();
    load = await runLoad({ label: `soak ${options.rate} req/s`, url: server.url, requests, connections: 10, durationS: seconds, overallRate: options.rate });
    sampling = false;
    await sampler;
    end = mib(await server.rssKib());
    series.push({ t_s: Math.round((performance.now() - started) / 1000), rss_mib: end });
  } finally {
    await server.stop();
  }
  const rows = countAuditRows(join(options.repo, db));
  const warm = afterWarmup ?? series[Math.min(1, series.length - 1)]!.rss_mib;
  const errors = load.errors + load.timeouts + load.non2xx;
  const ratio = Math.round((end / warm) * 1000) / 1000;
  const windowS = Math.max(every * 3, Math.min(60, Math.round(seconds / 6)));
  const last = series[series.length - 1]!.t_s;
  const early = series.filter((x) => x.t_s >= warmupS && x.t_s < warmupS + windowS);
  const late = series.filter((x) => x.t_s > last - windowS);
  const median = (xs: (number | undefined)[]) => {
    const v = xs.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    return v.length ? v[Math.floor(v.length / 2)]! : undefined;
  };
  const rssEarly = median(early.map((x) => x.rss_mib)) ?? warm;
  const rssLate = median(late.map((x) => x.rss_mib)) ?? end;
  const heapEarly = median(early.map((x) => x.heap_used_mib));
  const heapLate = median(late.map((x) => x.heap_used_mib));
  const windowed = {
    window_s: windowS,
    rss_after_warmup: rssEarly,
    rss_end: rssLate,
    rss_ratio: Math.round((rssLate / rssEarly) * 1000) / 1000,
    ...(heapEarly !== undefined ? { heap_after_warmup: heapEarly } : {}),
    ...(heapLate !== undefined ? { heap_end: heapLate } : {}),
  };
  // Judged on the windowed medians: a single reading after the warm-up can sit on a trough of
  // V8's heap saw-tooth and the last one on a peak (both single readings are reported too).
  const meets = errors === 0 && windowed.rss_ratio <= 1 + SOAK_TARGET.rss_growth_max;
  console.log(
    `  soak windows of ${windowS} s (medians): RSS ${windowed.rss_after_warmup} → ${windowed.rss_end} MiB (×${windowed.rss_ratio}), V8 heap used ${heapEarly ?? '?'} → ${heapLate ?? '?'} MiB`,
  );
  console.log(
    `  soak: ${load.completed} answered (${load.requests_per_s} req/s), errors ${errors}, p50 ${load.latency.p50_ms} ms, p99 ${load.latency.p99_ms} ms; single readings: RSS after warm-up ${warm} MiB, end ${end} MiB (×${ratio}); windowed ×${windowed.rss_ratio}; audit rows ${rows} → ${meets ? 'met' : 'NOT met'}`,
  );
  return {
    server_command: server.command,
    audit_db: `sqlite:${db}`,
    minutes: options.minutes,
    offered_rps: options.rate,
    warmup_s: warmupS,
    load,
    errors_total: errors,
    rss_mib: { after_warmup: warm, end, end_over_warmup: ratio, max: Math.max(...series.map((s) => s.rss_mib)) },
    windowed,
    rss_series: series,
    audit_rows: rows,
    answered_2xx: load.completed,
    meets_target: meets,
  };
}

/** V8 heap used and external memory from the server's prom-client default metrics (whatever the prefix). */
async function heapMib(url: string): Promise<{ heap_used_mib?: number; external_mib?: number }> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const mibOf = (name: string): number | undefined => {
      const match = new RegExp(`^(?:\\w+_)?${name} ([0-9.e+]+)$`, 'm').exec(text);
      return match ? round2(Number(match[1]) / 2 ** 20) : undefined;
    };
    const heap = mibOf('nodejs_heap_size_used_bytes');
    const external = mibOf('nodejs_external_memory_bytes');
    return { ...(heap !== undefined ? { heap_used_mib: heap } : {}), ...(external !== undefined ? { external_mib: external } : {}) };
  } catch {
    return {};
  }
}

function countAuditRows(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM audit_requests').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
