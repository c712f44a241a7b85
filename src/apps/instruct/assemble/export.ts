/**
 * Writes the kept pairs of each split in the requested formats under a folder (the caller
 * hands a staging folder and renames it into place, so a run is all-or-nothing):
 *
 *   jsonl/<split>.jsonl      {instruction, response, metadata}  (metadata gains id and split)
 *   chat/<split>.jsonl       {messages: [{role: 'user'|'assistant', content}]}  (OpenAI fine-tuning shape)
 *   sharegpt/<split>.jsonl   {id, conversations: [{from: 'human'|'gpt', value}]}
 *   parquet/<split>.parquet  id, instruction, response, source, kind, source_ids, domains, metadata (JSON)
 *   hf/                      Hugging Face save_to_disk DatasetDict: dataset_dict.json, <split>/data-00000-of-00001.arrow,
 *                            dataset_info.json, state.json (empty splits are left out)
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hfShardName, writeHfDatasetDict, writeHfDatasetMetadata } from '../../../io/hf-dataset.js';
import type { Rec } from '../../../io/record.js';
import { openRecordWriter } from '../../../io/writer.js';
import { SPLITS, type ExportFormat, type InstructionPair, type SplitName } from './types.js';

const BATCH = 5000;

/** The JSONL row: `{instruction, response, metadata}` with id and split in the metadata. */
function jsonlRow(pair: InstructionPair, split: SplitName): Rec {
  return { instruction: pair.instruction, response: pair.response, metadata: { ...pair.metadata, id: pair.id, split } };
}

function chatRow(pair: InstructionPair): Rec {
  return { messages: [{ role: 'user', content: pair.instruction }, { role: 'assistant', content: pair.response }] };
}

function shareGptRow(pair: InstructionPair): Rec {
  return { id: pair.id, conversations: [{ from: 'human', value: pair.instruction }, { from: 'gpt', value: pair.response }] };
}

function tableRow(pair: InstructionPair): Rec {
  return {
    id: pair.id,
    instruction: pair.instruction,
    response: pair.response,
    source: String(pair.metadata.source),
    kind: String(pair.metadata.kind),
    source_ids: [...pair.metadata.source_ids],
    domains: [...(pair.metadata.domains ?? [])],
    metadata: JSON.stringify(pair.metadata),
  };
}

async function writeRows(path: string, format: 'jsonl' | 'parquet' | 'hf', rows: readonly Rec[]): Promise<void> {
  const writer = await openRecordWriter(path, { format });
  try {
    // Columnar writers infer one schema from the first batch: give them every row at once.
    if (format === 'jsonl') for (let i = 0; i < rows.length; i += BATCH) await writer.write(rows.slice(i, i + BATCH));
    else await writer.write(rows);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/**
 * Writes every format for every split; returns the relative paths written.
 *
 * @example
 * await exportSplits('out/.staging', new Map([['train', pairs]]), ['jsonl', 'hf']);
 */
export async function exportSplits(dir: string, splits: ReadonlyMap<SplitName, readonly InstructionPair[]>, formats: readonly ExportFormat[]): Promise<string[]> {
  const files: string[] = [];
  for (const format of formats) {
    const hfSplits: SplitName[] = [];
    for (const split of SPLITS) {
      const pairs = splits.get(split) ?? [];
      if (format === 'hf') {
        if (pairs.length === 0) continue;
        const folder = join(dir, 'hf', split);
        await mkdir(folder, { recursive: true });
        const shard = hfShardName(0, 1);
        await writeRows(join(folder, shard), 'hf', pairs.map(tableRow));
        await writeHfDatasetMetadata(folder, [shard], split);
        hfSplits.push(split);
        files.push(`hf/${split}/${shard}`);
        continue;
      }
      await mkdir(join(dir, format), { recursive: true });
      const name = format === 'parquet' ? `${split}.parquet` : `${split}.jsonl`;
      const rows = format === 'jsonl' ? pairs.map((p) => jsonlRow(p, split)) : format === 'chat' ? pairs.map(chatRow) : format === 'sharegpt' ? pairs.map(shareGptRow) : pairs.map(tableRow);
      await writeRows(join(dir, format, name), format === 'parquet' ? 'parquet' : 'jsonl', rows);
      files.push(`${format}/${name}`);
    }
    if (format === 'hf') {
      await mkdir(join(dir, 'hf'), { recursive: true });
      await writeHfDatasetDict(join(dir, 'hf'), hfSplits);
      files.push('hf/dataset_dict.json');
    }
  }
  return files;
}
