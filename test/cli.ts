import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';
import { main } from '../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const text = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));

/**
 * Runs `warden ...args` in-process, capturing stdout and stderr.
 *
 * @example
 * const { code, stdout } = await runWarden('classify', '--jsonl', 'x.jsonl');
 */
export async function runWarden(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += text(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += text(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'warden', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/**
 * Captures stdout/stderr around every test of the file and gives a `cli(...)` that returns the
 * exit code: `io.out` and `io.err` hold what the commands wrote (tests may reset them).
 *
 * @example
 * const io = useCliCapture(['synth']);
 * it('validates', async () => { expect(await io.cli('validate', 'x.jsonl')).toBe(0); expect(io.out).toContain('0 error(s)'); });
 */
export function useCliCapture(prefix: readonly string[] = []): { out: string; err: string; cli: (...args: string[]) => Promise<number> } {
  const io = {
    out: '',
    err: '',
    cli: async (...args: string[]) => main(['node', 'warden', ...prefix, ...args]),
  };
  let spies: MockInstance[] = [];
  beforeEach(() => {
    io.out = '';
    io.err = '';
    spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((io.out += text(chunk)), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((io.err += text(chunk)), true)),
    ];
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
    process.exitCode = undefined;
  });
  return io;
}
