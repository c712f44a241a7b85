import { WardenError } from '../../core/errors.js';

/** Longest result line accepted (one chat completion with its metadata). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * The JSON lines of a streamed body (a batch output or error file), parsed one at a time, so a
 * 200 MB result file is never held whole. Blank lines are skipped; a line over `maxLineBytes`
 * or one that does not parse raises W_LLM_BATCH naming the file and line.
 *
 * @example
 * for await (const { line, value } of jsonLines(response.body, 'file-abc')) console.log(line, value);
 */
export async function* jsonLines(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null, where: string, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<{ line: number; value: unknown }> {
  if (!body) return;
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let line = 0;
  const parse = (text: string): { line: number; value: unknown } | undefined => {
    line++;
    const trimmed = text.trim();
    if (!trimmed) return undefined;
    try {
      return { line, value: JSON.parse(trimmed) as unknown };
    } catch {
      throw new WardenError('W_LLM_BATCH', `line ${line} of the batch result file is not JSON`, { where });
    }
  };
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let start = 0;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const parsed = parse(buffer.slice(start, newline));
      if (parsed) yield parsed;
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
    if (buffer.length > maxLineBytes) throw new WardenError('W_LLM_BATCH', `line ${line + 1} of the batch result file is longer than ${maxLineBytes} bytes`, { where });
  }
  buffer += decoder.decode();
  const last = parse(buffer);
  if (last) yield last;
}
