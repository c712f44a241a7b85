import { WardenError } from '../../../core/errors.js';
import type { InputFile } from '../../../io/inputs.js';
import type { Rec } from '../../../io/record.js';
import { readJudgments } from '../judgments-file.js';
import { readFiles } from './records.js';
import type { FilterRunView } from './run-view.js';
import { seededHash, type Draw } from './select.js';

/** What surgery knows about one split of a filter run after the survey pass. */
export interface SplitState {
  kept: number;
  keptFiles: InputFile[];
  removed: { records: number; tokens: number };
  candidates: Draw[];
  /** First kept record: the schema added records are shaped to. */
  template: Rec | undefined;
  added: { records: number; tokens: number };
}

/**
 * One pass over the run: removed records and tokens per split (checked against the judgments),
 * kept records per split, and the escalated-but-approved candidates with their tokens.
 */
export async function survey(
  run: FilterRunView,
  wantCandidates: boolean,
  seed: number,
  tokensOf: (record: Rec) => number,
  onProgress: ((phase: string, records: number) => void) | undefined,
): Promise<Map<string, SplitState>> {
  const states = new Map<string, SplitState>();
  for (const split of run.splits) {
    states.set(split, { kept: 0, keptFiles: [], removed: { records: 0, tokens: 0 }, candidates: [], template: undefined, added: { records: 0, tokens: 0 } });
  }
  let seen = 0;
  for (const shard of run.shards) {
    const state = states.get(shard.split)!;
    state.keptFiles.push(shard.kept);
    const { approved, removed } = await readShardJudgments(shard.judgments);
    let removedHere = 0;
    if (shard.removed) {
      for await (const { record } of readFiles([shard.removed], run.fields)) {
        removedHere++;
        state.removed.tokens += tokensOf(record);
      }
    }
    if (removedHere !== removed) {
      throw new WardenError('W_RUN_MISMATCH', `shard ${shard.id}: ${removedHere} removed records on disk but the judgments mark ${removed} removed; the run is damaged, re-run it with --force`, { where: run.root });
    }
    state.removed.records += removedHere;
    for await (const { record } of readFiles([shard.kept], run.fields)) {
      state.template ??= record;
      const ordinal = state.kept++;
      const id = String(record[run.fields.id]);
      if (wantCandidates && approved.has(id)) state.candidates.push({ hash: seededHash(seed, id), ordinal, tokens: tokensOf(record) });
      if (++seen % 10_000 === 0) onProgress?.('survey', seen);
    }
  }
  return states;
}

/** Ids the cascade escalated at some stage yet kept, and the number of removed records. */
async function readShardJudgments(path: string): Promise<{ approved: Set<string>; removed: number }> {
  const approved = new Set<string>();
  let removed = 0;
  for await (const rows of readJudgments(path)) {
    for (const row of rows) {
      if (row.removed === true) {
        removed++;
        continue;
      }
      for (const key in row) {
        if (key.endsWith('_escalate') && row[key] === true) {
          approved.add(String(row.id));
          break;
        }
      }
    }
  }
  return { approved, removed };
}

