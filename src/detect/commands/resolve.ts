import type { Cmd } from './model.js';
import { findChar } from './lexer-util.js';
import type { Word } from './shell-lexer.js';
import type { SimpleCommand } from './shell-parser.js';

interface Wrapper {
  /** Short options that take a value (letters). */
  short?: string;
  /** Long options that take a value (when not given as --opt=value). */
  long?: readonly string[];
  /** Operands before the wrapped command (timeout DURATION, chrt PRIO, flock FILE). */
  operands?: number;
  /** Skip NAME=value words (env). */
  assignments?: boolean;
  /** Options after which there is no wrapped command (command -v). */
  query?: readonly string[];
}

/** Commands that run another command given as their remaining arguments. */
const WRAPPERS: ReadonlyMap<string, Wrapper> = new Map(Object.entries({
  sudo: { short: 'ugpChrtUDRT', long: ['--user', '--group', '--host', '--prompt', '--close-from', '--role', '--type', '--other-user', '--chdir', '--chroot'] },
  doas: { short: 'uC' },
  env: { short: 'uCS', long: ['--unset', '--chdir', '--split-string'], assignments: true },
  nohup: {},
  exec: { short: 'a' },
  time: { short: 'fo', long: ['--format', '--output'] },
  command: { query: ['-v', '-V'] },
  builtin: {},
  nice: { short: 'n', long: ['--adjustment'] },
  ionice: { short: 'cnpP', long: ['--class', '--classdata', '--pid'] },
  timeout: { short: 'sk', long: ['--signal', '--kill-after'], operands: 1 },
  stdbuf: { short: 'ioe' },
  setsid: {},
  chrt: { operands: 1 },
  taskset: { short: 'c', operands: 1 },
  unbuffer: {},
  caffeinate: { short: 'tw' },
  flock: { short: 'wEc', operands: 1 },
  runuser: { short: 'ugc' },
  xargs: { short: 'IinLPdaEs', long: ['--replace', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--eof', '--max-lines'] },
  watch: { short: 'nd', long: ['--interval'] },
  strace: { short: 'oesp' },
  ltrace: { short: 'oesp' },
  proxychains: { short: 'f' },
  proxychains4: { short: 'f' },
  torsocks: {},
  tsocks: {},
  busybox: {},
  wine: {},
} satisfies Record<string, Wrapper>));

const MAX_WRAPPERS = 6;
/** Variables that hold the running shell (unset in the text, so they stay as written). */
const SHELL_VARS: ReadonlySet<string> = new Set(['$shell', '${shell}', '$0', '${0}', '$bash', '${bash}']);
/** A Windows path as a command name (C:\..., %SystemRoot%\..., .\x.exe, \\host\share). */
const WINDOWS_PATH = /^(?:[a-z]:|%\w{1,40}%|\$env:\w{1,40}|\.)\\|^\\\\/;

/**
 * Lower-case base name: directory, quotes, carets (cmd escapes) and .exe removed.
 *
 * @example
 * normName('C:\\Windows\\System32\\CertUtil.exe'); // 'certutil'
 */
export function normName(value: string): string {
  let plain = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) {
      plain = false;
      break;
    }
  }
  if (plain) return value; // already a lower-case bare name (the common case)
  let v = value;
  if (v.includes('^')) v = v.replace(CARETS, '');
  const slash = Math.max(v.lastIndexOf('/'), v.lastIndexOf('\\'));
  if (slash >= 0 && slash < v.length - 1) v = v.slice(slash + 1);
  v = v.toLowerCase();
  if (v.endsWith('.exe')) v = v.slice(0, -4);
  return v;
}

const CARETS = /\^/g;
const INNER_CARET = /(?<=[a-z0-9])\^(?=[a-z0-9-])/g;

/** Source text of a word without quotes and carets, lower-cased (keeps Windows backslashes). */
export function winText(src: string, w: Word): string {
  const raw = src.slice(w.start, w.end);
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 34 || c === 39 || c === 94) continue; // " ' ^
    out += raw[i];
  }
  return out.toLowerCase();
}

/**
 * Resolves a simple command: expands variables in the name, peels wrappers (sudo, env, nohup,
 * timeout, xargs, ...), and fills the argument views the checks use.
 */
