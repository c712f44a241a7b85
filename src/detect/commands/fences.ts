import type { Analyzer } from './analyzer.js';
import type { Hits } from './hits.js';

/**
 * Fenced code blocks: the language decides how a block is analysed (shell and console
 * transcripts, PowerShell, YAML command keys, other source code and notebooks), and shell
 * prompts are blanked so transcripts parse as the commands that were typed.
 */

const SHELL_LANGS = new Set([
  '', 'sh', 'bash', 'shell', 'zsh', 'ksh', 'fish', 'console', 'shell-session', 'sh-session', 'shellsession', 'bash-session', 'zsh-session', 'terminal',
  'text', 'txt', 'plaintext', 'plain', 'none', 'nohighlight', 'cli', 'command', 'commands', 'cmd', 'bat', 'batch', 'dos', 'dockerfile', 'docker',
  'makefile', 'make', 'output', 'shellscript', 'bash-script', 'cmdline', 'prompt',
]);
const CONSOLE_LANGS = new Set(['console', 'shell-session', 'sh-session', 'shellsession', 'bash-session', 'zsh-session', 'terminal']);
const PS_LANGS = new Set(['powershell', 'ps1', 'ps', 'pwsh', 'posh', 'psm1', 'ps1con', 'pscon']);
const YAML_LANGS = new Set(['yaml', 'yml']);
const NOTEBOOK_LANGS = new Set(['python', 'py', 'ipython', 'jupyter', 'python3']);

