import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { AtomicFile, tempPathFor, writeFileAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import type { Compression } from '../../../io/formats.js';
import { hfShardName, writeHfDatasetDict, writeHfDatasetMetadata } from '../../../io/hf-dataset.js';
import { toJsonlText } from '../../../io/jsonl.js';
import type { Rec } from '../../../io/record.js';
import { openRecordWriter, type RecordWriter } from '../../../io/writer.js';
import type { OutputFormat } from '../../../pipeline/spec.js';

/** Output files rotate after about this many bytes of text, like `save_to_disk`'s shards. */
const SHARD_BYTES = 500 * 1024 * 1024;
const BATCH = 1000;

/** One record added by surgery, as listed in provenance.jsonl. */
export interface ProvenanceRow {
  split: string | null;
  /** 0-based position of the record in its output split. */
  position: number;
  kind: 'duplicate' | 'insert';
  source_id: unknown;
  /** File the record was read from (relative to its data set) and its 0-based row there. */
  source_file: string;
  source_row: number;
  /** For duplicates: 1 for the first extra copy of a document, 2 for the second, ... */
  copy?: number;
}

/**
 * The folder a surgery command writes: `data/` (the new data set, one sub-folder per split),
 * `manifest.json` and `provenance.jsonl`. Everything is written into a temp folder beside the
 * target and renamed into place at the end, so the target holds a complete result or nothing;
 * an existing target is replaced only with `force`.
 */
export class SurgeryOutput {
  readonly target: string;
  private readonly staging: string;
  private readonly format: OutputFormat;
  private readonly splitFiles = new Map<string, string[]>();
  private readonly provenance: AtomicFile;

  private constructor(target: string, staging: string, format: OutputFormat, provenance: AtomicFile) {
    this.target = target;
    this.staging = staging;
    this.format = format;
    this.provenance = provenance;
  }

  /** Checks the target (new, empty, or replaceable with force) and that it lies outside every input. */
  static async create(target: string, format: OutputFormat, options: { force: boolean; inputs: string[] }): Promise<SurgeryOutput> {
    const out = resolve(target);
    for (const input of options.inputs.map((p) => resolve(p))) {
      // Inside an input it would be read back as data; around one, --force would delete it.
      if (out === input || input.startsWith(out + sep) || out.startsWith(input + sep)) {
        throw new WardenError('W_USAGE', `the output folder overlaps an input (${input}); choose a folder outside the inputs`, { where: target });
      }
    }
    if (existsSync(out) && !(await stat(out)).isDirectory()) throw new WardenError('W_USAGE', 'output exists and is a file; give a folder', { where: target });
    if (existsSync(out) && !options.force && (await readdir(out)).length > 0) {
      throw new WardenError('W_USAGE', 'output folder exists and is not empty; pass --force to replace it', { where: target });
    }
    await mkdir(dirname(out), { recursive: true });
    const staging = tempPathFor(out);
    await mkdir(join(staging, 'data'), { recursive: true });
    return new SurgeryOutput(out, staging, format, await AtomicFile.open(join(staging, 'provenance.jsonl')));
  }

  /** A writer for one split's records (split '' = a data set without splits). */
  async split(split: string): Promise<SplitWriter> {
    const names: string[] = [];
    this.splitFiles.set(split, names);
    return new SplitWriter(join(this.staging, 'data', split), this.format, names);
  }

  async addProvenance(rows: readonly ProvenanceRow[]): Promise<void> {
    if (rows.length) await this.provenance.write(toJsonlText(rows as unknown as Rec[]));
  }

  /** Writes HF metadata and the manifest, then moves the folder into place. */
  async commit<M extends Record<string, unknown>>(manifest: M): Promise<M & { output: { data: string; format: OutputFormat; files: string[] } }> {
    await this.provenance.commit();
    const files: string[] = [];
    const splits = [...this.splitFiles.keys()].filter(Boolean);
    for (const [split, names] of this.splitFiles) {
      const folder = join(this.staging, 'data', split);
      if (this.format === 'hf') await writeHfDatasetMetadata(folder, names, split || undefined);
      files.push(...names.map((n) => ['data', split, n].filter(Boolean).join('/')));
    }
    if (this.format === 'hf' && splits.length > 0) await writeHfDatasetDict(join(this.staging, 'data'), splits);
    const full = { ...manifest, output: { data: 'data', format: this.format, files } };
    await writeFileAtomic(join(this.staging, 'manifest.json'), JSON.stringify(full, null, 2) + '\n');
    await rm(this.target, { recursive: true, force: true });
    await rename(this.staging, this.target);
    return full;
  }

  async abort(): Promise<void> {
    await this.provenance.abort();
    await rm(this.staging, { recursive: true, force: true });
  }
}

/** Writes one split as shards of the output format, in batches, rotating at SHARD_BYTES. */
export class SplitWriter {
  private readonly dir: string;
  private readonly format: OutputFormat;
  private readonly names: string[];
  private readonly temps: string[] = [];
  private writer: RecordWriter | undefined;
  private batch: Rec[] = [];
  private bytes = 0;
  count = 0;

  constructor(dir: string, format: OutputFormat, names: string[]) {
    this.dir = dir;
    this.format = format;
    this.names = names;
  }

  async write(record: Rec): Promise<void> {
    this.batch.push(record);
    this.count++;
    const text = record.text;
    this.bytes += typeof text === 'string' ? text.length : 64;
    if (this.batch.length >= BATCH) await this.flush();
  }

  /** Closes the last shard and gives the shards their final names. */
  async close(): Promise<void> {
    await this.flush();
    if (!this.writer) await this.open();
    await this.writer!.close();
    this.writer = undefined;
    const ext = { jsonl: 'jsonl', 'jsonl.gz': 'jsonl.gz', 'jsonl.zst': 'jsonl.zst', parquet: 'parquet', hf: 'arrow' }[this.format];
    for (const [i, temp] of this.temps.entries()) {
      const name = this.format === 'hf' ? hfShardName(i, this.temps.length) : `part-${String(i).padStart(5, '0')}.${ext}`;
      await rename(temp, join(this.dir, name));
      this.names.push(name);
    }
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    if (!this.writer || this.bytes >= SHARD_BYTES) {
      await this.writer?.close();
      await this.open();
    }
    await this.writer!.write(this.batch);
    this.batch = [];
  }

  private async open(): Promise<void> {
    const temp = join(this.dir, `.partial-${this.temps.length}`);
    this.temps.push(temp);
    this.bytes = 0;
    this.writer = await openRecordWriter(temp, writerKind(this.format));
  }
}

function writerKind(format: OutputFormat): { format: 'jsonl' | 'parquet' | 'hf'; compression: Compression } {
  if (format === 'jsonl.gz') return { format: 'jsonl', compression: 'gzip' };
  if (format === 'jsonl.zst') return { format: 'jsonl', compression: 'zstd' };
  return { format, compression: 'none' };
}
