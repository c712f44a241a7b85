import { hasLong, hasShort, isInterpreter, operands, type Cmd, type Env, type Stage } from '../model.js';
import { writesOf } from '../writes.js';
import { readsStdin } from './download-exec.js';

/**
 * Defense evasion that removes traces or hides payloads: cleared logs and shell history,
 * SELinux switched off in its config file, and encoded payloads decoded into an interpreter.
 */

const VACUUM = /^--vacuum-(time|size|files)=(\d{1,9})([a-z]{0,6})$/;
const SYSTEM_LOG = /^\/var\/log\/(?:auth\.log|secure|syslog|messages|wtmp|btmp|lastlog|utmp|kern\.log|faillog|audit\/audit\.log|audit\/?\*?|journal\/?\*?|\*[\w.]{0,10})$|^\/var\/log\/?\*?$|^\/(?:var\/)?run\/utmp$|^\/run\/log\/journal\/?\*?$/;
const HISTORY_FILE = /(?:^|\/)\.(?:bash|zsh|sh|ksh|python|mysql|psql|node_repl|lesshst)_?history$|(?:^|\/)\.history$|^\$histfile$/;
const QUOTES = /^["']|["']$/g;
const SELINUX_OFF = /selinux=(?:disabled|permissive)/i;
/** find tests that select files by age (retention), and names of rotated log archives. */
const AGE_TESTS = new Set(['-mtime', '-ctime', '-atime', '-mmin', '-cmin', '-amin']);
const ROTATED = /\.(?:gz|bz2|xz|zst|z|zip|old|bak|\d{1,3}|\[0-9\]|\?)\*?$|\.log\.\*$|-\d{8}\*?$|\.\d\.\*$/;
const DECODERS = new Set(['base64', 'base32', 'xxd', 'uudecode', 'openssl', 'certutil', 'gzip', 'gunzip', 'zcat', 'rev']);

export function logClear(c: Cmd, env: Env): void {
  const l = c.lower;
  if (c.name === 'wevtutil' && (l[0] === 'cl' || l[0] === 'clear-log')) {
    env.report('commands.defense-evasion.log-clear', c, `wevtutil clears the ${c.args[1] ?? ''} event log`.replace('  ', ' '), { attack: 'T1070.001' });
  } else if (c.name === 'clear-eventlog' || c.name === 'remove-eventlog') {
    env.report('commands.defense-evasion.log-clear', c, `${c.name} clears Windows event logs`, { attack: 'T1070.001' });
  } else if (c.name === 'journalctl') {
    for (const a of l) {
      const m = VACUUM.exec(a);
      if (m && tiny(m[1]!, Number(m[2]), m[3]!)) {
        env.report('commands.defense-evasion.log-clear', c, `journalctl ${a} deletes nearly all journal entries`);
        return;
      }
    }
  } else if ((c.name === 'rm' || c.name === 'shred' || c.name === 'unlink') && operands(c, 'n').some((o) => SYSTEM_LOG.test(o))) {
    env.report('commands.defense-evasion.log-clear', c, `${c.name} deletes system logs`);
  } else if (c.name === 'find' && operands(c)[0]?.startsWith('/var/log') && (l.includes('-delete') || (l.includes('-exec') && l.some((a) => a === 'rm' || a === 'truncate' || a === 'shred')))) {
    findLogs(c, operands(c)[0]!, env);
  } else if (c.name === 'log' && l[0] === 'erase') {
    env.report('commands.defense-evasion.log-clear', c, 'log erase wipes the macOS unified log');
  }
}

/**
 * find under /var/log that deletes: log retention (only files older than N days, or rotated
 * archives such as *.gz and *.1) is routine; wiping every system log is evasion; wiping one
 * application's log directory whole is reported lower.
 */
function findLogs(c: Cmd, root: string, env: Env): void {
  const l = c.lower;
  const aged = l.some((a, i) => AGE_TESTS.has(a) && /^\+?[1-9]\d{0,5}$/.test(l[i + 1] ?? '') && (l[i + 1]!.startsWith('+') || a === '-newer'));
  const rotated = l.some((a, i) => (a === '-name' || a === '-iname') && ROTATED.test(l[i + 1] ?? ''));
  if (aged || rotated) return;
  if (SYSTEM_LOG.test(root)) env.report('commands.defense-evasion.log-clear', c, 'find deletes or empties the system logs under /var/log');
  else env.report('commands.defense-evasion.log-clear', c, `find deletes every file under ${root}`, { severity: 'medium', score: 0.5 });
}

function tiny(kind: string, n: number, unit: string): boolean {
  if (kind === 'files') return n <= 1;
  if (kind === 'size') return unit === '' || unit === 'b' || unit === 'k' || unit === 'kb' || (unit === 'm' && n < 1);
  return unit === '' || unit === 's' || unit === 'sec' || unit === 'm' || unit === 'min' || (unit === 'h' && n < 1);
}

export function history(c: Cmd, env: Env): void {
  const detail = historyOff(c, env);
  if (detail) env.report('commands.defense-evasion.history-clear', c, detail);
}

function historyOff(c: Cmd, env: Env): string | undefined {
  if (c.name === 'history') return hasShort(c, 'c') ? 'history -c clears the session history' : undefined;
  if (c.name === 'unset') return c.args.includes('HISTFILE') ? 'unset HISTFILE disables history saving' : undefined;
  if (c.name === 'set' && c.args.includes('+o') && c.args.includes('history')) return 'set +o history disables history';
  if (c.name === 'clear-history') return 'Clear-History';
  if ((c.name === 'rm' || c.name === 'shred' || c.name === 'unlink') && operands(c, 'n').some((o) => HISTORY_FILE.test(o.toLowerCase()))) return `${c.name} deletes a shell history file`;
  const assigns = c.name === '' ? c.sc.assigns.map((a) => env.expand(a.value)) : c.name === 'export' || c.name === 'declare' || c.name === 'typeset' ? c.args : [];
  for (const a of assigns) {
    const eq = a.indexOf('=');
    const name = a.slice(0, eq);
    const value = a.slice(eq + 1).replace(QUOTES, '');
    if ((name === 'HISTFILE' && (value === '' || value === '/dev/null')) || ((name === 'HISTSIZE' || name === 'HISTFILESIZE' || name === 'SAVEHIST') && value === '0')) {
      return `${name}=${value || "''"} disables history`;
    }
  }
  return undefined;
}

export function historyWrites(stages: Stage[], env: Env): void {
  for (const w of writesOf(stages, env)) {
    if (HISTORY_FILE.test(w.norm) && (w.content === '' || w.content?.startsWith('link to /dev/null'))) {
      env.report('commands.defense-evasion.history-clear', w.span, `${w.via} empties the shell history file`);
    } else if (SYSTEM_LOG.test(w.norm) && (w.content === '' || w.content?.startsWith('link to /dev/null'))) {
      env.report('commands.defense-evasion.log-clear', w.span, `${w.via} empties ${w.norm}`);
    } else if (w.norm === '/etc/selinux/config' && SELINUX_OFF.test(w.content ?? '')) {
      env.report('commands.defense-evasion.selinux-disable', w.span, `${w.via} sets SELinux to disabled/permissive in /etc/selinux/config`);
    }
  }
}

function isDecoder(c: Cmd): boolean {
  if (!DECODERS.has(c.name)) return false;
  if (c.name === 'base64' || c.name === 'base32') return hasShort(c, 'd') || hasShort(c, 'D') || hasLong(c, '--decode');
  if (c.name === 'xxd') return hasShort(c, 'r');
  if (c.name === 'openssl') return c.lower.includes('-d') && c.lower.some((a) => a === 'base64' || a === '-base64' || a === '-a' || a === 'enc');
  if (c.name === 'certutil') return c.lower.some((a) => a === '-decode' || a === '-decodehex');
  return c.name === 'uudecode' || c.name === 'rev';
}

export function encodedPipeline(stages: Stage[], env: Env): void {
  for (let j = 1; j < stages.length; j++) {
    const exec = stages[j]!.cmds.find((c) => readsStdin(c, env));
    if (!exec) continue;
    for (let i = 0; i < j; i++) {
      const d = stages[i]!.cmds.find(isDecoder);
      if (d) {
        env.report('commands.defense-evasion.encoded-exec', { start: stages[0]!.start, end: stages[j]!.end }, `${d.name} output executed by ${exec.name}`, { attack: 'T1027', steps: [{ step: 'context', delta: 0.05, reason: 'decode-and-run hides the real command (+0.05)' }] });
        return;
      }
    }
  }
}

export function encodedSubstitution(c: Cmd, env: Env): void {
  if (!(isInterpreter(c.name) || c.name === 'eval' || c.name === 'source' || c.name === '.' || c.nameWord?.subs)) return;
  const words = c.nameWord?.subs ? [c.nameWord, ...c.words] : c.words;
  for (const r of c.redirs) if (r.target && (r.op === '<<<' || r.op === '<')) words.push(r.target);
  for (const w of words) {
    if (!w.subs) continue;
    const d = env.subCmds(w).find(isDecoder);
    if (d) {
      env.report('commands.defense-evasion.encoded-exec', c, `${c.name || 'the shell'} runs the output of ${d.name}`);
      return;
    }
  }
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const TRACES_PATTERNS: readonly RegExp[] = [VACUUM, SYSTEM_LOG, HISTORY_FILE, QUOTES, SELINUX_OFF, ROTATED, /^\+?[1-9]\d{0,5}$/];
