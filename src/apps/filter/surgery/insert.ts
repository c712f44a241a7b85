import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WardenError } from '../../../core/errors.js';
import { WARDEN_VERSION } from '../../../core/version.js';
import { resolveInputs, type InputFile } from '../../../io/inputs.js';
import type { FieldMap, Rec } from '../../../io/record.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../../pipeline/spec.js';
import { writeInterleaved, type Addition } from './interleave.js';
import { SurgeryOutput, type ProvenanceRow } from './output.js';
import { conform } from './project.js';
import { readFiles } from './records.js';
import { seededHash } from './select.js';

export interface InsertOptions {
  into: string;
  from: string[];
  output: string;
  /** Share of the other data set's documents to insert, drawn by seeded hash (default 1: all). */
  fraction?: number | undefined;
  seed: number;
  /** Split of `into` that receives the documents (default: train, else the first). */
  split?: string | undefined;
  intoSplits?: string[] | undefined;
  fromSplits?: string[] | undefined;
  fields: FieldMap;
  fromFields?: Partial<FieldMap> | undefined;
  outputFormat?: OutputFormat | undefined;
  force?: boolean;
}

export interface InsertResult {
  output: string;
  manifest: Record<string, unknown> & { splits: { split: string | null; base: number; inserted: number; output_records: number }[]; output: { data: string; format: string; files: string[] } };
}

const SCALE = 2 ** 48;

/**
 * Inserts documents from another data set into a data set: a seeded-hash sample of `fraction`
 * of the other's documents (each one in or out by its id, like the `sample` stage), placed at
 * seeded random positions in one split. Other splits are copied as they are. Writes
 * `<output>/data/`, `manifest.json` and `provenance.jsonl`; inputs are only read.
 *
 * @example
 * await insertDocuments({ into: 'corpus/', from: ['safety.jsonl'], output: 'out/mixed', fraction: 0.5, seed: 1, fields: { text: 'text', id: 'id' } });
 */
export async function insertDocuments(options: InsertOptions): Promise<InsertResult> {
  const fraction = options.fraction ?? 1;
  if (!(fraction > 0 && fraction <= 1)) throw new WardenError('W_USAGE', `--fraction must be in (0, 1] (got ${fraction})`);
  const fields = options.fields;
  const fromFields: FieldMap = { text: options.fromFields?.text ?? fields.text, id: options.fromFields?.id ?? fields.id };
  const intoFiles = await resolveInputs([options.into], { splits: options.intoSplits });
  const otherFiles = await resolveInputs(options.from, { splits: options.fromSplits });
  const splits = [...new Set(intoFiles.map((f) => f.split ?? ''))];
  const target = options.split ?? (splits.includes('train') ? 'train' : splits[0]!);
  if (!splits.includes(target)) {
    throw new WardenError('W_USAGE', `--split "${target}" is not a split of the data set (splits: ${splits.filter(Boolean).join(', ') || 'none'})`, { where: options.into });
  }
  const format = options.outputFormat ?? formatOf(intoFiles, options.into);
  const threshold = fraction * SCALE;
  const picked = (record: Rec) => fraction >= 1 || seededHash(options.seed, String(record[fromFields.id])) < threshold;

  // Counts first: the interleaving needs both sizes before writing.
  const baseCounts = new Map<string, number>();
  const templates = new Map<string, Rec>();
  for (const split of splits) {
    let n = 0;
    for await (const { record } of readFiles(filesOf(intoFiles, split), fields)) {
      if (n++ === 0) templates.set(split, record);
    }
    baseCounts.set(split, n);
  }
  let inserted = 0;
  for await (const { record } of readFiles(otherFiles, fromFields)) if (picked(record)) inserted++;

  const output = await SurgeryOutput.create(options.output, format, { force: options.force ?? false, inputs: [options.into, ...options.from] });
  try {
    for (const split of splits) {
      const writer = await output.split(split);
      const rows: ProvenanceRow[] = [];
      const base = records(readFiles(filesOf(intoFiles, split), fields));
      const shape = (record: Rec) => conform(record, fromFields, templates.get(split), fields, format);
      const additions = split === target ? drawn(readFiles(otherFiles, fromFields), picked, shape, fromFields) : empty();
      await writeInterleaved(writer, split, options.seed, base, baseCounts.get(split)!, additions, split === target ? inserted : 0, (row) => rows.push(row));
      await writer.close();
      await output.addProvenance(rows);
    }
    const manifest = {
      warden: WARDEN_VERSION,
      kind: 'dataset-surgery',
      command: 'insert',
      into: options.into,
      from: options.from,
      fraction,
      seed: options.seed,
      split: target || null,
      splits: splits.map((split) => {
        const added = split === target ? inserted : 0;
        return { split: split || null, base: baseCounts.get(split)!, inserted: added, output_records: baseCounts.get(split)! + added };
      }),
      created_at: new Date().toISOString(),
    };
    return { output: output.target, manifest: await output.commit(manifest) };
  } catch (error) {
    await output.abort();
    throw error;
  }
}

function filesOf(files: InputFile[], split: string): InputFile[] {
  return files.filter((f) => (f.split ?? '') === split);
}

/** The output keeps the base data set's format: a HF folder stays one, Parquet stays Parquet. */
function formatOf(files: InputFile[], into: string): OutputFormat {
  if (existsSync(join(into, 'state.json')) || existsSync(join(into, 'dataset_dict.json'))) return 'hf';
  const first = files[0]!;
  if (files.every((f) => f.format === 'parquet')) return 'parquet';
  if (files.every((f) => f.format === 'jsonl' && f.compression === first.compression)) {
    const name = first.compression === 'gzip' ? 'jsonl.gz' : first.compression === 'zstd' ? 'jsonl.zst' : 'jsonl';
    return (OUTPUT_FORMATS as readonly string[]).includes(name) ? (name as OutputFormat) : 'jsonl';
  }
  return 'jsonl';
}

async function* records(source: AsyncIterable<{ record: Rec }>): AsyncGenerator<Rec> {
  for await (const { record } of source) yield record;
}

async function* empty(): AsyncGenerator<Addition> {}

async function* drawn(
  source: AsyncIterable<{ record: Rec; file: string; row: number }>,
  picked: (record: Rec) => boolean,
  shape: (record: Rec) => Rec,
  fields: FieldMap,
): AsyncGenerator<Addition> {
  for await (const { record, file, row } of source) {
    if (picked(record)) yield { record: shape(record), provenance: { kind: 'insert', source_id: record[fields.id], source_file: file, source_row: row } };
  }
}
