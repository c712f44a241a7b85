import { readFile, stat } from 'node:fs/promises';
import { WardenError } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';

/** Bounds on a term file: a real blocklist has thousands of short terms, not megabytes of text. */
export const TERM_LIMITS = { fileBytes: 64 * 1024 * 1024, terms: 1_000_000, termChars: 256 } as const;

export interface TermList {
  path: string;
  /** Distinct terms (case-insensitively), in file order, as first spelled. */
  terms: string[];
  /** Lines dropped because an earlier line held the same term in another case or spacing. */
  duplicates: number;
  /** sha256 of the file bytes: recorded in the run config so a changed file is noticed. */
  sha256: string;
}

/**
 * Reads and checks a blocklist term file: UTF-8 text, one term per line, `#` comments and blank
 * lines ignored, surrounding spaces trimmed. Terms match case-insensitively, so terms equal but
 * for case are kept once (otherwise one occurrence would count as two distinct terms).
 *
 * @example
 * const { terms } = await loadTermList('data/demo/filter/terms.txt');
 */
export async function loadTermList(path: string): Promise<TermList> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new WardenError('W_IO_NOT_FOUND', 'the blocklist is not a file', { where: path });
    if (info.size > TERM_LIMITS.fileBytes) {
      throw new WardenError('W_CONFIG_INVALID', `the blocklist is ${info.size} bytes; at most ${TERM_LIMITS.fileBytes} are accepted`, { where: path });
    }
    bytes = await readFile(path);
  } catch (cause) {
    if (cause instanceof WardenError) throw cause;
    throw new WardenError('W_IO_NOT_FOUND', `cannot read the blocklist: ${(cause as Error).message}`, { where: path, cause });
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const lines = text.split('\n');
  const seen = new Set<string>();
  const terms: string[] = [];
  let duplicates = 0;
  for (let i = 0; i < lines.length; i++) {
    const where = `${path}:${i + 1}`;
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.includes('\uFFFD')) throw new WardenError('W_CONFIG_INVALID', 'the term is not valid UTF-8 (is this a text file?)', { where });
    if (hasControl(line)) throw new WardenError('W_CONFIG_INVALID', 'the term holds a control character (is this a text file?)', { where });
    if (line.length > TERM_LIMITS.termChars) {
      throw new WardenError('W_CONFIG_INVALID', `the term is ${line.length} characters long; at most ${TERM_LIMITS.termChars} are accepted`, { where });
    }
    const key = line.toLowerCase().replace(/\s+/g, ' ');
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    terms.push(line.replace(/\s+/g, ' '));
    if (terms.length > TERM_LIMITS.terms) throw new WardenError('W_CONFIG_INVALID', `more than ${TERM_LIMITS.terms} terms`, { where });
  }
  if (terms.length === 0) throw new WardenError('W_CONFIG_INVALID', 'the blocklist holds no terms (one per line; # starts a comment)', { where: path });
  return { path, terms, duplicates, sha256: sha256(bytes) };
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9) return true;
  }
  return false;
}
