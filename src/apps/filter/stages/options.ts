import type { z } from 'zod';
import { WardenError } from '../../../core/errors.js';

/**
 * Validates a stage's `with:` options, naming the stage and field on failure.
 *
 * @example
 * parseStageOptions(blocklistStageOptions, { terms_file: 'terms.txt' }, 'blocklist').min_distinct_terms; // 2
 */
export function parseStageOptions<S extends z.ZodType>(schema: S, options: Record<string, unknown>, stage: string): z.output<S> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new WardenError('W_CONFIG_INVALID', `stage "${stage}": field "with.${issue.path.join('.')}": ${issue.message}`);
}
