import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import { parseConfigText } from '../../../core/config.js';
import { WardenError } from '../../../core/errors.js';
import { sha256 } from '../../../core/hash.js';
import { DEFAULT_SCHEMA, type DatasetSchema } from '../schema.js';

/**
 * A prompt file: Markdown with YAML front matter that says what the rows must be (label,
 * segment types, languages, how many), and a body sent to the model as the instructions.
 *
 * ```markdown
 * ---
 * label: educational          # or a list, for files that mix labels
 * segment_type: [code, text]
 * languages: [en]
 * samples: 25
 * description: Tutorials that show a dangerous command in order to warn against it.
 * ---
 * You write synthetic training rows for ...
 * ```
 */
export interface PromptFile {
  /** Output stem: the file name without `.md` (or the front matter's `name`). */
  name: string;
  /** The path as given (used in provenance). */
  path: string;
  /** sha256 of the file's bytes. */
  sha256: string;
  /** The label every row must carry; a list for files that mix labels (edge cases, multilingual). */
  labels: string[];
  /** Allowed segment types for rows of this file. */
  segmentTypes: string[];
  /** Allowed languages; undefined accepts any valid code. */
  languages: string[] | undefined;
  /** Rows wanted when --samples is not given. */
  samples: number;
  description: string;
  /** Rows asked for in one request. */
  perRequest: number;
  minChars: number;
  maxChars: number;
  temperature: number | undefined;
  /** The Markdown body after the front matter. */
  body: string;
}

/** Bounds on prompt files: big enough for any real prompt, small enough to read whole. */
export const MAX_PROMPT_BYTES = 256 * 1024;
export const DEFAULT_SAMPLES = 25;
export const DEFAULT_PER_REQUEST = 25;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const LANGUAGE = /^[a-z]{2}(?:-[A-Za-z0-9]{2,8})*$/;

function frontMatterSchema(schema: DatasetSchema) {
  const segment = z.string().refine((s) => schema.segmentTypes.includes(s), { message: `expected one of ${schema.segmentTypes.join('|')}` });
  const label = z.string().refine((l) => schema.labels.includes(l), { message: `expected one of ${schema.labels.join('|')}` });
  const language = z.string().regex(LANGUAGE, 'expected a language code like en or pt-BR');
  return z
    .strictObject({
      name: z.string().regex(NAME, 'letters, digits, ".", "_" and "-" only (it names the output file)').optional(),
      label: z.union([label, z.array(label).min(1)]),
      segment_type: z.union([segment, z.array(segment).min(1)]).optional(),
      language: language.optional(),
      languages: z.array(language).min(1).optional(),
      samples: z.number().int().min(1).max(100_000).optional(),
      per_request: z.number().int().min(1).max(200).optional(),
      min_chars: z.number().int().min(1).max(100_000).optional(),
      max_chars: z.number().int().min(1).max(100_000).optional(),
      temperature: z.number().min(0).max(2).optional(),
      description: z.string().min(1, 'must not be empty').max(2000),
    })
    .superRefine(function oneLanguageField(value, ctx) {
      if (value.language !== undefined && value.languages !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['languages'], message: 'give either "language" or "languages", not both' });
      }
      if (value.min_chars !== undefined && value.max_chars !== undefined && value.min_chars > value.max_chars) {
        ctx.addIssue({ code: 'custom', path: ['min_chars'], message: `is larger than max_chars (${value.max_chars})` });
      }
    });
}

/**
 * Parses a prompt file's text. Errors name the file, the line and the field
 * (W_CONFIG_PARSE for YAML syntax, W_CONFIG_INVALID for a bad or missing field).
 *
 * @example
 * const prompt = parsePromptFile('---\nlabel: text\ndescription: Clean answers.\n---\nWrite rows.', 'clean.md');
 * prompt.name; // 'clean'
 */
