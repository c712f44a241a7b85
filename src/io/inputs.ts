import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { WardenError } from '../core/errors.js';
import { detectFileKind, type FileKind } from './formats.js';

export interface InputFile extends FileKind {
  path: string;
  /** Path relative to its input root, with '/' separators: used in derived ids and output names. */
  rel: string;
  size: number;
  /** Hugging Face split name when the file belongs to a DatasetDict split. */
  split?: string;
}

export interface ResolveOptions {
  /** DatasetDict splits to read; all when absent. */
  splits?: string[] | undefined;
}

/**
 * Expands input specs (files, directories, quoted globs, Hugging Face dataset folders) into a
 * sorted, de-duplicated list of files. Order is deterministic so shard plans are too.
 *
 * @example
 * const files = await resolveInputs(['data/train'], { splits: ['train'] });
 */
export async function resolveInputs(specs: string[], options: ResolveOptions = {}): Promise<InputFile[]> {
  if (specs.length === 0) throw new WardenError('W_USAGE', 'no input given (use --input PATH)');
  const out: InputFile[] = [];
  for (const spec of specs) out.push(...(await resolveOne(spec, options)));
  const seen = new Set<string>();
  const unique = out.filter((file) => (seen.has(file.path) ? false : (seen.add(file.path), true)));
  if (unique.length === 0) throw new WardenError('W_IO_NOT_FOUND', 'no readable data files found', { where: specs.join(', ') });
  return unique;
}

async function resolveOne(spec: string, options: ResolveOptions): Promise<InputFile[]> {
  if (!existsSync(spec) && isDynamicPattern(spec)) {
    const matches = (await glob(spec, { absolute: true, onlyFiles: true, dot: false })).sort();
    if (matches.length === 0) throw new WardenError('W_IO_NOT_FOUND', 'glob matched no files', { where: spec });
    const root = globRoot(spec);
    return Promise.all(matches.filter((p) => detectFileKind(p)).map((p) => fileEntry(p, root)));
  }
  let info;
  try {
    info = await stat(spec);
  } catch {
    throw new WardenError('W_IO_NOT_FOUND', 'no such file or directory', { where: spec });
  }
  const path = resolve(spec);
  if (info.isFile()) {
    const kind = detectFileKind(path);
    if (!kind) throw new WardenError('W_IO_UNSUPPORTED', 'cannot tell the format from the file name', { where: spec });
    return [{ ...kind, path, rel: basenameOf(path), size: info.size }];
  }
  if (existsSync(join(path, 'dataset_dict.json'))) return datasetDictFiles(path, options);
  if (existsSync(join(path, 'state.json'))) return datasetFiles(path, path, undefined);
  if (options.splits?.length) {
    throw new WardenError('W_IO_MISSING_SPLIT', '--splits was given but the folder is not a DatasetDict (no dataset_dict.json)', { where: spec });
  }
  const files = await listFiles(path);
  return Promise.all(files.filter((p) => detectFileKind(p)).map((p) => fileEntry(p, path)));
}

async function fileEntry(path: string, root: string): Promise<InputFile> {
  const kind = detectFileKind(path)!;
  const { size } = await stat(path);
  return { ...kind, path, rel: relative(root, path).split(sep).join('/'), size };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

interface DatasetState {
  _data_files?: { filename: string }[];
  _split?: string | null;
}

/** A `save_to_disk` Dataset folder: its Arrow shards in the order state.json lists them. */
export async function datasetFiles(dir: string, root: string, split: string | undefined): Promise<InputFile[]> {
  const state = await readJson<DatasetState>(join(dir, 'state.json'));
  const files = state._data_files;
  if (!Array.isArray(files) || files.some((f) => typeof f?.filename !== 'string')) {
    throw new WardenError('W_IO_BAD_DATASET', 'state.json has no valid "_data_files" list', { where: join(dir, 'state.json') });
  }
  const out: InputFile[] = [];
  for (const { filename } of files) {
    const path = join(dir, filename);
    if (filename.includes('..') || !existsSync(path)) {
      throw new WardenError('W_IO_BAD_DATASET', `data file listed in state.json is missing: ${filename}`, { where: dir });
    }
    const entry = await fileEntry(path, root);
    entry.format = 'arrow';
    entry.compression = 'none';
    const name = split ?? state._split ?? undefined;
    if (name) entry.split = name;
    out.push(entry);
  }
  return out;
}

async function datasetDictFiles(dir: string, options: ResolveOptions): Promise<InputFile[]> {
  const dict = await readJson<{ splits?: unknown }>(join(dir, 'dataset_dict.json'));
  if (!Array.isArray(dict.splits) || dict.splits.some((s) => typeof s !== 'string')) {
    throw new WardenError('W_IO_BAD_DATASET', 'dataset_dict.json has no "splits" list', { where: join(dir, 'dataset_dict.json') });
  }
  const available = dict.splits as string[];
  const wanted = options.splits?.length ? options.splits : available;
  for (const split of wanted) {
    if (!available.includes(split)) {
      throw new WardenError('W_IO_MISSING_SPLIT', `split "${split}" not found; available: ${available.join(', ')}`, { where: dir });
    }
  }
  const out: InputFile[] = [];
  for (const split of wanted) {
    const splitDir = join(dir, split);
    if (!existsSync(join(splitDir, 'state.json'))) {
      throw new WardenError('W_IO_BAD_DATASET', `split folder "${split}" has no state.json`, { where: splitDir });
    }
    out.push(...(await datasetFiles(splitDir, dir, split)));
  }
  return out;
}

async function readJson<T>(path: string): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (cause) {
    throw new WardenError('W_IO_BAD_DATASET', `cannot read JSON: ${(cause as Error).message}`, { where: path, cause });
  }
}

function globRoot(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts) {
    if (isDynamicPattern(part)) break;
    fixed.push(part);
  }
  return resolve(fixed.join('/') || '.');
}

function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf(sep) + 1);
}
