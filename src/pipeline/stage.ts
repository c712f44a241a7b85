import type { Logger } from '../core/log.js';
import type { FieldMap, OnError, Rec } from '../io/record.js';

/** What a stage sees of the shard it is working on. */
export interface ShardContext {
  readonly shard: string;
  readonly fields: FieldMap;
  readonly onError: OnError;
  readonly log: Logger;
  /** Records a record that `stage` removed on purpose, with why. */
  drop(stage: string, record: Rec, reason: string): void;
  /** Records a failure on one record: throws with `onError: 'fail'`, else sends it to rejects. */
  fail(stage: string, record: Rec | undefined, error: unknown): void;
}

/**
 * A pipeline step: maps an async iterable of record batches to another. `init` runs once per
 * worker before any shard (load a model there), `close` once at the end. A stage must not
 * keep state that makes one shard's output depend on another's: shards run in any order, on
 * any worker, and may be re-run.
 */
export interface Stage {
  readonly name: string;
  /**
   * True when the stage never changes a record it passes on (it only keeps or drops). When every
   * stage says so, JSONL output copies input lines byte for byte instead of re-serialising.
   */
  readonly preservesRecords?: boolean;
  init?(): Promise<void> | void;
  run(input: AsyncIterable<Rec[]>, ctx: ShardContext): AsyncIterable<Rec[]>;
  close?(): Promise<void> | void;
}

/**
 * A stage that changes or enriches one record at a time. Per-record errors go through
 * `ctx.fail`, so `--on-error skip` skips just that record.
 *
 * @example
 * class Upper extends MapStage {
 *   readonly name = 'upper';
 *   map(record: Rec) { return { ...record, upper: String(record.text).toUpperCase() }; }
 * }
 */
export abstract class MapStage implements Stage {
  abstract readonly name: string;
  abstract map(record: Rec, ctx: ShardContext): Rec;

  async *run(input: AsyncIterable<Rec[]>, ctx: ShardContext): AsyncIterable<Rec[]> {
    for await (const batch of input) {
      const out: Rec[] = [];
      for (const record of batch) {
        try {
          out.push(this.map(record, ctx));
        } catch (error) {
          ctx.fail(this.name, record, error);
        }
      }
      yield out;
    }
  }
}

export type Keep = true | { drop: string };

/**
 * A stage that only decides whether a record stays. The base class counts and records the
 * drops with their reasons; the subclass answers `keep`.
 *
 * @example
 * class NonEmpty extends FilterStage {
 *   readonly name = 'non-empty';
 *   keep(record: Rec) { return record.text ? true : { drop: 'empty text' }; }
 * }
 */
export abstract class FilterStage implements Stage {
  abstract readonly name: string;
  readonly preservesRecords = true;
  abstract keep(record: Rec, ctx: ShardContext): Keep;

  async *run(input: AsyncIterable<Rec[]>, ctx: ShardContext): AsyncIterable<Rec[]> {
    for await (const batch of input) {
      const out: Rec[] = [];
      for (const record of batch) {
        let verdict: Keep;
        try {
          verdict = this.keep(record, ctx);
        } catch (error) {
          ctx.fail(this.name, record, error);
          continue;
        }
        if (verdict === true) out.push(record);
        else ctx.drop(this.name, record, verdict.drop);
      }
      yield out;
    }
  }
}

/** The text of a record under the configured field map ('' when absent). */
export function textOf(record: Rec, fields: FieldMap): string {
  const value = record[fields.text];
  return typeof value === 'string' ? value : '';
}
