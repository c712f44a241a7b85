/**
 * Editing a pair in $EDITOR: the pair becomes a text file with three sections, the editor runs
 * on it, and the file is parsed back. A file that does not parse changes nothing and is kept,
 * so the reviewer's text is never lost.
 */
import { spawnSync } from 'node:child_process';
import { WardenError } from '../../../core/errors.js';
import type { PairEdits, ReviewItem } from './types.js';

const HEADERS = ['=== instruction ===', '=== response ===', '=== domains ==='] as const;
/** Longest instruction or response accepted from an edit, in characters. */
export const MAX_EDIT_CHARS = 200_000;
/** A domain label: lowercase words joined by `-`, `_` or `.`. */
const DOMAIN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** A text line that reads as a header, possibly already escaped: one more leading backslash escapes it. */
const HEADER_LIKE = /^\\*=== (instruction|response|domains) ===\s*$/;

/** Pair text that itself holds a header line gets it escaped, so the file still splits where it should. */
function escapeHeaders(text: string): string {
  return text.split('\n').map((line) => (HEADER_LIKE.test(line) ? `\\${line}` : line)).join('\n');
}

function unescapeHeaders(text: string): string {
  return text.split('\n').map((line) => (line.startsWith('\\') && HEADER_LIKE.test(line) ? line.slice(1) : line)).join('\n');
}

/**
 * The editable text of an item (its current edits, or the original pair).
 *
 * @example
 * await writeFile(path, editText(item));
 */
export function editText(item: ReviewItem): string {
  const instruction = item.edits?.instruction ?? item.pair.instruction;
  const response = item.edits?.response ?? item.pair.response;
  return [
    `# Review edit of ${item.id}`,
    '# Change the text under each section header and save. Keep the three header lines as they are',
    '# (a text line that looks like a header is written with a leading backslash, removed again on save).',
    '# Domains: comma-separated labels (e.g. web-security, malware). Lines above the first header are ignored.',
    HEADERS[0],
    escapeHeaders(instruction),
    HEADERS[1],
    escapeHeaders(response),
    HEADERS[2],
    item.domains.join(', '),
    '',
  ].join('\n');
}

export type ParsedEdit = { ok: true; edits: PairEdits } | { ok: false; error: string };

/**
 * Parses an edited file back: the text between the headers (surrounding blank lines trimmed).
 * Only fields that differ from the item end up in `edits`, merged over its earlier edits.
 *
 * @example
 * const parsed = parseEditText(await readFile(path, 'utf8'), item); // { ok: true, edits } or { ok: false, error }
 */
export function parseEditText(text: string, item: ReviewItem): ParsedEdit {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const at = HEADERS.map((h) => lines.findIndex((l) => l.trimEnd() === h));
  const missing = HEADERS.filter((_, i) => at[i] === -1);
  if (missing.length > 0) return { ok: false, error: `missing section header ${missing.map((h) => `"${h}"`).join(', ')}` };
  if (!(at[0]! < at[1]! && at[1]! < at[2]!)) return { ok: false, error: 'section headers must stay in order: instruction, response, domains' };
  const section = (from: number, to: number) => lines.slice(from + 1, to).join('\n').trim();
  const instruction = unescapeHeaders(section(at[0]!, at[1]!));
  const response = unescapeHeaders(section(at[1]!, at[2]!));
  if (instruction === '') return { ok: false, error: 'the instruction is empty' };
  if (response === '') return { ok: false, error: 'the response is empty' };
  if (instruction.length > MAX_EDIT_CHARS || response.length > MAX_EDIT_CHARS) return { ok: false, error: `instruction and response are limited to ${MAX_EDIT_CHARS} characters` };
  const domainText = section(at[2]!, lines.length);
  const domains = domainText === '' ? [] : domainText.split(/[,\n]/).map((d) => d.trim().toLowerCase()).filter((d) => d !== '');
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) return { ok: false, error: `invalid domain "${bad.slice(0, 40)}": use lowercase letters, digits, '-', '_' or '.'` };
  const edits: PairEdits = { ...(item.edits ?? {}) };
  if (instruction !== item.pair.instruction) edits.instruction = instruction;
  else delete edits.instruction;
  if (response !== item.pair.response) edits.response = response;
  else delete edits.response;
  const original = Array.isArray(item.pair.metadata.domains) ? item.pair.metadata.domains : [];
  const unique = [...new Set(domains)];
  if (unique.join(',') !== original.join(',')) edits.domains = unique;
  else delete edits.domains;
  return { ok: true, edits };
}

/** The editor command: $VISUAL, then $EDITOR, then vi. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
}

/**
 * Runs the editor on `path` in the foreground, attached to the terminal, and waits for it. The
 * command may carry arguments (`code --wait`); the path is passed as a separate argument.
 *
 * @example
 * runEditor('/tmp/review-x/edit.txt', 'nano');
 */
export function runEditor(path: string, editor: string): void {
  const result = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'warden-edit', path], { stdio: 'inherit' });
  if (result.error) throw new WardenError('W_USAGE', `cannot start the editor "${editor}": ${result.error.message}; set EDITOR`);
  if (result.status !== 0) throw new WardenError('W_USAGE', `the editor "${editor}" exited with status ${result.status ?? result.signal}; nothing saved`);
}
