import { z } from 'zod';
import type { Rec } from '../../io/record.js';
import { FilterStage, textOf, type Keep, type ShardContext } from '../stage.js';

export const lengthFilterOptions = z
  .object({
    min_chars: z.number().int().min(0).default(0),
    max_chars: z.number().int().positive().default(Number.MAX_SAFE_INTEGER),
    min_words: z.number().int().min(0).default(0),
  })
  .strict();

/** Drops records whose text is shorter or longer than the limits. */
export class LengthFilterStage extends FilterStage {
  readonly name = 'length-filter';
  private readonly options: z.output<typeof lengthFilterOptions>;

  constructor(options: z.output<typeof lengthFilterOptions>) {
    super();
    this.options = options;
  }

  keep(record: Rec, ctx: ShardContext): Keep {
    const text = textOf(record, ctx.fields);
    const { min_chars, max_chars, min_words } = this.options;
    if (text.length < min_chars) return { drop: `shorter than ${min_chars} chars` };
    if (text.length > max_chars) return { drop: `longer than ${max_chars} chars` };
    if (min_words > 0 && countWords(text) < min_words) return { drop: `fewer than ${min_words} words` };
    return true;
  }
}

function countWords(text: string): number {
  const matches = text.match(/\S+/g);
  return matches ? matches.length : 0;
}
