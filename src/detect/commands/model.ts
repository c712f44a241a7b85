import type { ScoreStep, Severity } from '../finding.js';
import type { Redir, Word } from './shell-lexer.js';
import type { SimpleCommand } from './shell-parser.js';

export type Family =
  | 'download-exec'
  | 'reverse-shell'
  | 'destructive'
  | 'persistence'
  | 'privilege-escalation'
  | 'credential-access'
  | 'defense-evasion'
  | 'lolbin'
  | 'container';

/**
 * A structural command rule: checked by code (the shell/PowerShell analysers), described by
 * data. Like a PatternRule it ships true and false positive examples the tests run.
 */
export interface CommandRule {
  id: string;
  family: Family;
  severity: Severity;
  /** Base score from the structure alone, 0..1. */
  score: number;
  /** MITRE ATT&CK technique (a finding may name a more specific one). */
  attack: string;
  description: string;
  examples: { tp: string[]; fp: string[] };
}

/** A resolved simple command: wrappers (sudo, env, nohup, ...) peeled, variables expanded. */
export interface Cmd {
  /** Lower-case base name without directory and .exe ('' for a bare assignment). */
  readonly name: string;
  /** Arguments after the name: expanded values. */
  readonly args: string[];
  /** The same, lower-cased. */
  readonly lower: string[];
  /** Windows view of the arguments: source text without quotes and carets, lower-cased. */
  readonly win: string[];
  /** Words of the arguments (same indexes). */
  readonly words: Word[];
  nameWord?: Word;
  /** The command as invoked (expanded; a Windows path keeps its backslashes). */
  invoked?: string;
  /** Wrappers peeled off, outermost first. */
  readonly wrappers: string[];
  readonly sc: SimpleCommand;
  readonly redirs: Redir[];
  readonly start: number;
  readonly end: number;
  /** Quotes, escapes, carets or variables inside the command name (c'u'rl, \rm, $x). */
  readonly obfuscated: boolean;
}

/** One element of a pipeline: a command, or all commands of a group `( ... )`. */
export interface Stage {
  cmds: Cmd[];
  redirs: Redir[];
  start: number;
  end: number;
}

export interface ReportOptions {
  severity?: Severity;
  score?: number;
  attack?: string;
  /** The span is already in offsets of the scanned text (e.g. from `downloaded`). */
  absolute?: boolean;
  /** Extra score steps (structure/context) after the rule's base step. */
  steps?: { step: ScoreStep['step']; delta: number; reason: string }[];
}

/** A span in the analysed source (offsets of `Env.src`). */
export interface Span {
  start: number;
  end: number;
}

/** What a check sees besides the command: reporting and the analysis around it. */
export interface Env {
  report(rule: string, span: Span, detail: string, options?: ReportOptions): void;
  /** Commands run inside the substitutions of a word ($(...), `...`, <(...)). */
  subCmds(word: Word): Cmd[];
  /** Value of a word with known variables expanded. */
  expand(value: string): string;
  setVar(name: string, value: string): void;
  /** Maps a span of `src` to offsets of the scanned text. */
  toText(span: Span): Span;
  /** The source the spans of this analysis refer to. */
  src: string;
  /** Analyses a derived text (a decoded payload) and reports its findings on `span`. */
  nested(text: string, span: Span, kind: 'shell' | 'powershell' | 'code'): void;
  /** Records a file a command wrote from the network (for saved-then-run). */
  saveDownload(path: string, span: Span, detail: string): void;
  /** A download saved earlier at this path, if any (and marks it used). */
  downloaded(path: string, before: number): { span: Span; detail: string; sameChunk: boolean; inspected?: string } | undefined;
  /** Records that a command (`how`) showed or verified a download saved earlier at this path. */
  inspectDownload(path: string, before: number, how: string): void;
  /** Nesting depth of the text being analysed (0 = the text itself). */
  depth: number;
  prose: boolean;
  /** Name of the scanner view ('original', 'normalized', 'base64', ...). */
  view: string;
}

/** Source-level helpers shared by the checks. */
export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'rbash', 'busybox']);
export const INTERPRETERS = new Set(['python', 'python2', 'python3', 'perl', 'ruby', 'php', 'node', 'nodejs', 'lua', 'tclsh', 'pwsh', 'powershell', 'osascript', 'bun', 'deno']);

