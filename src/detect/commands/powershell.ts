import { rootTarget } from './families/destructive.js';
import { downloadContext } from './families/download-context.js';
import { findChar } from './lexer-util.js';
import type { Cmd, Env } from './model.js';
import { MAX_LINE } from './shell-lexer.js';

/**
 * PowerShell analysis on logical statements (lines joined on backtick/pipe continuations),
 * case-insensitive and de-obfuscated (backtick escapes and '+' string concatenation removed).
 * Cmdlet invocations with plain arguments (Set-MpPreference, New-ItemProperty, ...) are
 * parsed as commands by the shell analyser; this module handles what needs expressions:
 * download cradles, base64 loaders, TCPClient shells, WMI classes, AMSI, history files.
 */

const MAX_STATEMENTS = 4096;
const LOOKAHEAD = 30;
/** Variables tracked as holding a download or decoded bytes. */
const MAX_TRACKED = 64;

const DL_CONTENT = /\.download(?:string|data)\s{0,4}\(|['"]download(?:string|data)['"]|\.openread\s{0,4}\(|\b(?:iwr|irm|invoke-webrequest|invoke-restmethod)\b|\.getstringasync\s{0,4}\(|msxml2\.(?:server)?xmlhttp|winhttp\.winhttprequest/;
const EXEC = /\b(?:iex|invoke-expression)\b|\[scriptblock\]::create|\binvoke-command\b.{0,40}-scriptblock|\[(?:system\.)?reflection\.assembly\]::load|\|\s{0,4}&\s{0,4}\(|\.invoke\(\)/;
const B64 = /\[(?:system\.)?convert\]::frombase64string/;
const TCP = /\bnet\.sockets\.tcp(?:client|listener)\b|\btcpclient\s{0,4}\(|\btcplistener\s{0,4}\(/;
const STREAM_EXEC = /\bgetstream\s{0,4}\(/;
const STREAM_EVAL = /\b(?:iex|invoke-expression)\b|\bout-string\b/;
const WMI_CLASS = /__eventfilter|commandlineeventconsumer|activescripteventconsumer|__filtertoconsumerbinding/;
const WMI_CREATE = /set-wmiinstance|new-ciminstance|\.createinstance\s{0,4}\(|\.put\s{0,4}\(|\[wmiclass\]|register-wmievent|\bswmi\b/;
const SHADOW_DELETE = /\.delete\s{0,4}\(|remove-ciminstance|remove-wmiobject/;
const HISTORY = /historysavepath/;
const HISTORY_KILL = /\b(?:remove-item|ri|rm|del|erase|clear-content|set-content|out-file)\b/;
const SAVE_NOTHING = /set-psreadlineoption.{0,80}-historysavestyle\s{1,4}savenothing/;
const AMSI = /amsiutils|amsiinitfailed|amsiscanbuffer|amsicontext|amsi\.dll/;
const ASSIGN = /^\s{0,16}\$([a-z_][a-z0-9_]{0,63})\s{0,4}=\s{0,4}(?!=)/;
const STRING_VALUE = /^(?:'([^']{1,1024})'|"([^"]{1,1024})")\s*$/;
const DOWNLOAD_FILE_CALL = /\.downloadfile\s{0,4}\(/;
const OUT_FILE = /(?:-outfile|-destination)\s{1,4}("[^"]{1,300}"|'[^']{1,300}'|[^\s;)|'"]{1,300})/;
const CONCAT = /'\s{0,4}\+\s{0,4}'|"\s{0,4}\+\s{0,4}"/g;
const TICK = /`(?=[a-z])/g;
const SPACES = /\s+/g;
const URL_IN = /https?:\/\/[^\s'")]{1,300}/;
const QUOTES = /^["']|["']$/g;
const EXE = /\.exe$/;
const HIDDEN_ARGS = /-(?:nop|noni|ep\s|exec|enc|e\s)|bypass/;
const BYPASS = /^(?:bypass|unrestricted)$/i;
const REMOVE = /^\s{0,16}(?:remove-item|ri|rm|del|erase|rd|rmdir)\s[^;]{0,400}\s-r/;
const REMOVERS = new Set(['remove-item', 'ri', 'rm', 'del', 'erase', 'rd', 'rmdir']);

interface Statement {
  start: number;
  end: number;
  /** Normalised text: lower-case, no backtick escapes, no '+' joins of strings. */
  n: string;
}

/**
 * De-obfuscates a statement for matching: i`e`x → iex, 'Down'+'loadString' → downloadstring.
 *
 * @example
 * normalizePowerShell("I`E`X ('Down'+'loadString')"); // "iex ('downloadstring')"
 */
export function normalizePowerShell(text: string): string {
  return text.toLowerCase().replace(TICK, '').replace(CONCAT, '').replace(SPACES, ' ');
}

/** Logical statements of src[from, to): lines joined where they end in ` or |, then split on ;. */
function statements(src: string, from: number, to: number): Statement[] {
  const out: Statement[] = [];
  let p = from;
  while (p < to && out.length < MAX_STATEMENTS) {
    let e = p;
    for (;;) {
      const nl = findChar(src, 10, e, to);
      let t = nl;
      while (t > e && (src[t - 1] === ' ' || src[t - 1] === '\r' || src[t - 1] === '\t')) t--;
      const last = src[t - 1];
      e = nl;
      if (nl >= to || (last !== '`' && last !== '|') || e - p > MAX_LINE) break;
      e = nl + 1;
    }
    const raw = src.slice(p, Math.min(e, p + MAX_LINE));
    // Split on ';' outside quotes so assignments and calls get their own spans.
    let s = 0;
    let quote = '';
    for (let i = 0; i <= raw.length; i++) {
      const ch = raw[i];
      if (quote) {
        if (ch === quote) quote = '';
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === ';' || i === raw.length) {
        const part = raw.slice(s, i);
        if (part.trim().length > 0) out.push({ start: p + s, end: p + i, n: normalizePowerShell(part) });
        s = i + 1;
      }
    }
    p = e + 1;
  }
  return out;
}

/** Analyses src[from, to) as PowerShell and reports through env. */
export function analyzePowerShell(src: string, from: number, to: number, env: Env): void {
  const list = statements(src, from, to);
  const kinds = new Map<string, { kind: 'download' | 'b64'; start: number }>();
  for (let i = 0; i < list.length; i++) {
    const st = list[i]!;
    const n = st.n;
    const assign = ASSIGN.exec(n);
    const rest = assign ? n.slice(assign[0].length) : n;
    if (assign) {
      const name = assign[1]!;
      if (kinds.size < MAX_TRACKED || kinds.has(name)) {
        if (DL_CONTENT.test(rest) && !EXEC.test(rest)) kinds.set(name, { kind: 'download', start: st.start });
        else if (B64.test(rest)) kinds.set(name, { kind: 'b64', start: st.start });
        else kinds.delete(name);
      }
      const raw = src.slice(st.start, st.end);
      const value = STRING_VALUE.exec(raw.slice(raw.indexOf('=') + 1).trim());
      if (value) env.setVar(assign[1]!, (value[1] ?? value[2])!);
    }
    if (EXEC.test(n)) {
      if (DL_CONTENT.test(n)) env.report('commands.download-exec.powershell-cradle', st, 'remote content downloaded and passed to Invoke-Expression in one statement', downloadContext(undefined, undefined, URL_IN.exec(n)?.[0]));
      else {
        const dl = referenced(kinds, n, 'download');
        if (dl) env.report('commands.download-exec.powershell-cradle', { start: dl.start, end: st.end }, 'a downloaded script stored in a variable is passed to Invoke-Expression');
      }
      if (B64.test(n)) env.report('commands.defense-evasion.encoded-exec', st, 'base64-decoded data executed (FromBase64String with Invoke-Expression or Assembly.Load)', { attack: 'T1027' });
      else {
        const b = referenced(kinds, n, 'b64');
        if (b) env.report('commands.defense-evasion.encoded-exec', { start: b.start, end: st.end }, 'a base64-decoded variable is executed', { attack: 'T1027' });
      }
    }
    if (TCP.test(n)) tcpShell(list, i, env);
    if (WMI_CLASS.test(n) && WMI_CREATE.test(n)) env.report('commands.persistence.wmi-subscription', st, 'a WMI filter/consumer object is created');
    if (n.includes('win32_shadowcopy') && SHADOW_DELETE.test(n)) env.report('commands.destructive.inhibit-recovery', st, 'Win32_ShadowCopy objects are deleted');
    if ((HISTORY.test(n) && HISTORY_KILL.test(n)) || SAVE_NOTHING.test(n)) env.report('commands.defense-evasion.history-clear', st, 'the PSReadLine history file is deleted or disabled');
    if (AMSI.test(n)) env.report('commands.defense-evasion.amsi-bypass', st, 'AMSI internals referenced from a script (bypass pattern)');
    if (REMOVE.test(n)) removeRoot(n, st, env);
    const target = DOWNLOAD_FILE_CALL.test(n) ? secondArg(src.slice(st.start, st.end)) : savedTo(n);
    if (target) env.saveDownload(env.expand(target), st, 'PowerShell saved a download');
  }
}

/**
 * Remove-Item -Recurse on a drive root or a system directory, read from the PowerShell
 * statement: `C:\ -Recurse` and `"C:\"` are plain paths here (the backslash is no escape in
 * PowerShell), which the shell lexer reads differently.
 */
function removeRoot(n: string, st: Statement, env: Env): void {
  const words = n.trim().split(' ');
  const verb = words[0]!;
  if (!REMOVERS.has(verb) || !words.some((w) => w.startsWith('-r') && 'recurse'.startsWith(w.slice(1)))) return;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!.replace(QUOTES, '');
    if (w.startsWith('-') || rootTarget(w) !== 'root') continue;
    env.report('commands.destructive.rm-root', st, `${verb} -Recurse deletes ${/^[a-z]:/.test(w) ? 'a drive or Windows system directory' : `the system path ${w}`}`);
    return;
  }
}

/** -OutFile of a web request, -Destination of a BITS transfer. */
function savedTo(n: string): string | undefined {
  if (!(n.includes('-outfile') || (n.includes('start-bitstransfer') && n.includes('-destination')))) return undefined;
  const m = OUT_FILE.exec(n);
  return m ? m[1]!.replace(QUOTES, '') : undefined;
}

/** A variable of the given kind that the statement uses. */
function referenced(kinds: ReadonlyMap<string, { kind: 'download' | 'b64'; start: number }>, n: string, kind: 'download' | 'b64'): { start: number } | undefined {
  for (const [name, v] of kinds) if (v.kind === kind && n.includes(`$${name}`)) return v;
  return undefined;
}

/** Second argument of .DownloadFile(url, path), from the raw statement (keeps case). */
function secondArg(raw: string): string | undefined {
  const i = raw.toLowerCase().indexOf('.downloadfile');
  const open = raw.indexOf('(', i);
  const close = raw.indexOf(')', open);
  if (open < 0 || close < 0) return undefined;
  const args = raw.slice(open + 1, close).split(',');
  return args[1]?.trim().replace(QUOTES, '');
}

function tcpShell(list: Statement[], i: number, env: Env): void {
  let stream = false;
  let evalAt = -1;
  for (let k = i; k < list.length && k <= i + LOOKAHEAD; k++) {
    const n = list[k]!.n;
    if (STREAM_EXEC.test(n)) stream = true;
    if (STREAM_EVAL.test(n) && stream) {
      evalAt = k;
      break;
    }
  }
  if (evalAt < 0) return;
  env.report('commands.reverse-shell.powershell-tcp', { start: list[i]!.start, end: list[evalAt]!.end }, 'a TCP stream is read and its data run with Invoke-Expression');
}

const ENCODED_VALUE = /^[A-Za-z0-9+/]{8,}={0,2}$/;

/** Prefix test for PowerShell parameter names: -enc, -EncodedCommand, -e ... */
function isParam(arg: string, name: string, min: number): boolean {
  if (!arg.startsWith('-') && !arg.startsWith('/')) return false;
  const p = arg.slice(1).toLowerCase();
  return p.length >= min && name.startsWith(p);
}

/**
 * Reads a powershell/pwsh command line: reports -EncodedCommand (and analyses the decoded
 * script) and hidden/no-profile/bypass launches. Returns the index of the first argument of
 * an inline command (-Command or bare script text) to analyse as PowerShell, if any.
 */
export function powershellArgs(c: Cmd, env: Env): { from: number } | undefined {
  const a = c.args;
  let hidden = false;
  let quiet = 0;
  let encoded: string | undefined;
  let command = -1;
  for (let i = 0; i < a.length; i++) {
    const arg = a[i]!;
    const next = a[i + 1] ?? '';
    if (isParam(arg, 'encodedcommand', 1) || arg.toLowerCase() === '-ec') {
      encoded = next;
      i++;
    } else if (isParam(arg, 'windowstyle', 1)) {
      if (next.toLowerCase().startsWith('h')) hidden = true;
      i++;
    } else if (isParam(arg, 'executionpolicy', 2) || arg.toLowerCase() === '-ep') {
      if (BYPASS.test(next)) quiet++;
      i++;
    } else if (isParam(arg, 'noprofile', 3) || isParam(arg, 'noninteractive', 4) || isParam(arg, 'nologo', 4)) {
      if (!isParam(arg, 'nologo', 4)) quiet++;
    } else if (isParam(arg, 'command', 1)) {
      command = i + 1;
      break;
    } else if (isParam(arg, 'file', 1)) {
      break;
    } else if (!arg.startsWith('-')) {
      command = i;
      break;
    } else if (isParam(arg, 'version', 1) || isParam(arg, 'inputformat', 2) || isParam(arg, 'outputformat', 1) || isParam(arg, 'configurationname', 4) || isParam(arg, 'workingdirectory', 2)) i++;
  }
  if (encoded !== undefined && ENCODED_VALUE.test(encoded)) {
    env.report('commands.defense-evasion.powershell-encoded', c, `${c.name} -EncodedCommand with a base64 script`, hidden ? { severity: 'high', score: 0.85 } : {});
    const bytes = Buffer.from(encoded, 'base64');
    const decoded = bytes.length % 2 === 0 ? bytes.toString('utf16le') : bytes.toString('utf8');
    if (printable(decoded)) env.nested(decoded, c, 'powershell');
  }
  const download = command >= 0 && DL_CONTENT.test(normalizePowerShell(a.slice(command).join(' ')));
  if (hidden && (quiet > 0 || encoded !== undefined || download)) {
    env.report('commands.defense-evasion.powershell-hidden', c, `${c.name} with a hidden window${quiet ? ', no profile or execution policy bypass' : ''}${encoded !== undefined ? ', encoded command' : ''}${download ? ', downloading' : ''}`, encoded !== undefined || download ? { severity: 'high', score: 0.75 } : {});
  }
  return command >= 0 ? { from: command } : undefined;
}

/** Start-Process powershell -WindowStyle Hidden -ArgumentList "...": the same launch, from PowerShell. */
export function startProcessHidden(c: Cmd, env: Env): void {
  if (c.name !== 'start-process' && c.name !== 'saps' && c.name !== 'start') return;
  const target = (c.lower.find((x) => !x.startsWith('-')) ?? '').replace(EXE, '');
  if (!target.endsWith('powershell') && !target.endsWith('pwsh')) return;
  const hidden = c.lower.some((x, i) => isParam(x, 'windowstyle', 1) && (c.lower[i + 1] ?? '').startsWith('h'));
  const argList = c.lower.findIndex((x) => isParam(x, 'argumentlist', 1));
  const inner = argList >= 0 ? normalizePowerShell(c.args.slice(argList + 1).join(' ')) : '';
  if (hidden && HIDDEN_ARGS.test(inner)) env.report('commands.defense-evasion.powershell-hidden', c, 'Start-Process launches a hidden PowerShell');
}

function printable(text: string): boolean {
  if (text.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad / text.length < 0.05;
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const POWERSHELL_PATTERNS: readonly RegExp[] = [
  DL_CONTENT, EXEC, B64, TCP, STREAM_EXEC, STREAM_EVAL, WMI_CLASS, WMI_CREATE, SHADOW_DELETE, HISTORY, HISTORY_KILL, SAVE_NOTHING, AMSI, ASSIGN, STRING_VALUE,
  DOWNLOAD_FILE_CALL, OUT_FILE, URL_IN, CONCAT, TICK, SPACES, ENCODED_VALUE, BYPASS, QUOTES, EXE, HIDDEN_ARGS, REMOVE,
];
