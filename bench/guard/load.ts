import autocannon from 'autocannon';
import { summarize, type LatencySummary, round2 } from './stats.js';

/** One autocannon run against the guard, with latencies taken from every response (µs precision). */
export interface LoadRun {
  label: string;
  connections: number;
  duration_s: number;
  /** Offered rate (autocannon overallRate) when the run was paced; absent for closed loop. */
  offered_rps?: number;
  requests_per_s: number;
  completed: number;
  /** Latency of 2xx responses, measured per response from autocannon's hrtime (autocannon's own histogram rounds to whole ms). */
  latency: LatencySummary;
  errors: number;
  timeouts: number;
  non2xx: number;
  status_codes: Record<string, number>;
  /** The options autocannon ran with (bodies elided), to reproduce the run. */
  autocannon: Record<string, unknown>;
}

export interface LoadOptions {
  label: string;
  url: string;
  /** Requests cycled in order by every connection. */
  requests: { method: 'POST'; path: string; body: string; headers: Record<string, string> }[];
  connections: number;
  durationS: number;
  overallRate?: number;
}

/**
 * Runs autocannon programmatically and summarises it.
 *
 * @example
 * const run = await runLoad({ label: 'c8', url: server.url, requests, connections: 8, durationS: 10 });
 * run.requests_per_s;
 */
export function runLoad(options: LoadOptions): Promise<LoadRun> {
  const config = {
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: options.requests,
  };
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(config, function done(error: unknown, result: autocannon.Result) {
      if (error) return reject(error instanceof Error ? error : new Error(String(error)));
      resolve({
        label: options.label,
        connections: options.connections,
        duration_s: round2(result.duration),
        ...(options.overallRate ? { offered_rps: options.overallRate } : {}),
        requests_per_s: Math.round(latencies.length / result.duration),
        completed: latencies.length,
        latency: summarize(latencies),
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        status_codes: codes,
        autocannon: { ...config, requests: `${options.requests.length} bodies cycled (POST ${options.requests[0]?.path})` },
      });
    });
    instance.on('response', function onResponse(_client: unknown, statusCode: number, _bytes: number, responseTime: number) {
      codes[statusCode] = (codes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}
