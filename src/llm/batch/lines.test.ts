import { describe, expect, it } from 'vitest';
import { jsonLines } from './lines.js';

async function* pieces(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}

async function collect(source: AsyncIterable<Uint8Array>, max?: number): Promise<{ line: number; value: unknown }[]> {
  const out: { line: number; value: unknown }[] = [];
  for await (const entry of jsonLines(source, 'file-x', max)) out.push(entry);
  return out;
}

describe('jsonLines', () => {
  it('parses lines split anywhere, inside a UTF-8 character too, skipping blank lines', async () => {
    const bytes = new TextEncoder().encode('{"a":"é"}\n\n{"b":2}');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await collect(pieces(bytes.subarray(0, cut), bytes.subarray(cut, 12), bytes.subarray(12)))).toEqual([
      { line: 1, value: { a: 'é' } },
      { line: 3, value: { b: 2 } },
    ]);
  });

  it('names the file and line of a bad line, and bounds line length', async () => {
    await expect(collect(pieces('{"a":1}\nnot json\n'))).rejects.toThrow('file-x: line 2 of the batch result file is not JSON');
    await expect(collect(pieces('{"a":"', 'x'.repeat(100)), 50)).rejects.toMatchObject({ code: 'W_LLM_BATCH' });
  });
});
