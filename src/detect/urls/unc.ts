/**
 * UNC paths (`\\host\share\file`) to internet hosts. Windows opens them over SMB or WebDAV and
 * authenticates with the user's NTLM credentials on its own (forced authentication, T1187):
 * a public IP, or a WebDAV host (`\\host@SSL\...`) or a public name serving a program or shortcut.
 */
import { BARE_TLDS, EXEC_EXTENSIONS } from './data.js';
import { isDocumentationName, isLocalName, parseIpv4 } from './host.js';
import { adjust, signal, type Signal } from './signal.js';

const MAX_UNC = 64;
const WEBDAV = /^@(?:ssl|\d{1,5})(?:@\d{1,5})?$/i;
const SHORTCUTS = new Set(['lnk', 'url', 'scf', 'library-ms', 'searchconnector-ms', 'theme', 'hta', 'exe', 'dll', 'cpl', 'msi']);

/** Every regex this module uses (the test suite runs the ReDoS check over them). */
export const UNC_PATTERNS: readonly RegExp[] = [WEBDAV];

function isHostChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
}

function isPathChar(c: number): boolean {
  return c > 32 && c !== 34 && c !== 39 && c !== 60 && c !== 62 && c !== 124 && c !== 96 && c !== 42 && c !== 63;
}

/**
 * UNC paths in a text whose host is on the internet.
 *
 * @example
 * uncSignals('open \\\\203.0.114.9\\s\\a.lnk').length; // 1
 */
export function uncSignals(text: string): Signal[] {
  const out: Signal[] = [];
  let seen = 0;
  for (let i = text.indexOf('\\\\'); i >= 0 && seen < MAX_UNC; i = text.indexOf('\\\\', i + 2)) {
    seen++;
    const prev = text.charCodeAt(i - 1);
    if (i > 0 && (isHostChar(prev) || prev === 58 || prev === 92)) continue; // C:\\Users, \\\\ runs
    let h = i + 2;
    while (h < text.length && h - i < 256 && isHostChar(text.charCodeAt(h))) h++;
    const host = text.slice(i + 2, h).toLowerCase();
    let p = h;
    if (text.charCodeAt(p) === 64) {
      while (p < text.length && p - h < 16 && text.charCodeAt(p) !== 92 && isPathChar(text.charCodeAt(p))) p++;
    }
    const marker = text.slice(h, p);
    if (host.length < 4 || !host.includes('.') || text.charCodeAt(p) !== 92 || !isPathChar(text.charCodeAt(p + 1))) continue;
    let end = p + 1;
    while (end < text.length && end - i < 1024 && isPathChar(text.charCodeAt(end))) end++;
    while (end > p + 1 && '.,;:)]'.includes(text[end - 1]!)) end--;
    const path = text.slice(p, end).toLowerCase();
    const ext = path.slice(path.lastIndexOf('.') + 1);
    const webdav = marker !== '' && WEBDAV.test(marker);
    const ip = parseIpv4(host);
    let s: Signal | undefined;
    if (ip) {
      if (ip.form === 'dotted' && ip.cls === 'public') s = signal('uncPath', i, end, 'UNC path to an IP', `UNC path to the public address ${host}`);
    } else if (!isLocalName(host) && !isDocumentationName(host) && BARE_TLDS.has(host.slice(host.lastIndexOf('.') + 1))) {
      if (webdav) s = signal('uncPath', i, end, 'WebDAV UNC path', `UNC path over WebDAV (${marker}) to ${host}`);
      else if (SHORTCUTS.has(ext) || EXEC_EXTENSIONS.get(ext) === 'strong') s = signal('uncPath', i, end, 'UNC path to a program', `UNC path to a .${ext} file on the internet host ${host}`, 0.65);
    }
    if (!s) continue;
    if (SHORTCUTS.has(ext)) adjust(s, 'context', 0.1, `.${ext} files make Windows reach the host as soon as the folder is shown`);
    out.push(s);
    i = end - 2;
  }
  return out;
}
