import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { WardenError } from '../../../core/errors.js';
import { sha256 } from '../../../core/hash.js';
import { DEFAULT_PROMPT } from './default-prompt.js';

/** Largest template file read: a prompt, not a corpus. */
export const MAX_TEMPLATE_BYTES = 64 * 1024;
const PLACEHOLDERS = new Set(['text']);

/** A parsed prompt template: literal pieces around `{{text}}` slots. */
export interface PromptTemplate {
  /** Where it came from: a file path or 'built-in'. */
  readonly source: string;
  /** sha256 of the template text: part of every cache key, so a new prompt never reuses old answers. */
  readonly sha256: string;
  /** Literal pieces; a `{{text}}` slot sits between each two. */
  readonly pieces: readonly string[];
}

export interface RenderedPrompt {
  prompt: string;
  /** The document text actually sent (cut to max_chars). */
  text: string;
  truncated: boolean;
}

/**
 * Loads a template file (UTF-8, at most 64 KiB, at least one `{{text}}`, no other
 * `{{...}}` placeholder), or the built-in one when `file` is undefined.
 *
 * @example
 * const template = await loadPromptTemplate(undefined);
 * renderPrompt(template, 'some document', 12_000).prompt.includes('some document'); // true
 */
export async function loadPromptTemplate(file: string | undefined): Promise<PromptTemplate> {
  if (file === undefined) return parsePromptTemplate(DEFAULT_PROMPT, 'built-in');
  const path = resolve(file);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', 'cannot read the LLM prompt template', { where: path, cause });
  }
  if (size > MAX_TEMPLATE_BYTES) {
    throw new WardenError('W_CONFIG_INVALID', `the LLM prompt template is ${size} bytes; the limit is ${MAX_TEMPLATE_BYTES}`, { where: path });
  }
  const bytes = await readFile(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new WardenError('W_CONFIG_INVALID', 'the LLM prompt template is not valid UTF-8', { where: path, cause });
  }
  return parsePromptTemplate(text, path);
}

/**
 * Parses template text; errors name the source and line of a bad placeholder.
 *
 * @example
 * parsePromptTemplate('Judge: {{text}}', 'inline').pieces; // ['Judge: ', '']
 */
export function parsePromptTemplate(text: string, source: string): PromptTemplate {
  const pieces: string[] = [];
  let from = 0;
  let literal = '';
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    const line = lineOf(text, open);
    if (close < 0) throw new WardenError('W_CONFIG_INVALID', `line ${line}: "{{" without a closing "}}"`, { where: source });
    const name = text.slice(open + 2, close).trim();
    if (!PLACEHOLDERS.has(name)) {
      throw new WardenError('W_CONFIG_INVALID', `line ${line}: unknown placeholder {{${name.slice(0, 40)}}} (known: {{text}})`, { where: source });
    }
    literal += text.slice(from, open);
    pieces.push(literal);
    literal = '';
    from = close + 2;
  }
  pieces.push(literal + text.slice(from));
  if (pieces.length < 2) throw new WardenError('W_CONFIG_INVALID', 'the template has no {{text}} placeholder for the document', { where: source });
  return { source, sha256: sha256(text), pieces };
}

/**
 * The prompt for one document: every `{{text}}` replaced by the text cut to `maxChars`
 * characters (never inside a surrogate pair). A document that itself contains "{{text}}" is
 * inserted as is, not expanded.
 *
 * @example
 * renderPrompt(parsePromptTemplate('<{{text}}>', 'inline'), 'abcdef', 3); // { prompt: '<abc>', text: 'abc', truncated: true }
 */
export function renderPrompt(template: PromptTemplate, text: string, maxChars: number): RenderedPrompt {
  let sent = text;
  const truncated = text.length > maxChars;
  if (truncated) {
    let cut = maxChars;
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    sent = text.slice(0, cut);
  }
  return { prompt: template.pieces.join(sent), text: sent, truncated };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
