import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { WardenError } from './errors.js';

export interface LoadedConfig<T> {
  value: T;
  /** The raw text, for hashing into a run manifest. */
  source: string;
  file: string;
}

export interface LoadConfigOptions {
  /**
   * Environment variables with this prefix override fields: `PREFIX_WORKERS=4` sets
   * `workers`, and `__` nests (`PREFIX_OUTPUT__FORMAT=parquet` sets `output.format`).
   */
  envPrefix?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads a YAML or JSON config file and validates it with a zod schema. Every error names the
 * file, the line and the field, so users can fix it without guessing.
 *
 * @example
 * const schema = z.object({ workers: z.number().int().positive().default(2) });
 * const { value } = await loadConfigFile('pipeline.yaml', schema, { envPrefix: 'WARDEN_RUN_' });
 */
export async function loadConfigFile<S extends z.ZodType>(
  file: string,
  schema: S,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig<z.output<S>>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', `cannot read config: ${(cause as Error).message}`, { where: file, cause });
  }
  const value = parseConfigText(source, file, schema, options);
  return { value, source, file };
}

/** Parses and validates config text; `file` is used in messages only. */
export function parseConfigText<S extends z.ZodType>(
  source: string,
  file: string,
  schema: S,
  options: LoadConfigOptions = {},
): z.output<S> {
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2, so one parser gives positions for both formats.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [firstError] = doc.errors;
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    const kind = extname(file) === '.json' ? 'JSON' : 'YAML';
    throw new WardenError('W_CONFIG_PARSE', `invalid ${kind}: ${firstError.message.split('\n')[0]}`, {
      where: `${file}:${line}:${col}`,
    });
  }
  const raw = doc.toJS() ?? {};
  const merged = applyEnvOverrides(raw, options.envPrefix, options.env ?? process.env);
  const result = schema.safeParse(merged);
  if (result.success) return result.data;
  const messages = result.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String);
    const line = lineOf(doc, lineCounter, path);
    const field = path.length ? path.join('.') : '(root)';
    return `${file}${line ? `:${line}` : ''}: field "${field}": ${issue.message}`;
  });
  throw new WardenError('W_CONFIG_INVALID', `invalid config\n  ${messages.join('\n  ')}`);
}

/**
 * The line of the deepest key that exists on `path`: the field itself, or for a missing field
 * the key of its nearest parent (not the parent's first child, which is where its value starts).
 */
function lineOf(doc: Document, counter: LineCounter, path: string[]): number | undefined {
  let node: unknown = doc.contents;
  let line = isNode(node) && node.range ? counter.linePos(node.range[0]).line : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      if (isNode(pair.key) && pair.key.range) line = counter.linePos(pair.key.range[0]).line;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (!isNode(item) || !item.range) break;
      line = counter.linePos(item.range[0]).line;
      node = item;
    } else break;
  }
  return line;
}

export function applyEnvOverrides(raw: unknown, prefix: string | undefined, env: NodeJS.ProcessEnv): unknown {
  if (!prefix) return raw;
  const root = (raw && typeof raw === 'object' ? structuredClone(raw) : {}) as Record<string, unknown>;
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith(prefix) || text === undefined) continue;
    const path = name.slice(prefix.length).toLowerCase().split('__');
    let node = root;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = parseEnvValue(text);
  }
  return root;
}

function parseEnvValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}
