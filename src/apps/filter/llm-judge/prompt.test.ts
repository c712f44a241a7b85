import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../core/hash.js';
import { DEFAULT_PROMPT } from './default-prompt.js';
import { loadPromptTemplate, MAX_TEMPLATE_BYTES, parsePromptTemplate, renderPrompt } from './prompt.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-llm-prompt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prompt templates', () => {
  it('ships a built-in template with one {{text}} slot that asks for 0 or 1', async () => {
    const template = await loadPromptTemplate(undefined);
    expect(template.source).toBe('built-in');
    expect(template.sha256).toBe(sha256(DEFAULT_PROMPT));
    expect(template.pieces).toHaveLength(2);
    const { prompt } = renderPrompt(template, 'DOCUMENT BODY', 12_000);
    expect(prompt).toContain('<document>\nDOCUMENT BODY\n</document>');
    expect(prompt).toMatch(/0 or 1/);
  });

  it('loads a file, fills every {{text}} (spaces allowed) and never expands placeholders inside the document', async () => {
    const file = join(dir, 'p.txt');
    await writeFile(file, 'A: {{text}}\nB: {{ text }}\n');
    const template = await loadPromptTemplate(file);
    expect(template.source).toBe(file);
    expect(renderPrompt(template, 'doc {{text}}', 100).prompt).toBe('A: doc {{text}}\nB: doc {{text}}\n');
  });

  it('cuts the document to max_chars, never inside a surrogate pair', () => {
    const template = parsePromptTemplate('[{{text}}]', 'inline');
    expect(renderPrompt(template, 'abcdef', 3)).toEqual({ prompt: '[abc]', text: 'abc', truncated: true });
    expect(renderPrompt(template, 'abc', 3)).toEqual({ prompt: '[abc]', text: 'abc', truncated: false });
    const cut = renderPrompt(template, 'ab😀cd', 3);
    expect(cut.text).toBe('ab');
    expect(cut.truncated).toBe(true);
  });

  it('rejects templates without {{text}}, with unknown or unclosed placeholders, naming file and line', async () => {
    const file = join(dir, 'bad.txt');
    await writeFile(file, 'line one\nJudge {{document}}\n');
    await expect(loadPromptTemplate(file)).rejects.toMatchObject({ code: 'W_CONFIG_INVALID', message: expect.stringContaining(`${file}: line 2: unknown placeholder {{document}}`) });
    expect(() => parsePromptTemplate('no slot here', 'x.txt')).toThrow(/x.txt: the template has no \{\{text\}\}/);
    expect(() => parsePromptTemplate('a\nb\n{{text', 'y.txt')).toThrow(/y.txt: line 3: "\{\{" without a closing/);
  });

  it('rejects a missing, oversized or non-UTF-8 file', async () => {
    await expect(loadPromptTemplate(join(dir, 'missing.txt'))).rejects.toMatchObject({ code: 'W_IO_NOT_FOUND' });
    const big = join(dir, 'big.txt');
    await writeFile(big, '{{text}}' + 'x'.repeat(MAX_TEMPLATE_BYTES));
    await expect(loadPromptTemplate(big)).rejects.toThrow(/limit is 65536/);
    const binary = join(dir, 'bin.txt');
    await writeFile(binary, Buffer.from([0x7b, 0x7b, 0x74, 0x65, 0x78, 0x74, 0x7d, 0x7d, 0xff, 0xfe]));
    await expect(loadPromptTemplate(binary)).rejects.toThrow(/not valid UTF-8/);
  });
});
