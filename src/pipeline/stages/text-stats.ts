import { z } from 'zod';
import type { Rec } from '../../io/record.js';
import { MapStage, textOf, type ShardContext } from '../stage.js';

export const textStatsOptions = z.object({}).strict();

/**
 * Adds `stats: {chars, words, lines, non_ascii, digits, upper_ratio}` computed from the text
 * field: cheap signals later stages filter on.
 */
export class TextStatsStage extends MapStage {
  readonly name = 'text-stats';

  map(record: Rec, ctx: ShardContext): Rec {
    const text = textOf(record, ctx.fields);
    let words = 0;
    let lines = text.length > 0 ? 1 : 0;
    let nonAscii = 0;
    let digits = 0;
    let upper = 0;
    let letters = 0;
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const space = c === 32 || c === 9 || c === 10 || c === 13;
      if (c === 10) lines++;
      if (!space && !inWord) words++;
      inWord = !space;
      if (c > 127) nonAscii++;
      else if (c >= 48 && c <= 57) digits++;
      else if (c >= 65 && c <= 90) {
        upper++;
        letters++;
      } else if (c >= 97 && c <= 122) letters++;
    }
    record.stats = {
      chars: text.length,
      words,
      lines,
      non_ascii: nonAscii,
      digits,
      upper_ratio: letters ? Math.round((upper / letters) * 1000) / 1000 : 0,
    };
    return record;
  }
}
