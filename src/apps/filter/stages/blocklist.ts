import { z } from 'zod';
import { WardenError } from '../../../core/errors.js';
import { createBlocklistDetector } from '../../../detect/blocklist/index.js';
import type { Rec } from '../../../io/record.js';
import type { ShardContext, Stage } from '../../../pipeline/stage.js';
import type { AhoCorasick } from '../../../text/aho-corasick.js';
import { judgmentsOf, reachesStage, FILTER_NAMES, LLM_ERROR_POLICIES } from '../judgment.js';
import { loadTermList } from '../terms.js';
import { parseStageOptions } from './options.js';

export const blocklistStageOptions = z
  .object({
    terms_file: z.string().min(1),
    /** sha256 of the term file when the run was planned; a different file fails the run. */
    terms_sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    min_distinct_terms: z.number().int().min(1).max(10_000).default(2),
    word_boundaries: z.boolean().default(false),
    previous: z.enum(FILTER_NAMES).nullable().default(null),
    on_llm_error: z.enum(LLM_ERROR_POLICIES).default('flag'),
  })
  .strict();
export type BlocklistStageOptions = z.input<typeof blocklistStageOptions>;

/**
 * Cascade stage 1 (usually): the detection engine's Aho-Corasick blocklist over the record's
 * text, counting DISTINCT terms (case-insensitive, optional whole words). Escalates a record
 * with at least `min_distinct_terms` of them; passes every record on (the decision is made at
 * the end of the cascade).
 */
class BlocklistStage implements Stage {
  readonly name = 'blocklist';
  // Records leave the cascade as they came in: the decision stage strips the judgments again.
  readonly preservesRecords = true;
  private readonly options: z.output<typeof blocklistStageOptions>;
  private terms: readonly string[] = [];
  private matcher: AhoCorasick | undefined;
  private seen = new Uint8Array(0);
  private found: number[] = [];
  private readonly onMatch = (term: number): void => {
    if (this.seen[term]) return;
    this.seen[term] = 1;
    this.found.push(term);
  };

  constructor(options: z.output<typeof blocklistStageOptions>) {
    this.options = options;
  }

  async init(): Promise<void> {
    const list = await loadTermList(this.options.terms_file);
    if (this.options.terms_sha256 && list.sha256 !== this.options.terms_sha256) {
      throw new WardenError('W_RUN_MISMATCH', 'the blocklist changed since the run was planned', { where: this.options.terms_file });
    }
    this.terms = list.terms;
    this.matcher = createBlocklistDetector(list.terms, { wordBoundaries: this.options.word_boundaries, threshold: this.options.min_distinct_terms }).matcher;
    this.seen = new Uint8Array(list.terms.length);
  }

  async *run(input: AsyncIterable<Rec[]>, ctx: ShardContext): AsyncIterable<Rec[]> {
    if (!this.matcher) await this.init();
    const matcher = this.matcher!;
    const { previous, on_llm_error: policy, min_distinct_terms: needed } = this.options;
    const field = ctx.fields.text;
    for await (const batch of input) {
      for (const record of batch) {
        if (!reachesStage(record, previous, policy)) continue;
        const started = performance.now();
        const text = record[field];
        this.found = [];
        if (typeof text === 'string') matcher.scanText(text, this.onMatch);
        const found = this.found;
        for (const term of found) this.seen[term] = 0;
        judgmentsOf(record).blocklist = {
          terms: found.map((t) => this.terms[t]!),
          distinct: found.length,
          escalate: found.length >= needed,
          ms: performance.now() - started,
        };
      }
      yield batch;
    }
  }
}

/**
 * Stage factory for `module:` stage references (worker threads build it from plain data);
 * the executor's `init()` loads the term file once per worker.
 *
 * @example
 * const stage = createBlocklistStage({ terms_file: 'terms.txt', min_distinct_terms: 2 });
 */
export function createBlocklistStage(options: Record<string, unknown>): Stage {
  return new BlocklistStage(parseStageOptions(blocklistStageOptions, options, 'blocklist'));
}