/** Shell prompts at the start of a line: `$ `, `user@host:~$ `, `[u@h dir]# `, `(venv) $ `, `PS C:\\> `, `C:\\> `. */
const PROMPT = /^(?:\([\w.-]{1,40}\) )?(?:[\w.-]{1,40}@[\w.-]{1,64}(?::[^\s$#]{0,120})? ?[$#] |\[[^\]\n]{1,80}\] ?[$#] |\$ |PS(?: [^>\n]{0,160})?> |[A-Za-z]:\\[^>\n]{0,160}> |mimikatz ?# )/;
/** Longest prompt PROMPT can match (it is matched against a slice this long). */
const PROMPT_MAX = 256;
/** A here-document operator and its delimiter. */
export const HEREDOC_OPEN = /<<-?[ \t]{0,4}['"]?([A-Za-z_][\w.-]{0,40})['"]?/;
/** PowerShell constructs worth running the PowerShell analyser for. */
export const PS_MARKER = /\b(?:iex|invoke-\w|downloadstring|downloadfile|net\.webclient|frombase64string|tcpclient|tcplistener|__eventfilter|win32_shadowcopy|historysavepath|amsi|new-object|set-wmiinstance|psreadline|assembly\.gettype|remove-item)/i;
const YAML_KEY = /^([ \t]{0,40})(?:-[ \t]{1,8})?(?:run|script|scripts|command|commands|cmd|args|entrypoint|before_script|after_script|exec|shell|inline|postinstall|preinstall|install|build|start|test|prestart|poststart)[ \t]{0,8}:[ \t]{0,8}/;
const BLOCK_SCALAR = /^[|>][+-]?\s{0,8}$/;
const CODE_MARKER = /socket|fsockopen|\/inet\/tcp|exec\s{0,4}\(|eval\s{0,4}\(|fork/i;
const PS2 = /^\s{0,16}>? ?/;

export function fenceAt(text: string, ls: number, le: number): { char: number; len: number; info: string } | undefined {
  let i = ls;
  while (i < le && i - ls <= 12 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const c = text.charCodeAt(i);
  if (c !== 96 && c !== 126) return undefined;
  let j = i;
  while (j < le && text.charCodeAt(j) === c) j++;
  if (j - i < 3) return undefined;
  const info = text.slice(j, Math.min(le, j + 200)).trim();
  return { char: c, len: j - i, info };
}

export function fenceLang(info: string): string {
  let s = 0;
  while (s < info.length && (info[s] === '{' || info[s] === '.')) s++;
  let e = s;
  while (e < info.length && e - s < 40 && !' \t{},'.includes(info[e]!)) e++;
  return info.slice(s, e).toLowerCase();
}

export function fenceBlock(text: string, start: number, end: number, lang: string, hits: Hits, an: Analyzer): void {
  if (end <= start || !hits.any(start, end)) return;
  if (YAML_LANGS.has(lang)) {
    const src = yamlCommands(text, start, end);
    an.shell(src, 0, src.length, start);
    an.code(text, start, end, 0);
    return;
  }
  const ps = PS_LANGS.has(lang);
  if (!ps && !SHELL_LANGS.has(lang)) {
    an.code(text, start, end, 0);
    if (NOTEBOOK_LANGS.has(lang)) notebookShell(text, start, end, an);
    return;
  }
  const src = consoleView(text, start, end, CONSOLE_LANGS.has(lang));
  const body = src ?? text;
  const from = src ? 0 : start;
  const to = src ? src.length : end;
  const base = src ? start : 0;
  if (ps || PS_MARKER.test(text.slice(start, end))) an.powershell(body, from, to, base);
  an.shell(body, from, to, base);
  if (!ps && CODE_MARKER.test(text.slice(start, end))) an.codeChecksOnly(body, from, to, base);
}

/** `!pip install x` / `%%bash` cells in notebooks are shell. */
function notebookShell(text: string, start: number, end: number, an: Analyzer): void {
  let p = start;
  while (p < end) {
    let nl = text.indexOf('\n', p);
    if (nl < 0 || nl > end) nl = end;
    let i = p;
    while (i < nl && text.charCodeAt(i) === 32) i++;
    if (text.startsWith('%%bash', i) || text.startsWith('%%sh', i) || text.startsWith('%%script bash', i)) {
      an.shell(text, nl + 1, end, 0);
      return;
    }
    if (text.charCodeAt(i) === 33 /* ! */) an.shell(text, i + 1, nl, 0);
    p = nl + 1;
  }
}

/**
 * A console transcript view of a block (same length): prompts blanked, output lines blanked,
 * continuation and here-document lines kept. Undefined when the block has no prompt.
 */
function consoleView(text: string, start: number, end: number, console: boolean): string | undefined {
  const lines: [number, number, number][] = [];
  let prompts = 0;
  let p = start;
  while (p < end) {
    let nl = text.indexOf('\n', p);
    if (nl < 0 || nl > end) nl = end;
    let i = p;
    while (i < nl && i - p < 16 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const len = promptLength(text, i, console);
    if (len > 0) prompts++;
    lines.push([p, nl, len > 0 ? i + len : -1]);
    p = nl + 1;
  }
  if (prompts === 0) return undefined;
  const out: string[] = [];
  let keep = false;
  let terminator: string | undefined;
  let cursor = start;
  for (const [ls, le, cmdStart] of lines) {
    out.push(text.slice(cursor, ls));
    cursor = ls;
    const line = text.slice(ls, le);
    if (terminator !== undefined) {
      const body = line.replace(PS2, '');
      out.push(line.startsWith('> ') ? `  ${line.slice(2)}` : line);
      cursor = le;
      if (body.trim() === terminator) terminator = undefined;
      keep = false;
      continue;
    }
    if (cmdStart >= 0) {
      out.push(' '.repeat(cmdStart - ls) + text.slice(cmdStart, le));
    } else if (keep || line.startsWith('> ')) {
      out.push(line.startsWith('> ') ? `  ${line.slice(2)}` : line);
    } else {
      out.push(' '.repeat(le - ls));
      cursor = le;
      continue;
    }
    cursor = le;
    const trimmed = line.trimEnd();
    keep = trimmed.endsWith('\\') || trimmed.endsWith('|') || trimmed.endsWith('&&') || trimmed.endsWith('||');
    const h = HEREDOC_OPEN.exec(line);
    if (h) terminator = h[1];
  }
  out.push(text.slice(cursor, end));
  return out.join('');
}

export function promptLength(text: string, i: number, console: boolean): number {
  const c = text.charCodeAt(i);
  if (c === 35 /* # */) return console && text.charCodeAt(i + 1) === 32 ? 2 : 0;
  if (c === 10 || c === 32 || Number.isNaN(c)) return 0;
  let e = i;
  while (e < text.length && e - i < PROMPT_MAX && text.charCodeAt(e) !== 10) e++;
  const m = PROMPT.exec(text.slice(i, e));
  return m ? m[0].length : 0;
}

/** YAML: `run:`/`script:`/`command:` values, their block scalars and list items, as shell. */
function yamlCommands(text: string, start: number, end: number): string {
  const out: string[] = [];
  let p = start;
  let blockIndent = -1;
  let listIndent = -1;
  while (p < end) {
    let nl = text.indexOf('\n', p);
    if (nl < 0 || nl > end) nl = end;
    const line = text.slice(p, nl);
    const indent = line.length - line.trimStart().length;
    let kept = ' '.repeat(line.length);
    const m = YAML_KEY.exec(line);
    if (m) {
      blockIndent = -1;
      listIndent = -1;
      const value = line.slice(m[0].length);
      if (BLOCK_SCALAR.test(value)) blockIndent = m[1]!.length;
      else if (value.trim() === '') listIndent = m[1]!.length;
      else kept = ' '.repeat(m[0].length) + unquote(value);
    } else if (blockIndent >= 0 && (indent > blockIndent || line.trim() === '')) {
      kept = line;
    } else if (listIndent >= 0 && indent > listIndent && line.trimStart().startsWith('- ')) {
      kept = ' '.repeat(indent + 2) + unquote(line.slice(indent + 2));
    } else if (line.trim() !== '') {
      blockIndent = -1;
      listIndent = -1;
    }
    out.push(kept);
    if (nl < end) out.push('\n');
    p = nl + 1;
  }
  return out.join('');
}

function unquote(value: string): string {
  const v = value.trimEnd();
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2 && v[v.length - 1] === q) return ` ${v.slice(1, -1)} ${value.slice(v.length)}`;
  return value;
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const FENCE_PATTERNS: readonly RegExp[] = [PROMPT, HEREDOC_OPEN, PS_MARKER, YAML_KEY, BLOCK_SCALAR, CODE_MARKER, PS2];
