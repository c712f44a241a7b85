import { join } from 'node:path';
import { WardenError } from '../../../core/errors.js';
import { WARDEN_VERSION } from '../../../core/version.js';
import { resolveInputs, type InputFile } from '../../../io/inputs.js';
import type { FieldMap, Rec } from '../../../io/record.js';
import { loadTokenizer } from '../../../text/tokenizers/index.js';
import { filterPaths } from '../layout.js';
import { writeInterleaved, type Addition } from './interleave.js';
import { SurgeryOutput, type ProvenanceRow } from './output.js';
import { conform } from './project.js';
import { readFiles, textOf } from './records.js';
import { openFilterRun } from './run-view.js';
import { survey, type SplitState } from './survey.js';
import { PrefixSelector, assignToSplits, scheduleDuplicates, seededHash, type Budget } from './select.js';

export const STRATEGIES = ['duplicate-approved', 'insert'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface ReplaceOptions {
  runDir: string;
  strategy: Strategy;
  budget: Budget;
  seed: number;
  /** Tokenizer for `budget: 'tokens'` (default o200k_base). */
  tokenizer?: string | undefined;
  /** Data set(s) to draw from with the insert strategy. */
  from?: string[] | undefined;
  fromSplits?: string[] | undefined;
  /** Text and id fields of `from` (default: the run's). */
  fromFields?: Partial<FieldMap> | undefined;
  /** Default: `<run>/surgery/<strategy>-<budget>-seed-<seed>`. */
  output?: string | undefined;
  force?: boolean;
  onProgress?: ((phase: string, records: number) => void) | undefined;
}

export interface SplitSummary {
  split: string | null;
  kept: number;
  removed_records: number;
  removed_tokens?: number;
  /** Escalated-but-approved documents (duplicate-approved only). */
  candidates?: number;
  added_records: number;
  added_tokens?: number;
  output_records: number;
}

export interface SurgeryResult {
  output: string;
  manifest: Record<string, unknown> & { splits: SplitSummary[]; output: { data: string; format: string; files: string[] } };
}


/**
 * After a filter run, keeps the data set's size: every document (or token) the filter removed
 * is made up for, split by split, either by duplicating escalated-but-approved documents (ones
 * an early stage flagged and a later stage cleared, as Deep Ignorance does) or by inserting
 * documents drawn from another data set. Draws follow a seeded hash of each document's id, and
 * additions land at seeded random places among the kept records, so a seed always gives the
 * same data set. Writes `<output>/data/` (the run's output format), `manifest.json` and
 * `provenance.jsonl` (every added record: where it sits, what it copies); the run is untouched.
 *
 * @example
 * const result = await replaceRemoved({ runDir: 'out/filter', strategy: 'duplicate-approved', budget: 'documents', seed: 1 });
 */
export async function replaceRemoved(options: ReplaceOptions): Promise<SurgeryResult> {
  const run = await openFilterRun(options.runDir);
  const { fields } = run;
  const tokenizer = options.budget === 'tokens' ? await loadTokenizer(options.tokenizer ?? 'o200k_base') : undefined;
  const tokensOf = (record: Rec, f: FieldMap = fields) => (tokenizer ? tokenizer.count(textOf(record, f)) : 0);
  if (options.strategy === 'insert' && !options.from?.length) throw new WardenError('W_USAGE', '--strategy insert needs --from OTHER (a data set to draw documents from)');
  if (options.strategy === 'duplicate-approved' && options.from?.length) throw new WardenError('W_USAGE', '--from is only used with --strategy insert');
  const fromFields: FieldMap = { text: options.fromFields?.text ?? fields.text, id: options.fromFields?.id ?? fields.id };
  const otherFiles = options.strategy === 'insert' ? await resolveInputs(options.from!, { splits: options.fromSplits }) : [];

  const states = await survey(run, options.strategy === 'duplicate-approved', options.seed, tokensOf, options.onProgress);
  const needs = new Map<string, number>();
  for (const split of run.splits) {
    const state = states.get(split)!;
    const need = options.budget === 'documents' ? state.removed.records : state.removed.tokens;
    if (need > 0) needs.set(split, need);
  }

  // What to add, per split: copies per kept ordinal, or ordinals of the other data set.
  const copies = new Map<string, Map<number, number>>();
  let drawnFromOther = new Map<string, number[]>();
  if (options.strategy === 'duplicate-approved') {
    for (const [split, need] of needs) copies.set(split, scheduleDuplicates(states.get(split)!.candidates, need, options.budget, split));
  } else {
    drawnFromOther = await drawFromOther(otherFiles, fromFields, needs, options, (r) => tokensOf(r, fromFields));
  }

  const target = options.output ?? join(filterPaths(run.root).root, 'surgery', `${options.strategy}-${options.budget}-seed-${options.seed}`);
  const output = await SurgeryOutput.create(target, run.format, {
    force: options.force ?? false,
    inputs: [filterPaths(run.root).keptDir, filterPaths(run.root).removedDir, ...(options.from ?? [])],
  });
  try {
    for (const split of run.splits) {
      const state = states.get(split)!;
      const writer = await output.split(split);
      const rows: ProvenanceRow[] = [];
      const base = records(readFiles(state.keptFiles, fields));
      let additions: AsyncIterable<Addition>;
      let addedCount: number;
      if (options.strategy === 'duplicate-approved') {
        const plan = copies.get(split) ?? new Map<number, number>();
        addedCount = [...plan.values()].reduce((a, b) => a + b, 0);
        additions = duplicates(readFiles(state.keptFiles, fields), plan, fields);
      } else {
        const wanted = new Set(drawnFromOther.get(split) ?? []);
        addedCount = wanted.size;
        additions = insertions(readFiles(otherFiles, fromFields), wanted, (r) => conform(r, fromFields, state.template, fields, run.format), fromFields);
      }
      const counted = countAdded(additions, state, tokensOf);
      await writeInterleaved(writer, split, options.seed, base, state.kept, counted, addedCount, (row) => rows.push(row));
      await writer.close();
      await output.addProvenance(rows);
      options.onProgress?.('write', writer.count);
    }
    const manifest = {
      warden: WARDEN_VERSION,
      kind: 'dataset-surgery',
      command: 'replace',
      strategy: options.strategy,
      budget: options.budget,
      seed: options.seed,
      ...(tokenizer ? { tokenizer: tokenizer.name } : {}),
      run_dir: run.root,
      ...(options.from ? { from: options.from } : {}),
      splits: run.splits.map((split) => summary(split, states.get(split)!, options, tokenizer !== undefined)),
      created_at: new Date().toISOString(),
    };
    return { output: output.target, manifest: await output.commit(manifest) };
  } catch (error) {
    await output.abort();
    throw error;
  }
}

function summary(split: string, state: SplitState, options: ReplaceOptions, tokens: boolean): SplitSummary {
  return {
    split: split || null,
    kept: state.kept,
    removed_records: state.removed.records,
    ...(tokens ? { removed_tokens: state.removed.tokens } : {}),
    ...(options.strategy === 'duplicate-approved' ? { candidates: state.candidates.length } : {}),
    added_records: state.added.records,
    ...(tokens ? { added_tokens: state.added.tokens } : {}),
    output_records: state.kept + state.added.records,
  };
}

/**
 * Draws documents from the other data set for every split's need: the smallest-hash prefix of
 * it that covers all needs, handed out split after split. With a token budget each split may
 * overshoot by part of one document, so the prefix keeps a slack of one largest document per
 * split; if a document larger than any seen before arrived after the prefix was cut, a second
 * pass with the final slack is needed (rare).
 */
async function drawFromOther(
  files: InputFile[],
  fields: FieldMap,
  needs: Map<string, number>,
  options: ReplaceOptions,
  tokensOf: (record: Rec) => number,
): Promise<Map<string, number[]>> {
  if (needs.size === 0) return new Map();
  const total = [...needs.values()].reduce((a, b) => a + b, 0);
  let largest = 0;
  let available = 0;
  const pass = async (slack: number | undefined) => {
    const selector = new PrefixSelector(options.budget, () => (options.budget === 'documents' ? total : total + needs.size * (slack ?? largest)));
    let ordinal = 0;
    available = 0;
    for await (const { record } of readFiles(files, fields)) {
      const tokens = options.budget === 'tokens' ? tokensOf(record) : 0;
      largest = Math.max(largest, tokens);
      available += options.budget === 'documents' ? 1 : tokens;
      selector.add({ hash: seededHash(options.seed, String(record[fields.id])), ordinal: ordinal++, tokens });
      if (ordinal % 10_000 === 0) options.onProgress?.('draw', ordinal);
    }
    return selector;
  };
  let selector = await pass(undefined);
  let assigned = assignToSplits(selector.drawn(), needs, options.budget);
  if (!assigned && selector.dropped) {
    selector = await pass(largest);
    assigned = assignToSplits(selector.drawn(), needs, options.budget);
  }
  if (!assigned) {
    throw new WardenError('W_USAGE', `--from holds ${available} ${options.budget} but ${total} are needed to replace what the filter removed; give a larger data set`, { where: options.from!.join(', ') });
  }
  return assigned;
}

async function* records(source: AsyncIterable<{ record: Rec }>): AsyncGenerator<Rec> {
  for await (const { record } of source) yield record;
}

/** The scheduled copies of kept records, in kept order. */
async function* duplicates(source: AsyncIterable<{ record: Rec; file: string; row: number }>, plan: Map<number, number>, fields: FieldMap): AsyncGenerator<Addition> {
  if (plan.size === 0) return;
  let ordinal = 0;
  for await (const { record, file, row } of source) {
    const count = plan.get(ordinal++) ?? 0;
    for (let copy = 1; copy <= count; copy++) {
      yield { record, provenance: { kind: 'duplicate', source_id: record[fields.id], source_file: file, source_row: row, copy } };
    }
  }
}

/** The drawn records of the other data set, in its order, shaped like the base records. */
async function* insertions(
  source: AsyncIterable<{ record: Rec; file: string; row: number }>,
  wanted: Set<number>,
  shape: (record: Rec) => Rec,
  fields: FieldMap,
): AsyncGenerator<Addition> {
  if (wanted.size === 0) return;
  let ordinal = 0;
  for await (const { record, file, row } of source) {
    if (wanted.has(ordinal++)) yield { record: shape(record), provenance: { kind: 'insert', source_id: record[fields.id], source_file: file, source_row: row } };
  }
}

async function* countAdded(source: AsyncIterable<Addition>, state: SplitState, tokensOf: (record: Rec) => number): AsyncGenerator<Addition> {
  for await (const addition of source) {
    state.added.records++;
    state.added.tokens += tokensOf(addition.record);
    yield addition;
  }
}
