import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { buildEvalIndex, contaminationOf } from './decontaminate.js';

let dir = '';
useTempDir((path) => (dir = path));

const question = 'Which flaw lets a remote attacker overflow the fixed stack buffer of the legacy FTP daemon with a long USER command?';

describe('decontamination (13-gram overlap)', () => {
  it('flags a text sharing 13 consecutive words with an eval record and names the eval file', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    await writeFile(a, JSON.stringify({ prompt: 'unrelated evaluation text about phishing awareness training for the staff of a small company today' }) + '\n');
    await writeFile(b, '\n' + JSON.stringify({ item: { question, choices: ['A', 'B'] } }) + '\n');
    const index = await buildEvalIndex([a, b]);
    expect(index.records).toBe(2);
    // 13 words of the question, with different case and punctuation.
    const leaked = 'Training data: REMOTE attacker, overflow the fixed stack buffer of the legacy FTP daemon with a long user command.';
    expect(index.files[contaminationOf(leaked, index)]).toBe(b);
    // 12 consecutive words only: not contamination.
    expect(contaminationOf('attacker overflow the fixed stack buffer of the legacy FTP daemon with', index)).toBe(-1);
  });

  it('skips eval texts shorter than 13 words and counts them', async () => {
    const file = join(dir, 'short.jsonl');
    await writeFile(file, JSON.stringify({ q: 'What is XSS?', a: 'Cross-site scripting.' }) + '\n');
    const index = await buildEvalIndex([file]);
    expect(index.grams.size).toBe(0);
    expect(index.shortTexts).toBe(2);
    expect(contaminationOf('What is XSS? Cross-site scripting.', index)).toBe(-1);
  });

  it('fails with file:line on a malformed eval line and W_IO_NOT_FOUND on a missing file', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, JSON.stringify({ q: question }) + '\n{oops\n');
    const error = await expectWardenError(buildEvalIndex([file]));
    expect(error.code).toBe('W_IO_BAD_JSONL');
    expect(error.message).toContain(`${file}:2`);
    expect((await expectWardenError(buildEvalIndex([join(dir, 'missing.jsonl')]))).code).toBe('W_IO_NOT_FOUND');
  });
});
