import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export const RESULTS_DIR = join(import.meta.dirname, 'results');
export const TMP_DIR = join(import.meta.dirname, 'tmp');

export interface Timed {
  seconds: number;
  /** Peak resident set size of the child in MiB (GNU time %M), when measured. */
  peak_rss_mib?: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time to get wall time and peak RSS; fails loudly on non-zero exit. */
export function timeCommand(command: string, args: string[], options: { stdoutFile?: string; cwd?: string } = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const shellLine = [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ') + (options.stdoutFile ? ` > '${options.stdoutFile}'` : '');
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '__PEAK_RSS_KB=%M', 'bash', '-c', shellLine], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      const match = /__PEAK_RSS_KB=(\d+)/.exec(stderr);
      resolve({ seconds, stdout, ...(match ? { peak_rss_mib: Math.round(Number(match[1]) / 1024) } : {}) });
    });
  });
}

/** Fails with a how-to-fix message when a peer tool is missing. */
export function requireTool(command: string, debianPackage: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  if (!found) throw new Error(`bench needs ${command} (Debian package ${debianPackage}): run scripts/setup.sh`);
}

export async function machine(): Promise<Record<string, unknown>> {
  return { cpus: cpus().length, cpu_model: cpus()[0]?.model, mem_gib: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
}

export async function saveResult(name: string, result: Record<string, unknown>): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  await writeFile(path, JSON.stringify({ suite: name, machine: await machine(), ...result }, null, 2) + '\n');
  return path;
}

export async function readManifest(runDir: string): Promise<{ stats: { wall_ms: number; written: number; read: { bytes: number } } }> {
  return JSON.parse(await readFile(join(runDir, 'manifest.json'), 'utf8'));
}

export const mbps = (bytes: number, seconds: number) => Math.round((bytes / 1e6 / seconds) * 10) / 10;
