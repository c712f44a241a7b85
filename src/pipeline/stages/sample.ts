import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Rec } from '../../io/record.js';
import { FilterStage, type Keep, type ShardContext } from '../stage.js';

export const sampleOptions = z
  .object({
    fraction: z.number().gt(0).max(1),
    seed: z.union([z.number(), z.string()]).default(0),
  })
  .strict();

/**
 * Keeps a deterministic fraction of records, decided by a hash of (seed, id): the same
 * records are kept whatever the shard plan, worker count or re-run.
 */
export class SampleStage extends FilterStage {
  readonly name = 'sample';
  private readonly threshold: number;
  private readonly seed: string;

  constructor(options: z.output<typeof sampleOptions>) {
    super();
    this.threshold = Math.floor(options.fraction * 0xffffffff);
    this.seed = String(options.seed);
  }

  keep(record: Rec, ctx: ShardContext): Keep {
    const digest = createHash('sha1').update(this.seed).update('\0').update(String(record[ctx.fields.id])).digest();
    return digest.readUInt32BE(0) <= this.threshold ? true : { drop: 'not sampled' };
  }
}
