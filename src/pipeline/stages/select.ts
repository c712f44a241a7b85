import { z } from 'zod';
import type { Rec } from '../../io/record.js';
import { MapStage } from '../stage.js';

export const selectOptions = z
  .object({
    fields: z.array(z.string().min(1)).min(1),
  })
  .strict();

/** Keeps only the listed fields (in that order), e.g. to shape the output schema. */
export class SelectStage extends MapStage {
  readonly name = 'select';
  private readonly fields: string[];

  constructor(options: z.output<typeof selectOptions>) {
    super();
    this.fields = options.fields;
  }

  map(record: Rec): Rec {
    const out: Rec = {};
    for (const field of this.fields) if (field in record) out[field] = record[field];
    return out;
  }
}
