import type { Command } from 'commander';
import { WardenError, isWardenError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/log.js';

export interface GlobalFlags {
  verbose?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/** Flags every command accepts, spelled the same everywhere. */
export function addGlobalFlags(command: Command): Command {
  return command
    .option('--verbose', 'more log output, and stack traces on errors')
    .option('--quiet', 'only warnings and errors')
    .option('--json', 'machine-readable JSON on stdout (logs stay on stderr)');
}

export function loggerFor(flags: GlobalFlags): Logger {
  return createLogger({ verbose: flags.verbose ?? false, quiet: flags.quiet ?? false, json: flags.json ?? false });
}

/** Adds an "Examples:" block to a command's help. */
export function examples(command: Command, lines: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

export function parseIntFlag(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new WardenError('W_USAGE', `${name} must be a positive integer (got "${value}")`);
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** One line for the user, exit 2; the stack only with --verbose. */
export function reportError(error: unknown, verbose: boolean, write: (text: string) => void): number {
  if (isWardenError(error)) {
    write(`warden: ${error.code}: ${printable(error.message)}\n  hint: ${printable(error.hint)}\n`);
    if (verbose && error.stack) write(`${printable(error.stack)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`warden: unexpected error: ${printable(message)}\n  hint: rerun with --verbose and report it if it persists\n`);
  if (verbose && error instanceof Error && error.stack) write(`${printable(error.stack)}\n`);
  return 2;
}

/** Control and bidi characters, which could drive the terminal or disguise text (tab and newline pass). */
function unprintable(c: number): boolean {
  return (c < 0x20 && c !== 9 && c !== 10) || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * An error message made safe to print, those characters written as \uXXXX: messages quote
 * input (a JSON parse error quotes the line, an HTTP error the answer), and input is hostile.
 *
 * @example
 * printable('bad \u001b]0;x\u0007'); // 'bad \\u001b]0;x\\u0007'
 */
export function printable(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += unprintable(c) ? `\\u${c.toString(16).padStart(4, '0')}` : text[i];
  }
  return out;
}
