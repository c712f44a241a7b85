import { createReadStream } from 'node:fs';
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
  const file = createReadStream(path, {
    highWaterMark: READ_CHUNK,
    ...(range ? { start: range.start, end: range.end - 1 } : {}),
  });
  if (range && range.end <= range.start) {
    file.destroy();
    return;
  }
  const stream: Readable = compression === 'none' ? file : file.pipe(decompressor(compression));
  if (stream !== file) file.on('error', (error) => stream.destroy(error));
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (cause) {
    const message = (cause as Error).message;
    if (compression !== 'none') {
      throw new WardenError('W_IO_CORRUPT', `corrupt or truncated ${compression} data: ${message}`, { where: path, cause });
    }
    throw new WardenError('W_IO_NOT_FOUND', `cannot read: ${message}`, { where: path, cause });
  } finally {
    file.destroy();
    stream.destroy();
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
