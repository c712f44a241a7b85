/**
 * Real data files for token-counting and surgery tests, written with Warden's own writers:
 * JSONL, Parquet, and Hugging Face save_to_disk folders (Dataset or DatasetDict).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hfShardName, writeHfDatasetDict as writeDictFile, writeHfDatasetMetadata } from '../../../../io/hf-dataset.js';
import type { Rec } from '../../../../io/record.js';
import { openRecordWriter } from '../../../../io/writer.js';
import { mulberry32 } from '../../../../text/random.js';

const WORDS = [
  'the', 'quick', 'brown', 'fox', 'tokens', 'merge', 'corpus', 'filter', 'dataset', 'records', 'counting', 'replace',
  'café', 'naïve', 'über', '日本語', '中文', '한국어', '🙂', '👍🏽', '1234', '3.14', "it's", "DON'T", '—', '...', '\n', '\t', '  ',
];

/** Deterministic varied texts (words, unicode, emoji, whitespace runs). */
export function makeTexts(count: number, seed: number, maxWords = 60): string[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const n = 1 + Math.floor(rand() * maxWords);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
    return words.join(rand() < 0.2 ? '' : ' ');
  });
}

export async function writeJsonl(path: string, records: Rec[]): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

export async function writeParquet(path: string, records: Rec[]): Promise<string> {
  const writer = await openRecordWriter(path, { format: 'parquet' });
  await writer.write(records);
  await writer.close();
  return path;
}

/** A save_to_disk Dataset folder with one Arrow shard per `shards` slice. */
export async function writeHfDataset(dir: string, records: Rec[], split?: string, shards = 1): Promise<string> {
  const names: string[] = [];
  const per = Math.ceil(records.length / shards);
  for (let i = 0; i < shards; i++) {
    const name = hfShardName(i, shards);
    const writer = await openRecordWriter(join(dir, name), { format: 'arrow' });
    await writer.write(records.slice(i * per, (i + 1) * per));
    await writer.close();
    names.push(name);
  }
  await writeHfDatasetMetadata(dir, names, split);
  return dir;
}

/** A save_to_disk DatasetDict folder: one Dataset folder per split. */
export async function writeHfDatasetDict(dir: string, splits: Record<string, Rec[]>): Promise<string> {
  for (const [split, records] of Object.entries(splits)) await writeHfDataset(join(dir, split), records, split, 2);
  await writeDictFile(dir, Object.keys(splits));
  return dir;
}
