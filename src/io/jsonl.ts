import { WardenError, type ErrorCode } from '../core/errors.js';
import { readBytes, type ByteRange } from './compress.js';
import type { Compression } from './formats.js';
import { ensureId, isPlainObject, truncateRaw, type ReadOptions, type Rec, type RecordBatch, type Reject } from './record.js';

export interface JsonlPart {
  path: string;
  rel: string;
  compression: Compression;
  range?: ByteRange | undefined;
  /** 1-based line number of the first line in the range (1 when reading from the start). */
  firstLine: number;
}

/** Longest line accepted; a longer one is reported instead of exhausting memory. */
export const MAX_LINE_BYTES = 512 * 1024 * 1024;

/** Bytes decoded to one string at a time (below V8's 128 KiB large-object threshold). */
const DECODE_WINDOW = 96 * 1024;

/**
 * Streams JSON Lines as batches of records. Each chunk is decoded once and split on '\n' as a
 * string (faster than decoding line by line); a malformed line fails with `file:line` or, with
 * `onError: 'skip'`, becomes a reject. Blank lines are skipped but still counted.
 *
 * @example
 * for await (const batch of readJsonl({ path: 'a.jsonl', rel: 'a.jsonl', compression: 'none', firstLine: 1 },
 *   { fields: { text: 'text', id: 'id' }, onError: 'fail' })) console.log(batch.records.length);
 */
export async function* readJsonl(part: JsonlPart, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const batchSize = options.batchSize ?? 1000;
  let line = part.firstLine;
  let carry: Buffer | undefined;
  let records: Rec[] = [];
  let rejects: Reject[] = [];
  let bytes = 0;

  const handle = (text: string): void => {
    const current = line++;
    let end = text.length;
    if (end > 0 && text.charCodeAt(end - 1) === 13) end--; // CRLF files
    const body = end === text.length ? text : text.slice(0, end);
    if (body.length === 0 || isBlank(body)) return;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      reject(current, `invalid JSON: ${(error as Error).message}`, body);
      return;
    }
    if (!isPlainObject(value)) {
      reject(current, `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`, body);
      return;
    }
    if (options.requireText && typeof value[options.fields.text] !== 'string') {
      reject(current, `text field "${options.fields.text}" is missing or not a string`, body, 'W_IO_BAD_RECORD');
      return;
    }
    const record = ensureId(value, options.fields, part.rel, current - 1);
    // Only an untouched record may be written back as its original line.
    if (record === value) (record as RawCarrier)[RAW_LINE] = body;
    records.push(record);
  };

  const reject = (lineNo: number, reason: string, raw: string, code: ErrorCode = 'W_IO_BAD_JSONL'): void => {
    const where = `${part.path}:${lineNo}`;
    if (options.onError === 'fail') throw new WardenError(code, reason, { where });
    rejects.push({ where, reason, raw: truncateRaw(raw) });
  };

  // Chunks are views of a reused buffer: bytes kept past one chunk (the carried partial line)
  // are copied.
  for await (const chunk of readBytes(part.path, part.compression, part.range)) {
    bytes += chunk.length;
    let from = 0;
    if (carry) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        carry = Buffer.concat([carry, chunk]);
        if (carry.length > MAX_LINE_BYTES) throw new WardenError('W_IO_BAD_JSONL', `line longer than ${MAX_LINE_BYTES} bytes`, { where: `${part.path}:${line}` });
        continue;
      }
      handle(Buffer.concat([carry, chunk.subarray(0, nl)]).toString('utf8'));
      carry = undefined;
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last < from) {
      if (from < chunk.length) carry = Buffer.from(chunk.subarray(from));
      continue;
    }
    carry = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
    // Decoded in windows of whole lines under V8's large-object size: each window's string
    // lives in the young generation, where a 4 MB string would be a fresh mapping (page
    // faults) per chunk, and the raw lines sliced from it keep only their window alive.
    while (from <= last) {
      let to = from + DECODE_WINDOW >= last ? last : chunk.lastIndexOf(10, from + DECODE_WINDOW);
      if (to < from) to = chunk.indexOf(10, from + DECODE_WINDOW);
      const text = chunk.toString('utf8', from, to);
      from = to + 1;
      for (let start = 0; ; ) {
        const nl = text.indexOf('\n', start);
        handle(nl < 0 ? (start === 0 ? text : text.slice(start)) : text.slice(start, nl));
        if (records.length >= batchSize || rejects.length >= batchSize) {
          // Bytes are attributed to the batch that finishes the chunk; totals stay exact.
          yield { records, rejects, bytes: 0 };
          records = [];
          rejects = [];
        }
        if (nl < 0) break;
        start = nl + 1;
      }
    }
    if (records.length > 0 || rejects.length > 0) {
      yield { records, rejects, bytes };
      records = [];
      rejects = [];
      bytes = 0;
    }
  }
  if (carry && carry.length > 0) handle(carry.toString('utf8'));
  if (records.length > 0 || rejects.length > 0 || bytes > 0) yield { records, rejects, bytes };
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * The input line a record was parsed from, under a symbol key (invisible to JSON.stringify and
 * Object.keys). Filter-only pipelines write it back unchanged: exact input bytes, no re-encoding.
 */
export const RAW_LINE: unique symbol = Symbol('warden.rawLine');
type RawCarrier = Rec & { [RAW_LINE]?: string };

/**
 * Serialises records as JSON Lines text (each line ends with '\n'). With `reuseRaw`, records
 * still carrying their input line are written as that line; only pass it when no stage could
 * have changed a record (filters only).
 */
export function toJsonlText(records: readonly Rec[], reuseRaw = false): string {
  let out = '';
  for (const record of records) out += jsonlLine(record, reuseRaw) + '\n';
  return out;
}

/**
 * `toJsonlText` encoded as UTF-8, each line written straight into one buffer: a batch of
 * multi-kilobyte lines never becomes one large flattened string (a V8 large-object allocation
 * per batch) before it is encoded.
 */
export function toJsonlBytes(records: readonly Rec[], reuseRaw = false): Buffer {
  const lines = records.map((record) => jsonlLine(record, reuseRaw));
  let size = lines.length;
  for (const line of lines) size += Buffer.byteLength(line);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const line of lines) {
    at += out.write(line, at);
    out[at++] = 10;
  }
  return out;
}

function jsonlLine(record: Rec, reuseRaw: boolean): string {
  if (reuseRaw) {
    const raw = (record as RawCarrier)[RAW_LINE];
    if (raw !== undefined) return raw;
  }
  try {
    return JSON.stringify(record);
  } catch {
    // Only BigInt makes plain stringify throw; the replacer path is slower, so it is the fallback.
    return JSON.stringify(record, jsonReplacer);
  }
}

/** BigInt (from Parquet INT64) becomes a number when exact, else a string, so JSON never throws. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}
