import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { createInterface } from 'node:readline';
import { shellLine } from './stats.js';

/**
 * Server processes for the guard bench: each runs pinned to one core with `taskset`, prints its
 * URL on the first stdout line (plain text or JSON with a `url` field), logs to a file, and is
 * stopped with SIGTERM (so `--cpu-prof` profiles get written).
 */
export interface PinnedChild {
  pid: number;
  url: string;
  /** The exact command line it was started with. */
  command: string;
  /** Resident set size in KiB, from /proc/<pid>/status (VmRSS). */
  rssKib(): Promise<number>;
  stop(): Promise<void>;
}

export interface PinnedChildOptions {
  core: number;
  /** Program and arguments (after `taskset -c CORE`). */
  argv: string[];
  cwd: string;
  /** stderr goes here (the server's request log); relative to `cwd`. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

/**
 * Starts `taskset -c CORE ARGV...` and resolves once it printed its URL.
 *
 * @example
 * const server = await startPinned({ core: 0, argv: ['node', 'bin/warden.js', 'guard', 'serve', '--port', '0', '--json'], cwd: repo, logFile: 'bench/tmp/guard.log' });
 * await server.stop();
 */
export async function startPinned(options: PinnedChildOptions): Promise<PinnedChild> {
  const argv = ['taskset', '-c', String(options.core), ...options.argv];
  const log = openSync(resolvePath(options.cwd, options.logFile), 'w');
  let child: ChildProcess;
  try {
    child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', log] });
  } finally {
    closeSync(log);
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${shellLine(argv)}: no URL on stdout within ${options.startTimeoutMs ?? 30_000} ms (log: ${options.logFile})`)), options.startTimeoutMs ?? 30_000);
    lines.once('line', function firstLine(line) {
      clearTimeout(timer);
      const found = /"url"\s*:\s*"([^"]+)"/.exec(line) ?? /(https?:\/\/[^\s)]+)/.exec(line);
      if (found) resolve(found[1]!);
      else reject(new Error(`${shellLine(argv)}: unexpected first line ${JSON.stringify(line.slice(0, 200))}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${shellLine(argv)} exited ${code} before listening (log: ${options.logFile})`));
    });
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  lines.on('line', () => undefined);
  const pid = child.pid!;
  return {
    pid,
    url,
    command: shellLine(argv),
    rssKib: () => rssKib(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** VmRSS of a process in KiB. */
export async function rssKib(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/**
 * Pins this process (every thread) to one core for the duration of `work`, so the load
 * generator does not share the server's core; restores the previous mask afterwards.
 */
export async function pinnedSelf<T>(core: number, work: () => Promise<T>): Promise<T> {
  const before = /mask:\s*([0-9a-f]+)/i.exec(spawnSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' }).stdout)?.[1];
  const pin = spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { encoding: 'utf8' });
  if (pin.status !== 0) throw new Error(`taskset -a -p -c ${core} ${process.pid} failed: ${pin.stderr}`);
  try {
    return await work();
  } finally {
    if (before) spawnSync('taskset', ['-a', '-p', before, String(process.pid)]);
  }
}
