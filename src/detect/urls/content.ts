import { adjust, signal, type Signal } from './signal.js';

/** Media types that run or render active content when a data: URI is opened. */
const ACTIVE_TYPES: ReadonlyMap<string, string> = new Map([
  ['text/html', 'HTML page'],
  ['application/xhtml+xml', 'XHTML page'],
  ['application/javascript', 'script'],
  ['text/javascript', 'script'],
  ['application/x-javascript', 'script'],
  ['application/ecmascript', 'script'],
  ['text/ecmascript', 'script'],
  ['text/vbscript', 'VBScript'],
  ['application/hta', 'HTML application'],
  ['application/x-msdownload', 'Windows executable'],
  ['application/x-msdos-program', 'Windows executable'],
  ['application/vnd.microsoft.portable-executable', 'Windows executable'],
  ['application/x-sh', 'shell script'],
  ['application/x-bat', 'batch script'],
  ['application/java-archive', 'Java archive'],
  ['application/vnd.android.package-archive', 'Android package'],
]);

/** Script or exfiltration markers inside decoded content (a fixed alternation of literals). */
const ACTIVE_MARKERS = /<script|javascript:|eval\(|atob\(|document\.cookie|document\.write|window\.location|fromcharcode|new function|xmlhttprequest|fetch\(|onload=|onerror=|<foreignobject/i;
const PHISHING_FORM = /<form|type=["']?password|<input/i;
const DIALOGS = /alert\(|prompt\(|confirm\(/i;
const PASSIVE_TYPES = /^(?:image|font|audio|video)\//;
const PCT_PLUS = /%2[bB]/g;
const PCT_SLASH = /%2[fF]/g;
const PCT_EQUALS = /%3[dD]/g;
const SPACE = /\s/g;
const HARMLESS_JS = new Set(['', ';', 'void(0)', 'void(0);', 'void0', 'void0;', 'void(null)', '//']);

/** Every regex this module uses (the test suite runs the ReDoS check over them). */
export const CONTENT_PATTERNS: readonly RegExp[] = [ACTIVE_MARKERS, PHISHING_FORM, DIALOGS, PASSIVE_TYPES, PCT_PLUS, PCT_SLASH, PCT_EQUALS, SPACE];

/** Decoded start of a data: body (at most 4 KB of it), for marker checks. */
function decodedHead(body: string, base64: boolean): string {
  const head = body.slice(0, 4096);
  if (base64) return Buffer.from(head.replace(PCT_PLUS, '+').replace(PCT_SLASH, '/').replace(PCT_EQUALS, '='), 'base64').toString('latin1');
  try {
    return decodeURIComponent(head);
  } catch {
    return head;
  }
}

/**
 * A `data:` URI: images, fonts, audio/video and short plain text are fine; active types
 * (HTML, script, executables, SVG with script) and other base64 payloads are not.
 */
export function dataUriSignals(raw: string, start: number): Signal[] {
  const comma = raw.indexOf(',');
  if (comma < 0) return [];
  const params = raw.slice(5, comma).toLowerCase().split(';');
  const mediatype = params[0] || 'text/plain';
  const base64 = params.includes('base64');
  const body = raw.slice(comma + 1);
  const end = start + raw.length;
  const head = decodedHead(body, base64);
  const active = ACTIVE_TYPES.get(mediatype);
  let s: Signal | undefined;
  if (active) {
    s = signal('dataUri', start, end, 'data: URI', `data: URI with active content (${active})`, 0.7);
  } else if (mediatype === 'image/svg+xml') {
    if (!ACTIVE_MARKERS.test(head)) return [];
    s = signal('dataUri', start, end, 'data: URI', 'data: URI with an SVG image that carries script', 0.65);
  } else if (PASSIVE_TYPES.test(mediatype) || mediatype.startsWith('application/font') || mediatype.startsWith('application/x-font')) {
    return [];
  } else if (mediatype === 'application/octet-stream' && body.length >= 16) {
    s = signal('dataUri', start, end, 'data: URI', 'data: URI with a binary payload (octet-stream)', 0.55);
  } else if (base64 && body.length >= 64) {
    s = signal('dataUri', start, end, 'data: URI', 'data: URI with a base64-encoded payload', 0.35);
  } else {
    return [];
  }
  if (head.startsWith('MZ')) adjust(s, 'validator', 0.2, 'payload starts with a Windows executable header (MZ)');
  else if (ACTIVE_MARKERS.test(head)) adjust(s, 'validator', 0.15, 'decoded content holds script or exfiltration code');
  if ((mediatype === 'text/html' || mediatype === 'application/xhtml+xml') && PHISHING_FORM.test(head)) {
    adjust(s, 'validator', 0.1, 'decoded HTML holds a form or password field (phishing page)');
  }
  return [s];
}

/** A `javascript:` or `vbscript:` URL, unless it is the do-nothing `void(0)` idiom. */
export function scriptUriSignals(raw: string, start: number): Signal[] {
  const colon = raw.indexOf(':');
  const body = raw.slice(colon + 1);
  if (HARMLESS_JS.has(body.replace(SPACE, '').toLowerCase())) return [];
  const scheme = raw.slice(0, colon).toLowerCase();
  const s = signal('javascriptUri', start, start + raw.length, 'script URL', `${scheme}: URL that runs code when opened`);
  let decoded = body;
  try {
    decoded = decodeURIComponent(body);
  } catch {
    // keep the raw body
  }
  if (ACTIVE_MARKERS.test(decoded) || DIALOGS.test(decoded)) adjust(s, 'validator', 0.15, 'body calls eval/fetch/cookie/location or a dialog');
  return [s];
}
