import { WardenError } from '../../../core/errors.js';

/**
 * A small, non-validating XML reader for the catalog formats (CAPEC, CWE, arXiv Atom): elements,
 * attributes, text and CDATA; comments, processing instructions and DOCTYPE are skipped. It
 * scans with indexOf (no regular expressions over the input), so its time is linear in the
 * input, and it bounds depth and element count. Namespace prefixes are dropped from names
 * (`xhtml:p` reads as `p`, `arxiv:primary_category` as `primary_category`).
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside this element (entities decoded). */
  text: string;
  /** Text and child elements in document order (for mixed content). */
  content: (string | XmlElement)[];
  /** 1-based line of the start tag, for error messages. */
  line: number;
}

export interface XmlLimits {
  maxDepth?: number;
  maxElements?: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Parses a whole XML document into its root element. Errors name the file and line.
 *
 * @example
 * const root = parseXml('<a x="1"><b>hi &amp; bye</b></a>', 'x.xml');
 * root.children[0]!.text; // 'hi & bye'
 */
export function parseXml(input: string, file: string, limits: XmlLimits = {}): XmlElement {
  const maxDepth = limits.maxDepth ?? 64;
  const maxElements = limits.maxElements ?? 5_000_000;
  let pos = 0;
  let line = 1;
  let elements = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (message: string): never => {
    throw new WardenError('W_INSTRUCT_SOURCE', `malformed XML: ${message}`, { where: `${file}:${line}` });
  };
  const advanceTo = (next: number) => {
    for (let i = pos; i < next; i++) if (input.charCodeAt(i) === 10) line++;
    pos = next;
  };
  while (pos < input.length) {
    const lt = input.indexOf('<', pos);
    const textEnd = lt === -1 ? input.length : lt;
    if (textEnd > pos) {
      const raw = input.slice(pos, textEnd);
      const top = stack.at(-1);
      if (top) {
        const decoded = decodeEntities(raw, fail);
        top.text += decoded;
        top.content.push(decoded);
      }
      else if (raw.trim()) fail('text outside the root element');
      advanceTo(textEnd);
      if (lt === -1) break;
    }
    if (input.startsWith('<!--', pos)) {
      const end = input.indexOf('-->', pos + 4);
      if (end === -1) fail('unterminated comment');
      advanceTo(end + 3);
    } else if (input.startsWith('<![CDATA[', pos)) {
      const end = input.indexOf(']]>', pos + 9);
      if (end === -1) fail('unterminated CDATA section');
      const top = stack.at(-1) ?? fail('CDATA outside the root element');
      const data = input.slice(pos + 9, end);
      top.text += data;
      top.content.push(data);
      advanceTo(end + 3);
    } else if (input.startsWith('<?', pos)) {
      const end = input.indexOf('?>', pos + 2);
      if (end === -1) fail('unterminated processing instruction');
      advanceTo(end + 2);
    } else if (input.startsWith('<!', pos)) {
      const end = input.indexOf('>', pos + 2);
      if (end === -1) fail('unterminated declaration');
      advanceTo(end + 1);
    } else if (input.startsWith('</', pos)) {
      const end = input.indexOf('>', pos + 2);
      if (end === -1) fail('unterminated end tag');
      const name = localName(input.slice(pos + 2, end).trim());
      const top = stack.pop();
      if (!top || top.name !== name) fail(`end tag </${name}> does not match <${top?.name ?? '(none)'}>`);
      advanceTo(end + 1);
    } else {
      const end = findTagEnd(input, pos + 1);
      if (end === -1) fail('unterminated start tag');
      const selfClosing = input.charCodeAt(end - 1) === 47; /* '/' */
      const body = input.slice(pos + 1, selfClosing ? end - 1 : end);
      const element = parseTag(body, line, fail);
      if (++elements > maxElements) fail(`more than ${maxElements} elements`);
      const parent = stack.at(-1);
      if (parent) {
        parent.children.push(element);
        parent.content.push(element);
      }
      else if (root) fail('more than one root element');
      else root = element;
      if (!selfClosing) {
        stack.push(element);
        if (stack.length > maxDepth) fail(`elements nested deeper than ${maxDepth}`);
      }
      advanceTo(end + 1);
    }
  }
  if (stack.length) fail(`unclosed element <${stack.at(-1)!.name}> at end of input`);
  return root ?? fail('no root element');
}

/** The first '>' outside a quoted attribute value. */
function findTagEnd(input: string, from: number): number {
  let quote = 0;
  for (let i = from; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

function parseTag(body: string, line: number, fail: (m: string) => never): XmlElement {
  let i = 0;
  while (i < body.length && !isSpace(body.charCodeAt(i))) i++;
  const name = localName(body.slice(0, i));
  if (!name) fail('empty element name');
  const attrs: Record<string, string> = {};
  while (i < body.length) {
    while (i < body.length && isSpace(body.charCodeAt(i))) i++;
    if (i >= body.length) break;
    const eq = body.indexOf('=', i);
    if (eq === -1) fail(`attribute without a value in <${name}>`);
    const key = body.slice(i, eq).trim();
    let j = eq + 1;
    while (j < body.length && isSpace(body.charCodeAt(j))) j++;
    const quote = body[j];
    if (quote !== '"' && quote !== "'") fail(`unquoted attribute ${key} in <${name}>`);
    const close = body.indexOf(quote!, j + 1);
    if (close === -1) fail(`unterminated attribute ${key} in <${name}>`);
    if (!key.startsWith('xmlns')) attrs[localName(key)] = decodeEntities(body.slice(j + 1, close), fail);
    i = close + 1;
  }
  return { name, attrs, children: [], text: '', content: [], line };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function decodeEntities(text: string, fail: (m: string) => never): string {
  if (!text.includes('&')) return text;
  let out = '';
  let pos = 0;
  for (;;) {
    const amp = text.indexOf('&', pos);
    if (amp === -1) return out + text.slice(pos);
    const semi = text.indexOf(';', amp);
    if (semi === -1 || semi - amp > 12) fail('unterminated entity reference');
    out += text.slice(pos, amp);
    const name = text.slice(amp + 1, semi);
    if (name.startsWith('#x')) out += String.fromCodePoint(checkCode(parseInt(name.slice(2), 16), fail));
    else if (name.startsWith('#')) out += String.fromCodePoint(checkCode(parseInt(name.slice(1), 10), fail));
    else out += ENTITIES[name] ?? fail(`unknown entity &${name};`);
    pos = semi + 1;
  }
}

function checkCode(code: number, fail: (m: string) => never): number {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? code : fail('bad character reference');
}

/**
 * Children named `name`.
 *
 * @example
 * children(parseXml('<a><b/><b/></a>', 'x'), 'b').length; // 2
 */
export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/**
 * The first child named `name`.
 *
 * @example
 * child(parseXml('<a><b k="1"/></a>', 'x'), 'b')?.attrs.k; // '1'
 */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/**
 * All text inside an element and its descendants, with block children (xhtml paragraphs,
 * list items) separated by a space and whitespace collapsed.
 *
 * @example
 * textOf(parseXml('<d><p>One.</p><p>Two.</p></d>', 'x')); // 'One. Two.'
 */
export function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  const parts: string[] = [];
  const walk = (e: XmlElement) => {
    for (const part of e.content) {
      if (typeof part === 'string') parts.push(part);
      else {
        parts.push(' ');
        walk(part);
      }
    }
  };
  walk(element);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
