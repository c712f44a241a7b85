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

  for await (const chunk of readBytes(part.path, part.compression, part.range)) {
    bytes += chunk.length;
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      if (buf.length > MAX_LINE_BYTES) {
        throw new WardenError('W_IO_BAD_JSONL', `line longer than ${MAX_LINE_BYTES} bytes`, { where: `${part.path}:${line}` });
      }
      carry = buf;
      continue;
    }
    const text = buf.toString('utf8', 0, last);
    carry = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : undefined;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) {
        handle(start === 0 ? text : text.slice(start));
        break;
      }
      handle(text.slice(start, nl));
      start = nl + 1;
      if (records.length >= batchSize || rejects.length >= batchSize) {
        // Bytes are attributed to the batch that finishes the chunk; totals stay exact.
        yield { records, rejects, bytes: 0 };
        records = [];
        rejects = [];
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
  for (const record of records) {
    if (reuseRaw) {
      const raw = (record as RawCarrier)[RAW_LINE];
      if (raw !== undefined) {
        out += raw + '\n';
        continue;
      }
    }
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      // Only BigInt makes plain stringify throw; the replacer path is slower, so it is the fallback.
      line = JSON.stringify(record, jsonReplacer);
    }
    out += line + '\n';
  }
  return out;
}

/** BigInt (from Parquet INT64) becomes a number when exact, else a string, so JSON never throws. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}