export function resolveCommand(sc: SimpleCommand, src: string, expand: (value: string) => string): Cmd {
  const words = sc.words;
  const wrappers: string[] = [];
  let k = 0;
  let obfuscated = false;
  let extra: string[] = [];
  for (let guard = 0; guard < MAX_WRAPPERS + 1 && k < words.length; guard++) {
    const w = words[k]!;
    let value = w.value;
    if (value.includes('$') || value.includes('%')) {
      const expanded = expand(value);
      if (expanded !== value) {
        obfuscated = true;
        // A variable holding "curl -s": the first word is the name, the rest arguments.
        const parts = expanded.trim().split(/\s+/);
        value = parts[0] ?? '';
        extra = parts.slice(1, 32);
      }
    }
    const name = normName(value);
    const wrapper = wrappers.length < MAX_WRAPPERS ? WRAPPERS.get(name) : undefined;
    if (!wrapper || extra.length > 0) break;
    // Peel: skip options (and their values), assignments and leading operands.
    let j = k + 1;
    let operandsLeft = wrapper.operands ?? 0;
    let query = false;
    while (j < words.length) {
      const a = words[j]!.value;
      if (a === '--') {
        j++;
        break;
      }
      if (wrapper.query?.includes(a)) query = true;
      if (a.length > 1 && a[0] === '-') {
        if (a.startsWith('--')) {
          if (!a.includes('=') && wrapper.long?.includes(a)) j++;
        } else if (wrapper.short && wrapper.short.includes(a[a.length - 1]!)) j++;
        j++;
        continue;
      }
      if (wrapper.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
        j++;
        continue;
      }
      if (operandsLeft > 0) {
        operandsLeft--;
        j++;
        continue;
      }
      break;
    }
    if (query) break;
    if (j >= words.length) {
      // `sudo -s`, `sudo -i`, `su`: an interactive shell reading its input.
      if (name === 'sudo' && words.slice(k + 1).some((x) => x.value === '-s' || x.value === '-i')) {
        wrappers.push(name);
        return build(sc, src, expand, [], wrappers, obfuscated, 'sh', w);
      }
      break;
    }
    wrappers.push(name);
    k = j;
  }
  const nameWord = words[k];
  if (!nameWord) return build(sc, src, expand, [], wrappers, obfuscated, '', undefined);
  let nameValue = nameWord.value;
  if (nameValue.includes('$') || nameValue.includes('%')) {
    const expanded = expand(nameValue);
    if (expanded !== nameValue) {
      obfuscated = true;
      const parts = expanded.trim().split(/\s+/);
      nameValue = parts[0] ?? '';
      extra = parts.slice(1, 32);
    }
  }
  if (SHELL_VARS.has(nameValue.toLowerCase())) {
    // `| $SHELL`, `| $0`: the user's shell, whatever it is named.
    nameValue = 'sh';
    obfuscated = true;
  }
  const rawName = findChar(src, 92, nameWord.start, nameWord.end) < nameWord.end ? winText(src, nameWord) : '';
  if (WINDOWS_PATH.test(rawName)) nameValue = rawName;
  else if (nameWord.quoted || nameWord.value.includes('^')) obfuscated = obfuscated || looksObfuscated(src, nameWord);
  const cmd = build(sc, src, expand, words.slice(k + 1), wrappers, obfuscated, normName(nameValue), nameWord, extra);
  cmd.invoked = nameValue;
  return cmd;
}

/** Quotes/escapes inside a name (c'u'rl, \rm, c^e^r^t) rather than around it ("bash"). */
function looksObfuscated(src: string, w: Word): boolean {
  const raw = src.slice(w.start, w.end);
  if (raw.includes('^')) return true;
  const first = raw[0];
  if ((first === '"' || first === "'") && raw.indexOf(first, 1) === raw.length - 1) return false;
  return true;
}

/** A resolved command; the lower-case and Windows views of its arguments are made on first use. */
class ResolvedCommand implements Cmd {
  nameWord?: Word;
  invoked?: string;
  readonly redirs: Cmd['redirs'];
  readonly start: number;
  readonly end: number;
  private lowerCache?: string[];
  private winCache?: string[];

  constructor(
    readonly sc: SimpleCommand,
    private readonly src: string,
    readonly name: string,
    readonly args: string[],
    readonly words: Word[],
    readonly wrappers: string[],
    readonly obfuscated: boolean,
    private readonly extra: number,
  ) {
    this.redirs = sc.redirs;
    this.start = sc.start;
    this.end = sc.end;
  }

  /** Lower-cased arguments; a caret between letters is a cmd escape (`-url^cache`) and goes. */
  get lower(): string[] {
    return (this.lowerCache ??= this.args.map((a) => (a.includes('^') ? a.toLowerCase().replace(INNER_CARET, '') : a.toLowerCase())));
  }

  get win(): string[] {
    return (this.winCache ??= this.args.map((a, i) => (i < this.extra ? a.toLowerCase() : winText(this.src, this.words[i]!))));
  }
}

function build(sc: SimpleCommand, src: string, expand: (v: string) => string, argWords: Word[], wrappers: string[], obfuscated: boolean, name: string, nameWord: Word | undefined, extra: string[] = []): Cmd {
  const args: string[] = [...extra];
  const words: Word[] = extra.map(() => nameWord!);
  for (const w of argWords) {
    args.push(w.value.includes('$') || w.value.includes('%') ? expand(w.value) : w.value);
    words.push(w);
  }
  const cmd = new ResolvedCommand(sc, src, name, args, words, wrappers, obfuscated, extra.length);
  if (nameWord) cmd.nameWord = nameWord;
  return cmd;
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const RESOLVE_PATTERNS: readonly RegExp[] = [WINDOWS_PATH, CARETS, INNER_CARET, /\s+/, /^[A-Za-z_][A-Za-z0-9_]*=/];
