import { stat } from 'node:fs/promises';
import { resolveInputs, type InputFile } from '../io/inputs.js';
import { partitionFile, type InputPart } from '../io/parts.js';
import { shardOutputName, type InputFingerprint, type ShardPlan } from './run-dir.js';
import type { RunConfig } from './spec.js';

/**
 * Cuts the inputs into shards. The plan depends only on the inputs and `part_size_mb`, never on
 * the worker count, which is what makes outputs identical for any number of workers.
 */
export async function planShards(config: RunConfig): Promise<{ files: InputFile[]; shards: ShardPlan[] }> {
  const files = await resolveInputs(config.input, { splits: config.splits });
  const parts: (InputPart & { bytes: number })[] = [];
  for (const file of files) {
    const fileParts = await partitionFile(file, config.part_size_mb * 1024 * 1024);
    for (const part of fileParts) {
      const range = part.format === 'jsonl' ? part.range : undefined;
      parts.push({ ...part, bytes: range ? range.end - range.start : Math.round(file.size / fileParts.length) });
    }
  }
  const perSplit = new Map<string, number>();
  for (const part of parts) perSplit.set(part.split ?? '', (perSplit.get(part.split ?? '') ?? 0) + 1);
  const seen = new Map<string, number>();
  const shards = parts.map(({ bytes, ...part }, index): ShardPlan => {
    const key = part.split ?? '';
    const within = seen.get(key) ?? 0;
    seen.set(key, within + 1);
    return {
      id: `part-${String(index).padStart(5, '0')}`,
      index,
      part,
      output: shardOutputName(config.output_format, within, perSplit.get(key)!, part.split),
      bytes,
    };
  });
  return { files, shards };
}

export async function fingerprintInputs(files: readonly { path: string }[]): Promise<InputFingerprint[]> {
  return Promise.all(
    files.map(async ({ path }) => {
      const info = await stat(path);
      return { path, size: info.size, mtime_ms: Math.floor(info.mtimeMs) };
    }),
  );
}
