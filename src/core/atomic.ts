import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WardenError } from './errors.js';

/** A temp path beside `target` (same file system, so rename is atomic). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.tmp-${basename(target)}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Writes a whole file atomically: readers see the old content or the new, never a part.
 *
 * @example
 * await writeFileAtomic('out/manifest.json', JSON.stringify(manifest));
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (cause) {
    await rm(temp, { force: true });
    throw new WardenError('W_IO_WRITE', `cannot write file: ${(cause as Error).message}`, { where: target, cause });
  }
}

/**
 * A streaming file that appears at `target` only when `commit()` succeeds; `abort()` (or a
 * crash) leaves at most a `.tmp-*` file behind, which the run directory cleans up.
 */
export class AtomicFile {
  readonly target: string;
  readonly temp: string;
  readonly stream: WriteStream;
  private failure: Error | undefined;

  private constructor(target: string) {
    this.target = target;
    this.temp = tempPathFor(target);
    this.stream = createWriteStream(this.temp, { highWaterMark: 8 << 20 });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  static async open(target: string): Promise<AtomicFile> {
    await mkdir(dirname(target), { recursive: true });
    return new AtomicFile(target);
  }

  /** Writes a chunk, waiting for drain so memory stays bounded. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.wrap(this.failure);
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.stream.off('error', onError);
          resolve();
        };
        const onError = (error: Error) => {
          this.stream.off('drain', onDrain);
          reject(this.wrap(error));
        };
        this.stream.once('drain', onDrain);
        this.stream.once('error', onError);
      });
    }
  }

  async commit(): Promise<void> {
    // A piped compressor may already have ended the stream; end() again would be an error.
    if (!this.stream.writableEnded) {
      await new Promise<void>((resolve, reject) => {
        this.stream.end((error?: Error | null) => (error ? reject(this.wrap(error)) : resolve()));
      });
    }
    if (!this.stream.closed) await once(this.stream, 'close');
    if (this.failure) throw this.wrap(this.failure);
    await rename(this.temp, this.target);
  }

  async abort(): Promise<void> {
    // The stream opens its file asynchronously: wait for it to close, or an open that lands
    // after the rm would leave the temp file behind.
    this.stream.destroy();
    if (!this.stream.closed) await once(this.stream, 'close');
    await rm(this.temp, { force: true });
  }

  private wrap(cause: Error): WardenError {
    return new WardenError('W_IO_WRITE', `cannot write file: ${cause.message}`, { where: this.target, cause });
  }
}

/**
 * Writes every line of `lines` (each followed by '\n') to `target` atomically: the file appears
 * only when the last line is written, and a failure leaves no trace. Returns the line count.
 *
 * @example
 * const n = await writeLinesAtomic('out/records.jsonl', (async function* () { yield '{"id":1}'; })());
 */
export async function writeLinesAtomic(target: string, lines: AsyncIterable<string> | Iterable<string>): Promise<number> {
  const file = await AtomicFile.open(target);
  let n = 0;
  try {
    for await (const line of lines) {
      await file.write(line + '\n');
      n++;
    }
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
  return n;
}
