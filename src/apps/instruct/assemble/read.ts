/**
 * Reads and validates the assemble input: JSON Lines of instruction pairs. A malformed line or
 * field fails with `file:line` and the field name; ids must be unique.
 */
import { createHash } from 'node:crypto';
import { WardenError } from '../../../core/errors.js';
import { jsonLines, MAX_LINE_BYTES } from '../json-lines.js';
import type { InstructionPair } from './types.js';

/** Longest input line accepted (a pair is short text; this bounds memory per line). */
export const MAX_PAIR_LINE = MAX_LINE_BYTES;
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
 * Streams the pairs of a JSONL file with their line numbers: every instruct stage that reads
 * pairs reads them here. Ids must be unique (stages key state by id); at most `maxPairs`.
 *
 * @example
 * for await (const { pair, line } of pairLines('classified.jsonl')) console.log(line, pair.id);
 */
export async function* pairLines(path: string, options: { maxPairs?: number; what?: string; onBytes?: (chunk: Buffer) => void } = {}): AsyncGenerator<{ pair: InstructionPair; line: number }> {
  const maxPairs = options.maxPairs ?? MAX_PAIRS;
  const seen = new Map<string, number>();
  for await (const { value, line, where } of jsonLines(path, { maxLineBytes: MAX_PAIR_LINE, ...(options.what ? { what: options.what } : {}), ...(options.onBytes ? { onBytes: options.onBytes } : {}) })) {
    const pair = toPair(value, where);
    const first = seen.get(pair.id);
    if (first !== undefined) fail(`${where} field id`, `duplicate id "${pair.id}" (first on line ${first})`);
    if (seen.size >= maxPairs) throw new WardenError('W_IO_BAD_RECORD', `more than ${maxPairs} pairs; split the input`, { where });
    seen.set(pair.id, line);
    yield { pair, line };
  }
}

/**
 * Reads every pair of a JSONL file (the file is only read, never written).
 *
 * @example
 * const { pairs } = await readPairs('out/pairs.jsonl');
 */
export async function readPairs(path: string): Promise<ReadPairsResult> {
  const hash = createHash('sha256');
  const pairs: InstructionPair[] = [];
  for await (const { pair } of pairLines(path, { onBytes: (chunk) => hash.update(chunk) })) pairs.push(pair);
  return { pairs, sha256: hash.digest('hex') };
}
