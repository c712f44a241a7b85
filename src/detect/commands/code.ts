import type { Env } from './model.js';
import { findChar } from './lexer-util.js';
import { MAX_LINE } from './shell-lexer.js';

/**
 * Checks on source code (script one-liners given to -c/-e, here-documents fed to
 * interpreters, fenced code blocks): a socket wired to a shell, decode-and-exec, fork loops.
 * Work is bounded: the first MAX_SITES network sites are examined, each within a window.
 */

const MAX_SITES = 16;
const WINDOW = 1500;

/** A socket being opened, in any of the usual script languages. */
const NET = /\b(?:socket\.socket|socket\.create_connection|fsockopen|stream_socket_client|socket_create|tcpsocket|io::socket::inet|net\.socket|net\.connect|net\.createconnection|socket\.tcp|java\.net\.socket|new\s{1,4}socket|use\s{1,4}socket|pf_inet)\b|\/inet\/tcp\//gi;
/** A shell or a process started, or standard streams duplicated onto the socket. */
const SPAWN = /\/bin\/(?:ba|z|da|k)?sh\b|\bcmd\.exe\b|\bpty\.spawn\b|\bdup2\b|\bsubprocess\.(?:call|run|popen|check_output)\b|\bchild_process\b|\bproc_open\b|\bshell_exec\b|\bpassthru\b|\bpopen\b|\bio\.popen\b|\bos\.execute\b|\bexec\s{0,4}(?:\(|sprintf|["'])|\bsystem\s{0,4}[("']|\bspawn\s{0,4}\(|\bfdopen\b|\|&/gi;
/** exec/eval of decoded data. */
const EXEC_CALL = /\b(?:exec|eval|assert|system)\s{0,4}\(/gi;
const DECODE = /b64decode|base64_decode|decode_base64|decodebytes|\batob\s{0,4}\(|['"]base64['"]|gzinflate|str_rot13|zlib\.decompress|marshal\.loads|codecs\.decode/i;
/** Network reads in script languages: their result run by exec/eval is remote code. */
const FETCH = /\burlopen\s{0,4}\(|\burllib\d?\.|\b(?:requests|httpx|http|https|axios|got)\.(?:get|request)\s{0,4}\(|\bfetch\s{0,4}\(\s{0,4}['"\x60]?https?:|\bnet::http\b|\bopen-uri\b|\buri\.open\b|\b(?:file_get_contents|fopen|open)\s{0,4}\(\s{0,4}['"]https?:|\bcurl_exec\b|\blwp::simple\b|\bget\s{0,4}\(\s{0,4}['"]https?:/i;
const IDENT = /^\s{0,4}([A-Za-z_$][\w$]{0,63})/;
const FORK_LOOP = /\bfork\s{1,4}while\s{1,4}fork\b|\bwhile\s{1,4}(?:true|1)\s{0,4}:\s{0,4}os\.fork\(\)|\bwhile\s{0,4}\(?\s{0,4}(?:true|1)\s{0,4}\)?\s{0,4}\{\s{0,4}(?:pcntl_)?fork\(\)/i;

export function codeChecks(src: string, from: number, to: number, env: Env): void {
  const text = src.slice(from, to);
  NET.lastIndex = 0;
  let sites = 0;
  for (let m = NET.exec(text); m && sites < MAX_SITES; m = NET.exec(text), sites++) {
    const lo = Math.max(0, m.index - WINDOW);
    const hi = Math.min(text.length, m.index + WINDOW);
    const around = text.slice(lo, hi);
    SPAWN.lastIndex = 0;
    let first = -1;
    let last = -1;
    for (let s = SPAWN.exec(around); s; s = SPAWN.exec(around)) {
      if (first < 0) first = s.index;
      last = s.index + s[0].length;
    }
    if (first < 0 && !m[0].toLowerCase().startsWith('/inet/tcp/')) continue;
    const start = from + Math.min(m.index, first < 0 ? m.index : lo + first);
    const end = from + Math.max(m.index + m[0].length, last < 0 ? 0 : lo + last);
    const lang = language(text);
    env.report('commands.reverse-shell.interpreter', lineSpan(src, start, end, from, to), `${lang} opens a socket and attaches a shell or process to it`, { attack: lang === 'python' ? 'T1059.006' : 'T1059' });
    break;
  }
  EXEC_CALL.lastIndex = 0;
  let calls = 0;
  let decoded = false;
  let fetched = false;
  for (let m = EXEC_CALL.exec(text); m && calls < 64 && !(decoded && fetched); m = EXEC_CALL.exec(text), calls++) {
    const after = text.slice(m.index, Math.min(text.length, m.index + 300));
    const call = m[0].replace(/\s|\(/g, '');
    if (!decoded && DECODE.test(after)) {
      env.report('commands.defense-evasion.encoded-exec', lineSpan(src, from + m.index, from + m.index + after.indexOf(')') + 1, from, to), `${call}() of decoded data`);
      decoded = true;
    }
    if (!fetched && call !== 'assert') {
      const source = fetchedArgument(text, m.index, m[0].length);
      if (source !== undefined) {
        const start = Math.min(m.index, source);
        env.report('commands.download-exec.code-eval', lineSpan(src, from + start, from + m.index + Math.max(1, after.indexOf(')') + 1), from, to), `${call}() runs code read from the network`);
        fetched = true;
      }
    }
  }
  const f = FORK_LOOP.exec(text);
  if (f) env.report('commands.destructive.fork-bomb', { start: from + f.index, end: from + f.index + f[0].length }, 'a loop that forks without end');
}

/**
 * Where the argument of the exec/eval call at `at` comes from the network: the call's own
 * argument (`exec(urlopen(u).read())`), or a variable assigned from a fetch earlier
 * (`code = requests.get(u).text` … `exec(code)`). Returns the offset of the fetch, or undefined.
 */
function fetchedArgument(text: string, at: number, length: number): number | undefined {
  const open = at + length;
  let depth = 1;
  let close = open;
  while (close < text.length && close - open < 400 && depth > 0) {
    const c = text.charCodeAt(close);
    if (c === 40) depth++;
    else if (c === 41) depth--;
    close++;
  }
  const arg = text.slice(open, close);
  if (FETCH.test(arg)) return at;
  const name = IDENT.exec(arg)?.[1];
  if (!name || name.length < 2) return undefined;
  // The variable assigned within the lines before the call.
  const lo = Math.max(0, at - 1500);
  const before = text.slice(lo, at);
  let found: number | undefined;
  let seen = 0;
  for (let i = before.indexOf(name); i >= 0 && seen < 32; i = before.indexOf(name, i + name.length), seen++) {
    const prev = before.charCodeAt(i - 1);
    if (i > 0 && (isWordCode(prev) || prev === 46)) continue;
    let j = i + name.length;
    while (before.charCodeAt(j) === 32) j++;
    if (before[j] !== '=' || before[j + 1] === '=') continue;
    const line = before.slice(j, Math.min(before.length, j + 300));
    const lineEnd = line.indexOf('\n');
    if (FETCH.test(lineEnd < 0 ? line : line.slice(0, lineEnd))) found = lo + i;
  }
  return found;
}

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/** Widens a span to its whole lines (within [from, to)). */
function lineSpan(src: string, start: number, end: number, from: number, to: number): { start: number; end: number } {
  let s = start;
  while (s > from && start - s < MAX_LINE && src.charCodeAt(s - 1) !== 10) s--;
  const e = findChar(src, 10, Math.max(start, end - 1), Math.min(to, end + MAX_LINE));
  return { start: s, end: Math.max(e, Math.min(end, to)) };
}

function language(code: string): string {
  const c = code.toLowerCase();
  if (c.includes('import socket') || c.includes('socket.socket') || c.includes('subprocess')) return 'python';
  if (c.includes('fsockopen') || c.includes('$sock')) return 'php';
  if (c.includes('tcpsocket')) return 'ruby';
  if (c.includes('child_process') || c.includes('require(')) return 'node';
  if (c.includes('/inet/tcp/')) return 'awk';
  if (c.includes('use socket') || c.includes('io::socket')) return 'perl';
  return 'script';
}

const MAX_LITERALS = 512;
const MAX_LITERAL = 10_000;

/**
 * Contents of string literals ('...', "...", `...`, triple-quoted) in code that look like
 * shell commands (a space and a command-ish character run), as source ranges.
 */
export function stringLiterals(src: string, from: number, to: number, hot: (s: number, e: number) => boolean = () => true): [number, number][] {
  const out: [number, number][] = [];
  let i = from;
  while (i < to && out.length < MAX_LITERALS) {
    const c = src.charCodeAt(i);
    if (c !== 34 && c !== 39 && c !== 96) {
      i++;
      continue;
    }
    const q = src[i]!;
    const triple = src.startsWith(q + q + q, i);
    const open = triple ? 3 : 1;
    let j = i + open;
    let end = -1;
    const limit = Math.min(to, i + MAX_LITERAL);
    while (j < limit) {
      const d = src.charCodeAt(j);
      if (d === 92) {
        j += 2;
        continue;
      }
      if (!triple && d === 10 && q !== '`') break;
      if (src[j] === q && (!triple || src.startsWith(q + q + q, j))) {
        end = j;
        break;
      }
      j++;
    }
    if (end < 0) {
      i = j + 1;
      continue;
    }
    const s = i + open;
    if (end - s >= 4 && findChar(src, 32, s, end) < end && hot(s, end)) out.push([s, end]);
    i = end + open;
  }
  return out;
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const CODE_PATTERNS: readonly RegExp[] = [NET, SPAWN, EXEC_CALL, DECODE, FORK_LOOP, FETCH, IDENT, /\s|\(/g];
