/**
 * Reads and validates the assemble input: JSON Lines of instruction pairs. A malformed line or
 * field fails with `file:line` and the field name; ids must be unique.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { WardenError } from '../../../core/errors.js';
import type { InstructionPair } from './types.js';

/** Longest input line accepted (a pair is short text; this bounds memory per line). */
export const MAX_PAIR_LINE = 4 * 1024 * 1024;
/** Most pairs one run holds in memory. */
export const MAX_PAIRS = 5_000_000;

export interface ReadPairsResult {
  pairs: InstructionPair[];
  /** sha256 of the input bytes as read, for the card and the up-to-date check. */
  sha256: string;
}

function fail(where: string, message: string): never {
  throw new WardenError('W_IO_BAD_RECORD', message, { where });
}

/**
 * Checks one parsed line against the pair shape.
 *
 * @example
 * toPair({ id: 'a', instruction: 'x', response: 'y', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: ['nvd:CVE-1'] } }, 'p.jsonl:1');
 */
export function toPair(value: unknown, where: string): InstructionPair {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(where, 'expected a JSON object {id, instruction, response, metadata}');
  const row = value as Record<string, unknown>;
  if (typeof row.id !== 'string' || row.id === '') fail(`${where} field id`, 'id must be a non-empty string');
  for (const field of ['instruction', 'response'] as const) if (typeof row[field] !== 'string') fail(`${where} field ${field}`, `${field} must be a string`);
  const meta = row.metadata;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) fail(`${where} field metadata`, 'metadata must be an object {source, kind, source_ids}');
  const m = meta as Record<string, unknown>;
  if (typeof m.source !== 'string' || m.source === '') fail(`${where} field metadata.source`, 'metadata.source must be a non-empty string');
  if (typeof m.kind !== 'string' || m.kind === '') fail(`${where} field metadata.kind`, 'metadata.kind must be a non-empty string');
  if (!Array.isArray(m.source_ids) || m.source_ids.some((s) => typeof s !== 'string')) fail(`${where} field metadata.source_ids`, 'metadata.source_ids must be an array of strings');
  if (m.domains !== undefined && (!Array.isArray(m.domains) || m.domains.some((s) => typeof s !== 'string'))) fail(`${where} field metadata.domains`, 'metadata.domains must be an array of strings');
  return row as unknown as InstructionPair;
}

/**
 * Reads every pair of a JSONL file (the file is only read, never written).
 *
 * @example
 * const { pairs } = await readPairs('out/pairs.jsonl');
 */
export async function readPairs(path: string): Promise<ReadPairsResult> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const hash = createHash('sha256');
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', `cannot read input: ${(cause as Error).message}`, { where: path, cause });
  }
  stream.on('data', function hashChunk(chunk) {
    hash.update(chunk);
  });
  const pairs: InstructionPair[] = [];
  const seen = new Map<string, number>();
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    const where = `${path}:${line}`;
    if (text.trim() === '') continue;
    if (text.length > MAX_PAIR_LINE) throw new WardenError('W_IO_BAD_JSONL', `line longer than ${MAX_PAIR_LINE} characters`, { where });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new WardenError('W_IO_BAD_JSONL', `invalid JSON: ${(cause as Error).message}`, { where, cause });
    }
    const pair = toPair(value, where);
    const first = seen.get(pair.id);
    if (first !== undefined) fail(`${where} field id`, `duplicate id "${pair.id}" (first on line ${first})`);
    seen.set(pair.id, line);
    if (pairs.length >= MAX_PAIRS) throw new WardenError('W_IO_BAD_RECORD', `more than ${MAX_PAIRS} pairs; split the input`, { where });
    pairs.push(pair);
  }
  return { pairs, sha256: hash.digest('hex') };
}
