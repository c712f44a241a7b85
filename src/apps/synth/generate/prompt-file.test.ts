import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { DEFAULT_SCHEMA } from '../schema.js';
import { checkGenerated } from './check.js';
import { loadPrompts, parsePromptFile } from './prompt-file.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-prompts-');

const SHIPPED = join(import.meta.dirname, '..', '..', '..', '..', 'prompts', 'preclassifier');

describe('parsePromptFile', () => {
  it('reads front matter and body', () => {
    const prompt = parsePromptFile('---\nlabel: command\nsegment_type: code\nlanguages: [de, fr]\nsamples: 40\ndescription: Hand-overs.\n---\n\nWrite rows.\n', 'p/hand-overs.md');
    expect(prompt).toMatchObject({ name: 'hand-overs', labels: ['command'], segmentTypes: ['code'], languages: ['de', 'fr'], samples: 40, body: 'Write rows.' });
    expect(prompt.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names file, line and field for a bad value', () => {
    const source = '---\ndescription: x\nlabel: educational\nsamples: -3\n---\nbody\n';
    expect(() => parsePromptFile(source, 'bad.md')).toThrow(/bad\.md:4: field "samples"/);
  });

  it('names an unknown field (a typo) with its line', () => {
    expect(() => parsePromptFile('---\nlabel: text\ndescription: x\nlanguage: en\nsegmnet_type: code\n---\nbody', 'typo.md')).toThrow(/typo\.md.*segmnet_type/s);
  });

  it('rejects a label outside the schema, a missing description, both language fields', () => {
    expect(() => parsePromptFile('---\nlabel: malicious\ndescription: x\n---\nbody', 'l.md')).toThrow(/l\.md:2: field "label"/);
    expect(() => parsePromptFile('---\nlabel: text\n---\nbody', 'd.md')).toThrow(/d\.md.*field "description"/);
    expect(() => parsePromptFile('---\nlabel: text\ndescription: x\nlanguage: en\nlanguages: [de]\n---\nbody', 'both.md')).toThrow(/both\.md:5: field "languages"/);
  });

  it('reports YAML syntax errors and missing front matter or body with a line', () => {
    expect(() => parsePromptFile('---\nlabel: [text\ndescription: x\n---\nbody', 'y.md')).toThrow(/y\.md:\d+:\d+: invalid YAML/);
    expect(() => parsePromptFile('Write rows.', 'none.md')).toThrow(/none\.md:1: a prompt file starts with YAML front matter/);
    expect(() => parsePromptFile('---\nlabel: text\n', 'open.md')).toThrow(/open\.md:1: .*never closed/);
    expect(() => parsePromptFile('---\nlabel: text\ndescription: x\n---\n\n', 'empty.md')).toThrow(/empty\.md:5: the prompt body/);
  });
});

describe('loadPrompts', () => {
  it('expands directories in name order and refuses two files with one output name', async () => {
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, 'b'));
    const file = (label: string) => `---\nlabel: ${label}\ndescription: x\n---\nbody\n`;
    await writeFile(join(dir, 'a', 'z.md'), file('text'));
    await writeFile(join(dir, 'a', 'm.md'), file('command'));
    await writeFile(join(dir, 'a', 'README.md'), '# not a prompt');
    expect((await loadPrompts([join(dir, 'a')])).map((p) => p.name)).toEqual(['m', 'z']);
    await writeFile(join(dir, 'b', 'z.md'), file('text'));
    const error = await expectWardenError(loadPrompts([join(dir, 'a'), join(dir, 'b')]));
    expect(error.message).toContain('two prompt files are named "z"');
    expect((await expectWardenError(loadPrompts([join(dir, 'missing')]))).code).toBe('W_IO_NOT_FOUND');
  });
});

describe('the shipped pre-classifier prompt files', () => {
  it('are seven, parse, and cover all three labels', async () => {
    const prompts = await loadPrompts([SHIPPED]);
    expect(prompts.map((p) => p.name)).toEqual([
      'advanced-educational',
      'clean-text',
      'edge-cases',
      'educational-security',
      'malicious-commands',
      'multilingual',
      'sophisticated-commands',
    ]);
    expect(new Set(prompts.flatMap((p) => p.labels))).toEqual(new Set(['educational', 'command', 'text']));
    expect(prompts.find((p) => p.name === 'multilingual')!.languages!.length).toBeGreaterThanOrEqual(5);
    for (const p of prompts) {
      expect(p.body.length, p.name).toBeGreaterThan(1500);
      // Every prompt asks for the training schema and for placeholder hosts.
      for (const word of ['"text"', 'segment_type', 'language', 'JSON']) expect(p.body, `${p.name}: ${word}`).toContain(word);
      expect(p.body, p.name).toMatch(/\.example|203\.0\.113/);
    }
  });

  it('hold example rows that pass their own checks', async () => {
    for (const prompt of await loadPrompts([SHIPPED])) {
      const examples = prompt.body.split('\n').filter((line) => line.startsWith('{"text"'));
      expect(examples.length, prompt.name).toBeGreaterThan(0);
      for (const line of examples) {
        const check = checkGenerated(JSON.parse(line), 1, prompt, DEFAULT_SCHEMA);
        expect(check.ok ? 'ok' : check.rejection.message, `${prompt.name}: ${line.slice(0, 60)}`).toBe('ok');
      }
    }
  });
});
