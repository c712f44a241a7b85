/**
 * A finished filter run directory built by hand, in the layout `warden filter run` writes
 * (../../layout.ts): manifest.json, plan.json, output/ (kept), removed/, judgments/<shard>.parquet
 * written with the filter's own JudgmentsWriter. Each record's fate is chosen by the test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hfShardName, writeHfDatasetDict, writeHfDatasetMetadata } from '../../../../io/hf-dataset.js';
import type { Rec } from '../../../../io/record.js';
import { openRecordWriter } from '../../../../io/writer.js';
import type { Manifest, ShardPlan } from '../../../../pipeline/run-dir.js';
import { parseRunConfig, type OutputFormat } from '../../../../pipeline/spec.js';
import { JudgmentsWriter, judgmentColumns, judgmentRow } from '../../judgments-file.js';

/** kept: passed the blocklist; approved: escalated by the blocklist, cleared by the classifier; removed. */
export type Fate = 'kept' | 'approved' | 'removed';

export interface FixtureShard {
  split?: string;
  records: { record: Rec; fate: Fate }[];
}

export async function writeFilterRun(runDir: string, format: OutputFormat, shards: FixtureShard[]): Promise<void> {
  const filters = ['blocklist', 'classifier'] as const;
  const perSplit = new Map<string, number>();
  for (const s of shards) perSplit.set(s.split ?? '', (perSplit.get(s.split ?? '') ?? 0) + 1);
  const seen = new Map<string, number>();
  const plan: ShardPlan[] = [];
  for (const [index, shard] of shards.entries()) {
    const key = shard.split ?? '';
    const within = seen.get(key) ?? 0;
    seen.set(key, within + 1);
    const prefix = shard.split ? `${shard.split}/` : '';
    const output = format === 'hf' ? `${prefix}${hfShardName(within, perSplit.get(key)!)}` : `${prefix}part-${String(within).padStart(5, '0')}.${format}`;
    const id = `part-${String(index).padStart(5, '0')}`;
    plan.push({ id, index, part: { format: 'jsonl', path: '/in/corpus.jsonl', rel: 'corpus.jsonl', split: shard.split, compression: 'none', firstLine: 1 }, output, bytes: 1 });
    const kind = format === 'hf' ? { format: 'hf' as const } : format === 'parquet' ? { format: 'parquet' as const } : { format: 'jsonl' as const };
    const kept = await openRecordWriter(join(runDir, 'output', output), kind);
    const removed = await openRecordWriter(join(runDir, 'removed', output), kind);
    await kept.write(shard.records.filter((r) => r.fate !== 'removed').map((r) => r.record));
    await removed.write(shard.records.filter((r) => r.fate === 'removed').map((r) => r.record));
    await kept.close();
    await removed.close();
    const judgments = await JudgmentsWriter.open(join(runDir, 'judgments', `${id}.parquet`), judgmentColumns([...filters]));
    await judgments.write(
      shard.records.map(({ record, fate }) => {
        const escalated = fate !== 'kept';
        return judgmentRow(
          { id: String(record.id), split: shard.split ?? null, chars: String(record.text).length, label: null },
          {
            blocklist: { terms: escalated ? ['a', 'b'] : [], distinct: escalated ? 2 : 0, escalate: escalated, ms: 0 },
            ...(escalated ? { classifier: { max: fate === 'removed' ? 0.9 : 0.1, mean: 0.1, min: 0.1, chunks: 1, escalate: fate === 'removed', ms: 0 } } : {}),
            decision: { removed: fate === 'removed', stage: escalated ? 'classifier' : 'blocklist' },
          },
          [...filters],
        );
      }),
    );
    await judgments.close();
  }
  if (format === 'hf') {
    for (const root of ['output', 'removed']) {
      const splits = [...perSplit.keys()];
      for (const split of splits) {
        const files = plan.filter((s) => (s.part.split ?? '') === split).map((s) => s.output.slice(s.output.lastIndexOf('/') + 1));
        await writeHfDatasetMetadata(join(runDir, root, split), files, split || undefined);
      }
      if (splits.some(Boolean)) await writeHfDatasetDict(join(runDir, root), splits);
    }
  }
  const config = parseRunConfig({ input: '/in/corpus.jsonl', output: runDir, output_format: format, stages: [] });
  const now = new Date().toISOString();
  const manifest: Manifest = { warden: '0.1.0', status: 'complete', created_at: now, started_at: now, config, config_hash: 'fixture', inputs: [], shards: plan.length };
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'plan.json'), JSON.stringify(plan));
  await writeFile(join(runDir, 'manifest.json'), JSON.stringify(manifest));
}