export function isShell(name: string): boolean {
  return SHELLS.has(name);
}

export function isInterpreter(name: string): boolean {
  return SHELLS.has(name) || INTERPRETERS.has(name) || (name.startsWith('python') && PYTHON.test(name));
}

const PYTHON = /^python[23]?(?:\.\d{1,2})?$/;

/** End of options: index of '--' in args, or args.length. */
function optionsEnd(args: readonly string[]): number {
  const i = args.indexOf('--');
  return i < 0 ? args.length : i;
}

/** A short option letter given alone or in a cluster (-rf has r and f). Case-sensitive. */
export function hasShort(c: Cmd, letter: string): boolean {
  const end = optionsEnd(c.args);
  for (let i = 0; i < end; i++) {
    const a = c.args[i]!;
    if (a.length > 1 && a[0] === '-' && a[1] !== '-' && a.length <= 16 && a.includes(letter) && /^-[A-Za-z0-9]+$/.test(a)) return true;
  }
  return false;
}

/** A long option (--name or --name=value). */
export function hasLong(c: Cmd, name: string): boolean {
  const end = optionsEnd(c.args);
  for (let i = 0; i < end; i++) {
    const a = c.lower[i]!;
    if (a === name || a.startsWith(`${name}=`)) return true;
  }
  return false;
}

/** Any argument equal (case-insensitively) to one of `names` (e.g. Windows /s, -enc). */
export function hasArg(c: Cmd, ...names: string[]): boolean {
  return c.lower.some((a) => names.includes(a));
}

/**
 * Value of an option: `-o FILE`, `-oFILE`, `-sSLo FILE` (last letter of a cluster), `--output
 * FILE`, `--output=FILE`.
 */
export function optionValue(c: Cmd, shorts: string, longs: readonly string[] = []): string | undefined {
  const end = optionsEnd(c.args);
  for (let i = 0; i < end; i++) {
    const a = c.args[i]!;
    if (a.startsWith('--')) {
      for (const long of longs) {
        if (a === long) return c.args[i + 1];
        if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
      }
      continue;
    }
    if (a.length < 2 || a[0] !== '-') continue;
    for (let k = 1; k < a.length && k < 16; k++) {
      if (!shorts.includes(a[k]!)) {
        if (!/[A-Za-z0-9]/.test(a[k]!)) break;
        continue;
      }
      return k === a.length - 1 ? c.args[i + 1] : a.slice(k + 1);
    }
  }
  return undefined;
}

/**
 * Operands: arguments that are not options, skipping the values of options listed in
 * `withValue` (short letters, e.g. 'oO', and long names).
 */
export function operands(c: Cmd, withValue = '', longWithValue: readonly string[] = []): string[] {
  const out: string[] = [];
  let options = true;
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i]!;
    if (options && a === '--') {
      options = false;
      continue;
    }
    if (options && a.length > 1 && a[0] === '-') {
      if (a.startsWith('--')) {
        if (longWithValue.includes(a)) i++;
      } else if (withValue && withValue.includes(a[a.length - 1]!) && /^-[A-Za-z0-9]+$/.test(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

const URL_RE = /^(?:https?|ftps?|tftp):\/\/[^\s/]/i;

export function isUrl(value: string): boolean {
  return URL_RE.test(value);
}

/** First argument that is a URL (scheme://...), or one that looks like host/path. */
export function findUrl(values: readonly string[]): string | undefined {
  for (const v of values) if (isUrl(v)) return v;
  return undefined;
}

/**
 * Path normalised for comparing saved and executed files.
 *
 * @example
 * normPath('~/bin/X.sh'); // '$home/bin/x.sh'
 */
export function normPath(path: string): string {
  let p = path.trim().replace(/\\/g, '/').toLowerCase();
  if (p.startsWith('~/')) p = `$home/${p.slice(2)}`;
  p = p.replace(/^\$\{home\}/, '$home');
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

export function baseName(path: string): string {
  const p = normPath(path);
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const MODEL_PATTERNS: readonly RegExp[] = [URL_RE, PYTHON, /^-[A-Za-z0-9]+$/, /[A-Za-z0-9]/, /\\/g, /^\$\{home\}/];
