import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable, Transform, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { DecompressStream, CompressStream } from 'zstd-napi';
import { WardenError } from '../core/errors.js';
import type { Compression } from './formats.js';

export interface ByteRange {
  start: number;
  /** Exclusive. */
  end: number;
}

const READ_CHUNK = 4 << 20;

/**
 * The decompressed bytes of a file as an async iterable of Buffers. A byte range is only
 * allowed on uncompressed files (compressed streams cannot be entered mid-way).
 */
export async function* readBytes(path: string, compression: Compression, range?: ByteRange): AsyncGenerator<Buffer> {
  if (compression === 'none') {
    yield* readPlain(path, range);
    return;
  }
  const file = createReadStream(path, {
    highWaterMark: READ_CHUNK,
    ...(range ? { start: range.start, end: range.end - 1 } : {}),
  });
  if (range && range.end <= range.start) {
    file.destroy();
    return;
  }
  const stream: Readable = file.pipe(decompressor(compression));
  file.on('error', (error) => stream.destroy(error));
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (cause) {
    throw new WardenError('W_IO_CORRUPT', `corrupt or truncated ${compression} data: ${(cause as Error).message}`, { where: path, cause });
  } finally {
    file.destroy();
    stream.destroy();
  }
}

/**
 * An uncompressed file (or byte range) read into one buffer that is reused for every chunk, so
 * a multi-gigabyte read allocates, and faults in, 4 MiB once rather than once per chunk. Each
 * chunk is valid only until the next is requested; a consumer that keeps bytes copies them.
 */
async function* readPlain(path: string, range?: ByteRange): AsyncGenerator<Buffer> {
  if (range && range.end <= range.start) return;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', `cannot read: ${(cause as Error).message}`, { where: path, cause });
  }
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    let position = range?.start ?? 0;
    const end = range?.end ?? Number.POSITIVE_INFINITY;
    while (position < end) {
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buffer, 0, Math.min(buffer.length, end - position), position));
      } catch (cause) {
        throw new WardenError('W_IO_NOT_FOUND', `cannot read: ${(cause as Error).message}`, { where: path, cause });
      }
      if (n === 0) return;
      position += n;
      yield buffer.subarray(0, n);
    }
  } finally {
    await handle.close();
  }
}

function decompressor(compression: Exclude<Compression, 'none'>): Transform {
  if (compression === 'gzip') return createGunzip();
  return new DecompressStream() as unknown as Transform;
}

/** A compressing transform for writing, or undefined when no compression is wanted. */
export function compressor(compression: Compression): (Transform & Writable) | undefined {
  if (compression === 'none') return undefined;
  if (compression === 'gzip') return createGzip({ level: 6 });
  return new CompressStream() as unknown as Transform;
}
