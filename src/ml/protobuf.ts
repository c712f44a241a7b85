/**
 * A minimal protobuf wire-format writer and reader: just what the ONNX exporter needs (varints,
 * fixed32 floats, length-delimited strings, bytes and nested messages, packed float32 as raw
 * little-endian bytes). No per-value allocation: everything lands in one growable buffer, and a
 * nested message reserves one byte for its length and shifts its body only when the length
 * needs more (so a 3 MB weight tensor is copied once in, plus one memmove per nesting level).
 *
 * Wire types (protobuf encoding spec): 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const encoder = new TextEncoder();
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes a non-negative varint of `value` takes (value ≤ 2^53). */
export function varintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/**
 * Appends protobuf fields to one growable buffer.
 *
 * @example
 * const w = new ProtoWriter();
 * w.int64(1, 8); // ModelProto.ir_version = 8
 * w.message(7, () => w.string(2, 'graph')); // ModelProto.graph { name: 'graph' }
 * w.finish(); // Uint8Array [0x08, 0x08, 0x3a, 0x07, 0x12, 0x05, ...'graph']
 */
export class ProtoWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  /** `capacity` is a size hint: pass the payload size to avoid any regrowth. */
  constructor(capacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** A raw varint (no tag). Negative values are written as 64-bit two's complement (10 bytes). */
  varint(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`varint must be a safe integer, got ${value}`);
    if (value < 0) return this.negativeVarint(value);
    this.ensure(10);
    while (value >= 128) {
      this.buf[this.pos++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buf[this.pos++] = value;
    return this;
  }

  private negativeVarint(value: number): this {
    this.ensure(10);
    let bits = BigInt.asUintN(64, BigInt(value));
    while (bits >= 128n) {
      this.buf[this.pos++] = Number(bits & 127n) | 0x80;
      bits >>= 7n;
    }
    this.buf[this.pos++] = Number(bits);
    return this;
  }

  /** A field key: (field number << 3) | wire type. */
  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** An int32/int64/enum field (varint). */
  int64(field: number, value: number): this {
    return this.tag(field, WIRE_VARINT).varint(value);
  }

  /** A `float` field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    this.ensure(4);
    this.view.setFloat32(this.pos, value, true);
    this.pos += 4;
    return this;
  }

  /** A `bytes` field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LEN).varint(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
    return this;
  }

  /** A `string` field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  /** A `bytes` field holding float32 values little-endian (ONNX `TensorProto.raw_data`). */
  floatsLE(field: number, values: Float32Array): this {
    const byteLength = values.length * 4;
    this.tag(field, WIRE_LEN).varint(byteLength);
    this.ensure(byteLength);
    if (LITTLE_ENDIAN) {
      this.buf.set(new Uint8Array(values.buffer, values.byteOffset, byteLength), this.pos);
    } else {
      for (let i = 0; i < values.length; i++) this.view.setFloat32(this.pos + i * 4, values[i]!, true);
    }
    this.pos += byteLength;
    return this;
  }

  /** A packed `repeated int64` field. */
  packedInt64(field: number, values: readonly number[]): this {
    let size = 0;
    for (const value of values) size += value < 0 ? 10 : varintSize(value);
    this.tag(field, WIRE_LEN).varint(size);
    for (const value of values) this.varint(value);
    return this;
  }

  /**
   * A nested message: `body` writes its fields into this same writer, then the length prefix is
   * filled in. One byte is reserved up front; a longer body is shifted right in place.
   */
  message(field: number, body: () => void): this {
    this.tag(field, WIRE_LEN);
    this.ensure(1);
    const lengthAt = this.pos++;
    const start = this.pos;
    body();
    const length = this.pos - start;
    const lengthSize = varintSize(length);
    if (lengthSize > 1) {
      this.ensure(lengthSize - 1);
      this.buf.copyWithin(start + lengthSize - 1, start, this.pos);
      this.pos += lengthSize - 1;
    }
    let at = lengthAt;
    let rest = length;
    while (rest >= 128) {
      this.buf[at++] = (rest % 128) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buf[at] = rest;
    return this;
  }

  /** The encoded bytes (a view of the internal buffer, trimmed to length). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

/** One decoded field: `value` is the number for varint/fixed fields and the bytes for length-delimited ones. */
export type ProtoField =
  | { field: number; wireType: typeof WIRE_VARINT | typeof WIRE_FIXED64 | typeof WIRE_FIXED32; value: number; bytes?: undefined }
  | { field: number; wireType: typeof WIRE_LEN; value?: undefined; bytes: Uint8Array };

/**
 * Iterates the top-level fields of one encoded message (nested messages come back as bytes to
 * decode again). Throws a RangeError on truncated or malformed input.
 *
 * @example
 * for (const f of readFields(bytes)) if (f.field === 14 && f.bytes) console.log(f.bytes.length);
 */
export function* readFields(bytes: Uint8Array): Generator<ProtoField> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= bytes.length) throw new RangeError('truncated varint');
      const byte = bytes[pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new RangeError('varint longer than 10 bytes');
  };
  while (pos < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === WIRE_VARINT) {
      yield { field, wireType, value: varint() };
    } else if (wireType === WIRE_FIXED32) {
      if (pos + 4 > bytes.length) throw new RangeError('truncated fixed32');
      yield { field, wireType, value: view.getFloat32(pos, true) };
      pos += 4;
    } else if (wireType === WIRE_FIXED64) {
      if (pos + 8 > bytes.length) throw new RangeError('truncated fixed64');
      yield { field, wireType, value: view.getFloat64(pos, true) };
      pos += 8;
    } else if (wireType === WIRE_LEN) {
      const length = varint();
      if (pos + length > bytes.length) throw new RangeError('truncated length-delimited field');
      yield { field, wireType, bytes: bytes.subarray(pos, pos + length) };
      pos += length;
    } else {
      throw new RangeError(`unsupported wire type ${wireType}`);
    }
  }
}
