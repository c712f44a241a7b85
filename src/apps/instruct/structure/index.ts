import { resolve } from 'node:path';
import { AtomicFile } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import type { LlmProvider } from '../../../llm/index.js';
import type { SourceRecord } from '../types.js';
import { readSourceRecords } from './read.js';
import { structureInWorkers } from './parallel.js';
import { structureRecord, type StructureOptions } from './structure-record.js';
import { rewritePairs } from './rewrite.js';
import type { InstructionPair } from './types.js';

export { checkGrounding, type GroundingResult, type GroundingViolation } from './grounding.js';
export { readSourceRecords, parseSourceRecord } from './read.js';
export { chooseTemplates } from './select.js';
export { structureRecord, type StructureOptions } from './structure-record.js';
export { rewritePair, rewritePairs, type RewriteOutcome } from './rewrite.js';
export { TEMPLATES, eligibleTemplates, hasField, isEligible } from './templates/index.js';
export type { InstructionPair, PairMetadata, Template } from './types.js';

/** Records whose pairs are sent to the LLM together when rewriting. */
const REWRITE_BATCH_RECORDS = 32;

export interface StructureFileOptions extends StructureOptions {
  /** Rewrite each pair's response with this LLM, keeping the grounded one as `metadata.reference`. */
  rewrite?: LlmProvider;
  /** Worker threads templating records (default 1: the calling thread). The output does not depend on it. */
  workers?: number;
}

export const STRUCTURE_DEFAULTS: StructureOptions = { seed: 42, templatesPerRecord: 2 };

/** Most worker threads (more than the cores only adds start-up). */
const MAX_WORKERS = 64;

/** Most templates one record may ask for (there are at most five per kind). */
const MAX_TEMPLATES_PER_RECORD = 16;

export interface StructureReport {
  input: string;
  out: string;
  seed: number;
  templatesPerRecord: number;
  records: number;
  pairs: number;
  /** Records no template is eligible for (no description and no kind-specific facts). */
  noTemplate: number;
  /** Records skipped because their id was already seen in the input. */
  duplicates: number;
  /** Pairs dropped because the grounding check failed (a template bug; should stay 0). */
  ungrounded: number;
  byKind: Record<string, number>;
  byTemplate: Record<string, number>;
  /** With rewriting: pairs per outcome (`rewritten`, or why the reference was kept: `ungrounded`, `empty`, `too-long`). */
  rewrite?: Record<string, number>;
  seconds: number;
  recordsPerSecond: number;
}

function checkOptions(options: StructureOptions): void {
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) throw new WardenError('W_USAGE', `--seed must be an integer from 0 to 4294967295 (got ${options.seed})`);
  if (!Number.isInteger(options.templatesPerRecord) || options.templatesPerRecord < 1 || options.templatesPerRecord > MAX_TEMPLATES_PER_RECORD) {
    throw new WardenError('W_USAGE', `--templates-per-record must be an integer from 1 to ${MAX_TEMPLATES_PER_RECORD} (got ${options.templatesPerRecord})`);
  }
  const workers = (options as StructureFileOptions).workers;
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)) throw new WardenError('W_USAGE', `--workers must be an integer from 1 to ${MAX_WORKERS} (got ${workers})`);
}

/**
 * The structure stage over records in memory (for the pipeline): pairs in input order.
 *
 * @example
 * const pairs = structureRecords(records, { seed: 42, templatesPerRecord: 2 });
 */
export function structureRecords(records: readonly SourceRecord[], options: StructureOptions = STRUCTURE_DEFAULTS): InstructionPair[] {
  checkOptions(options);
  return records.flatMap((record) => structureRecord(record, options));
}

/**
 * Reads SourceRecord JSONL, writes instruction/response pair JSONL atomically (the output
 * appears only when complete), and returns counts per kind and template.
 *
 * @example
 * const report = await structureFile('records.jsonl', 'pairs.jsonl', { seed: 42, templatesPerRecord: 2 });
 */
export async function structureFile(input: string, out: string, options: StructureFileOptions = STRUCTURE_DEFAULTS): Promise<StructureReport> {
  checkOptions(options);
  if (resolve(input) === resolve(out)) throw new WardenError('W_USAGE', '--out must differ from --input (inputs are never modified)', { where: out });
  const started = performance.now();
  const report: StructureReport = {
    input, out, seed: options.seed, templatesPerRecord: options.templatesPerRecord,
    records: 0, pairs: 0, noTemplate: 0, duplicates: 0, ungrounded: 0, byKind: {}, byTemplate: {}, seconds: 0, recordsPerSecond: 0,
  };
  if (options.rewrite) report.rewrite = {};
  const seen = new Set<string>();
  const file = await AtomicFile.open(out);
  let buffer = '';
  let pending: { pair: InstructionPair; record: SourceRecord }[] = [];
  let pendingRecords = 0;
  const emit = (pair: InstructionPair): void => {
    report.pairs++;
    report.byTemplate[pair.metadata.template] = (report.byTemplate[pair.metadata.template] ?? 0) + 1;
    buffer += JSON.stringify(pair) + '\n';
  };
  const flushRewrites = async (): Promise<void> => {
    if (!options.rewrite || pending.length === 0) return;
    for (const outcome of await rewritePairs(pending, options.rewrite)) {
      report.rewrite![outcome.status] = (report.rewrite![outcome.status] ?? 0) + 1;
      emit(outcome.pair);
    }
    pending = [];
    pendingRecords = 0;
  };
  const accept = (id: string, kind: string, ungrounded: number, pairs: number): boolean => {
    if (seen.has(id)) {
      report.duplicates++;
      return false;
    }
    seen.add(id);
    report.records++;
    report.byKind[kind] = (report.byKind[kind] ?? 0) + 1;
    report.ungrounded += ungrounded;
    if (pairs === 0) report.noTemplate++;
    return true;
  };
  const flushIfLarge = async (): Promise<void> => {
    if (buffer.length <= 1 << 20) return;
    await file.write(buffer);
    buffer = '';
  };
  // Rewriting is bound by the LLM, so its templating stays on this thread.
  const workers = options.rewrite ? 1 : (options.workers ?? 1);
  try {
    if (workers > 1) {
      for await (const result of structureInWorkers(input, options, workers)) {
        if (!accept(result.id, result.kind, result.ungrounded, result.templates.length)) continue;
        buffer += result.lines;
        report.pairs += result.templates.length;
        for (const template of result.templates) report.byTemplate[template] = (report.byTemplate[template] ?? 0) + 1;
        await flushIfLarge();
      }
    } else {
      for await (const { record } of readSourceRecords(input)) {
        // A repeated id is counted and skipped before it is templated.
        if (seen.has(record.id)) {
          report.duplicates++;
          continue;
        }
        let ungrounded = 0;
        const pairs = structureRecord(record, options, () => ungrounded++);
        accept(record.id, record.kind, ungrounded, pairs.length);
        if (options.rewrite) {
          for (const pair of pairs) pending.push({ pair, record });
          if (++pendingRecords >= REWRITE_BATCH_RECORDS) await flushRewrites();
        } else {
          pairs.forEach(emit);
        }
        await flushIfLarge();
      }
    }
    await flushRewrites();
    if (buffer) await file.write(buffer);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
  report.seconds = (performance.now() - started) / 1000;
  report.recordsPerSecond = report.seconds > 0 ? Math.round(report.records / report.seconds) : report.records;
  return report;
}
