/**
 * The domain classifier's training rows: weak labels from the fact mappings over the bundled
 * sources (every template's pair of every record, labelled with the domains its record's facts
 * give at >= 0.5), plus templated text per domain (synthetic.ts). Each row says which split it
 * belongs to: whole records (by a hash of the id) and whole instruction frames are held out.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashString } from '../../../../text/hash32.js';
import { parseAttack, parseCapec, parseNvd } from '../../collect/index.js';
import type { ParseResult } from '../../collect/index.js';
import { structureRecord } from '../../structure/index.js';
import type { SourceRecord } from '../../types.js';
import { combineEvidence } from '../combine.js';
import type { Domain } from '../domains.js';
import { factEvidence } from '../mappings.js';
import { pairText } from '../model.js';
import { syntheticRows } from './synthetic.js';

export interface DomainRow {
  text: string;
  label: Domain;
  /** `record:<id>` or `frame:<n>`. */
  group: string;
  origin: 'source' | 'synthetic';
  split: 'train' | 'test';
}

/** The bundled snapshot files the weak labels come from (data/instruct/sources). */
export const BUNDLED_SOURCES: readonly { file: string; parse: (text: string, file: string) => ParseResult }[] = [
  { file: 'nvdcve-2003-slice.json', parse: parseNvd },
  { file: 'ics-attack-slice.json', parse: parseAttack },
  { file: 'capec_3000_v3.2-slice.xml', parse: parseCapec },
];

/** Instruction frames held out as test rows (see synthetic.ts FRAMES). */
export const HELD_OUT_FRAMES: ReadonlySet<string> = new Set(['frame:8', 'frame:9']);
/** Percent of source records held out (by a hash of the id, so stable). */
export const HELD_OUT_RECORD_PERCENT = 20;

/** Records of the bundled sources, in file order. */
export async function bundledRecords(dir: string): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for (const { file, parse } of BUNDLED_SOURCES) records.push(...parse(await readFile(join(dir, file), 'utf8'), file).items.map((i) => i.record));
  return records;
}

/** Weakly labelled rows of records: one row per (pair, domain its record's facts give). */
export function sourceRows(records: readonly SourceRecord[], seed: number): DomainRow[] {
  const rows: DomainRow[] = [];
  for (const record of records) {
    const labels = combineEvidence(factEvidence(record), 0.5).domains as Domain[];
    if (labels.length === 0) continue;
    const split = (hashString(record.id, 7) >>> 0) % 100 < HELD_OUT_RECORD_PERCENT ? 'test' : 'train';
    for (const pair of structureRecord(record, { seed, templatesPerRecord: 16 })) {
      for (const label of labels) rows.push({ text: pairText(pair.instruction, pair.response), label, group: `record:${record.id}`, origin: 'source', split });
    }
  }
  return rows;
}

/**
 * All rows, deterministic for the seed: source rows first, then synthetic ones.
 *
 * @example
 * const rows = await buildDomainRows('data/instruct/sources', 42);
 */
export async function buildDomainRows(sourcesDir: string, seed: number, syntheticPerDomain = 200): Promise<DomainRow[]> {
  const synthetic = syntheticRows(syntheticPerDomain, seed).map((r): DomainRow => ({ ...r, split: HELD_OUT_FRAMES.has(r.group) ? 'test' : 'train' }));
  return [...sourceRows(await bundledRecords(sourcesDir), seed), ...synthetic];
}
