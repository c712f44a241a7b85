import { once } from 'node:events';
import { AtomicFile } from '../core/atomic.js';
import { WardenError } from '../core/errors.js';
import { compressor } from './compress.js';
import type { Compression, Format } from './formats.js';
import { toJsonlBytes } from './jsonl.js';
import { ArrowStreamWriter } from './arrow.js';
import { ParquetRecordWriter } from './parquet.js';
import type { Rec, RecordWriter, WriteSummary } from './record.js';

export type { RecordWriter, WriteSummary } from './record.js';

export interface OpenWriterOptions {
  format: Format;
  compression?: Compression;
}

/**
 * Opens an atomic writer for JSONL (plain, gzip, zstd), Parquet or an Arrow IPC stream (the
 * shard format of Hugging Face datasets).
 *
 * @example
 * const w = await openRecordWriter('out/a.jsonl.gz', { format: 'jsonl', compression: 'gzip' });
 * await w.write([{ id: '1', text: 'hi' }]);
 * await w.close();
 */
export async function openRecordWriter(path: string, options: OpenWriterOptions): Promise<RecordWriter> {
  const file = await AtomicFile.open(path);
  switch (options.format) {
    case 'jsonl':
      return new JsonlWriter(file, options.compression ?? 'none');
    case 'parquet':
      return new ParquetRecordWriter(file);
    case 'arrow':
    case 'hf':
      return new ArrowStreamWriter(file);
    default:
      await file.abort();
      throw new WardenError('W_IO_UNSUPPORTED', `cannot write format "${options.format}"`, { where: path });
  }
}

class JsonlWriter implements RecordWriter {
  private rows = 0;
  private bytes = 0;
  private readonly file: AtomicFile;
  private readonly zip: ReturnType<typeof compressor>;

  constructor(file: AtomicFile, compression: Compression) {
    this.file = file;
    this.zip = compressor(compression);
    if (this.zip) this.zip.pipe(file.stream);
  }

  get path(): string {
    return this.file.target;
  }

  async write(records: readonly Rec[], reuseRaw = false): Promise<void> {
    if (records.length === 0) return;
    const bytes = toJsonlBytes(records, reuseRaw);
    this.rows += records.length;
    this.bytes += bytes.length;
    if (!this.zip) return this.file.write(bytes);
    if (!this.zip.write(bytes)) await once(this.zip, 'drain');
  }

  async close(): Promise<WriteSummary> {
    if (this.zip) {
      // The compressor ends the file stream when it finishes; wait for both.
      const finished = once(this.file.stream, 'finish');
      this.zip.end();
      await finished;
    }
    await this.file.commit();
    return { path: this.file.target, rows: this.rows, bytes: this.bytes };
  }

  async abort(): Promise<void> {
    this.zip?.destroy();
    await this.file.abort();
  }
}
