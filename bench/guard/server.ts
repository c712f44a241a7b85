import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startPinned, type PinnedChild } from './children.js';

/** The core the server under test runs on; the load generator and the upstream use the other. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

/**
 * guard.yaml for the bench: the default policy, the default body limit and timeouts, the
 * per-key rate limit and concurrency cap lifted (a benchmark from one address would otherwise
 * measure the 429/503 path), and the OpenAI upstream pointed at the local one when given.
 */
export async function writeBenchConfig(path: string, options: { openaiBaseURL?: string } = {}): Promise<string> {
  const lines = [
    '# Written by bench/guard-suite.ts: default policy, limits lifted for load generation from one address.',
    'version: 1',
    'server:',
    '  host: 127.0.0.1',
    '  port: 0',
    '  max_concurrency: 4096',
    '  rate_limit: { requests_per_minute: 10000000, burst: 1000000 }',
    ...(options.openaiBaseURL
      ? ['upstreams:', `  openai: { base_url: "${options.openaiBaseURL}", api_key_env: WARDEN_BENCH_UPSTREAM_KEY, timeout_ms: 60000, pass_client_key: true }`]
      : []),
  ];
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

/** Removes a SQLite database and its WAL/SHM companions, so every run starts with an empty audit. */
export async function freshDb(path: string): Promise<string> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(path + suffix, { force: true });
  return path;
}

export interface GuardServe {
  repo: string;
  tmp: string;
  config: string;
  db: string;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  log: string;
}

/**
 * `taskset -c 0 node bin/warden.js guard serve --config ... --port 0 --db sqlite:... --json --no-watch`:
 * the built CLI, exactly as an operator starts it, request log (info, JSON) to a file.
 */
export function startGuardServe(options: GuardServe): Promise<PinnedChild> {
  return startPinned({
    core: SERVER_CORE,
    cwd: options.repo,
    logFile: join(options.tmp, options.log),
    argv: ['node', ...(options.nodeFlags ?? []), 'bin/warden.js', 'guard', 'serve', '--config', options.config, '--port', '0', '--db', `sqlite:${options.db}`, '--json', '--no-watch'],
  });
}