export function parsePromptFile(source: string, path: string, schema: DatasetSchema = DEFAULT_SCHEMA): PromptFile {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[0]?.trimEnd() !== '---') {
    throw new WardenError('W_CONFIG_INVALID', 'a prompt file starts with YAML front matter: a "---" line, fields such as label and description, and a closing "---" line', { where: `${path}:1` });
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === '---');
  if (close < 0) throw new WardenError('W_CONFIG_INVALID', 'the front matter opened on line 1 is never closed by a "---" line', { where: `${path}:1` });
  // A blank first line keeps YAML line numbers equal to the file's.
  const yaml = ['', ...lines.slice(1, close)].join('\n');
  const fm = parseConfigText(yaml, path, frontMatterSchema(schema));
  const body = lines.slice(close + 1).join('\n').trim();
  if (body === '') throw new WardenError('W_CONFIG_INVALID', 'the prompt body after the front matter is empty', { where: `${path}:${close + 2}` });
  const segments = fm.segment_type === undefined ? [...schema.segmentTypes] : typeof fm.segment_type === 'string' ? [fm.segment_type] : [...new Set(fm.segment_type)];
  const languages = fm.languages ?? (fm.language !== undefined ? [fm.language] : undefined);
  return {
    name: fm.name ?? basename(path, extname(path)),
    path,
    sha256: sha256(source),
    labels: typeof fm.label === 'string' ? [fm.label] : [...new Set(fm.label)],
    segmentTypes: segments,
    languages,
    samples: fm.samples ?? DEFAULT_SAMPLES,
    description: fm.description,
    perRequest: fm.per_request ?? DEFAULT_PER_REQUEST,
    minChars: fm.min_chars ?? 20,
    maxChars: fm.max_chars ?? 4000,
    temperature: fm.temperature,
    body,
  };
}

/**
 * Reads one prompt file from disk (bounded to MAX_PROMPT_BYTES).
 *
 * @example
 * const prompt = await readPromptFile('prompts/preclassifier/clean-text.md');
 */
export async function readPromptFile(path: string, schema: DatasetSchema = DEFAULT_SCHEMA): Promise<PromptFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', `cannot read prompt file: ${(cause as Error).message}`, { where: path, cause });
  }
  if (bytes.length > MAX_PROMPT_BYTES) throw new WardenError('W_CONFIG_INVALID', `prompt file is ${bytes.length} bytes; the limit is ${MAX_PROMPT_BYTES}`, { where: path });
  return parsePromptFile(bytes.toString('utf8'), path, schema);
}

/**
 * Expands `--prompts` arguments (files, or directories whose `*.md` files are taken in name
 * order) and reads every prompt file. Two files with the same name would write the same output,
 * so that is an error.
 *
 * @example
 * const prompts = await loadPrompts(['prompts/preclassifier']);
 * prompts.map((p) => p.name); // ['advanced-educational', 'clean-text', ...]
 */
export async function loadPrompts(inputs: readonly string[], schema: DatasetSchema = DEFAULT_SCHEMA): Promise<PromptFile[]> {
  const paths: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new WardenError('W_IO_NOT_FOUND', 'no such prompt file or directory', { where: input });
    if (statSync(input).isDirectory()) {
      const names = (await readdir(input)).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
      if (names.length === 0) throw new WardenError('W_USAGE', 'the directory holds no .md prompt files', { where: input });
      paths.push(...names.map((n) => join(input, n)));
    } else paths.push(input);
  }
  const prompts: PromptFile[] = [];
  const seen = new Map<string, string>();
  for (const path of paths) {
    const prompt = await readPromptFile(path, schema);
    const other = seen.get(prompt.name);
    if (other !== undefined) {
      if (other === path) continue;
      throw new WardenError('W_USAGE', `two prompt files are named "${prompt.name}" (${other} and ${path}); each writes <out>/${prompt.name}.jsonl, so rename one`);
    }
    seen.set(prompt.name, path);
    prompts.push(prompt);
  }
  return prompts;
}
