import type { ChatMessage } from '../../../llm/types.js';
import type { DatasetSchema } from '../schema.js';
import type { Rejection } from './check.js';
import type { PromptFile } from './prompt-file.js';

/** Rejections quoted back to the model in a follow-up; the rest are summarised by count. */
export const REJECTIONS_QUOTED = 12;

/**
 * The system message: the output contract every prompt file shares (one JSON object per line,
 * the schema's fields, nothing else).
 *
 * @example
 * systemMessage(DEFAULT_SCHEMA).content.includes('JSON Lines'); // true
 */
export function systemMessage(schema: DatasetSchema): ChatMessage {
  const fields = [schema.textField, schema.labelField, schema.segmentField, schema.languageField].filter((f): f is string => f !== undefined);
  return {
    role: 'system',
    content:
      'You write synthetic training data for a text classifier. Answer in JSON Lines: one JSON object per line, ' +
      `with exactly the fields ${fields.map((f) => `"${f}"`).join(', ')}. ` +
      'No prose before or after, no code fences around the lines, no numbering, no trailing commas. ' +
      'Inside the "text" value, newlines are written as \\n and double quotes as \\" so every object stays on one line.',
  };
}

/**
 * The first request of a prompt file: its body and the exact number of rows wanted. `part` and
 * `parts` tell the model which slice of a large request this is, so parallel requests do not
 * return the same rows.
 *
 * @example
 * firstMessages(prompt, DEFAULT_SCHEMA, 25, 1, 1).length; // 2 (system, user)
 */
export function firstMessages(prompt: PromptFile, schema: DatasetSchema, count: number, part: number, parts: number): ChatMessage[] {
  const slice =
    parts > 1
      ? `\n\nThis is request ${part} of ${parts} for this data set; the others are written separately. ` +
        `To keep the set diverse, walk every list of ideas above starting from its item number ${part} (wrapping round), so this part leans on different topics, shapes and tones than the others.`
      : '';
  return [
    systemMessage(schema),
    { role: 'user', content: `${prompt.body}${slice}\n\nWrite exactly ${count} JSON line${count === 1 ? '' : 's'} now, ${labelRule(prompt, schema)}.` },
  ];
}

/**
 * A follow-up after a round fell short: the previous answer stays in the conversation, and the
 * new message says how many rows are missing, which were rejected and why, and asks for exactly
 * the missing number.
 *
 * @example
 * followUpMessages(first, answer, 3, rejections, DEFAULT_SCHEMA).at(-1)!.content; // 'Write exactly 3 more ...'
 */
export function followUpMessages(
  conversation: readonly ChatMessage[],
  previousAnswer: string,
  missing: number,
  rejections: readonly Rejection[],
  schema: DatasetSchema,
  labelCounts?: Readonly<Record<string, number>>,
): ChatMessage[] {
  const quoted = rejections.slice(0, REJECTIONS_QUOTED).map((r) => `- line ${r.line}: ${r.reason}: ${r.message}`);
  const more = rejections.length > REJECTIONS_QUOTED ? [`- ... and ${rejections.length - REJECTIONS_QUOTED} more`] : [];
  const why = rejections.length
    ? `${rejections.length} row${rejections.length === 1 ? ' was' : 's were'} rejected:\n${[...quoted, ...more].join('\n')}\n\n`
    : 'Too few rows came back.\n\n';
  const fields = [schema.textField, schema.labelField, schema.segmentField, schema.languageField].filter(Boolean).join(', ');
  // A file that mixes labels: say what is kept so far, so the new rows even it out.
  const counts = labelCounts ? Object.entries(labelCounts) : [];
  const fewest = counts.length ? counts.reduce((a, b) => (b[1] < a[1] ? b : a)) : undefined;
  const balance = fewest ? `Rows kept so far by label: ${counts.map(([l, n]) => `${l} ${n}`).join(', ')}; favour "${fewest[0]}" in the new rows. ` : '';
  return [
    ...conversation,
    { role: 'assistant', content: previousAnswer },
    {
      role: 'user',
      content:
        `${why}${balance}Write exactly ${missing} more JSON line${missing === 1 ? '' : 's'} that follow every rule above (fields ${fields}), ` +
        'each different from all rows you already wrote. Only the JSON lines, nothing else.',
    },
  ];
}

function labelRule(prompt: PromptFile, schema: DatasetSchema): string {
  if (prompt.labels.length === 1) return `with "${schema.labelField}": "${prompt.labels[0]}" on every one`;
  return `each with "${schema.labelField}" set to ${prompt.labels.map((l) => `"${l}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')} by the rule above, in about equal numbers`;
}
