/** A record is a plain JSON object; stages add fields under their own key. */
export type Rec = Record<string, unknown>;

/** Which fields hold the text and the id (`--text-field`, `--id-field`). */
export interface FieldMap {
  text: string;
  id: string;
}

export const DEFAULT_FIELDS: FieldMap = { text: 'text', id: 'id' };

/** A row that could not be read, kept with where it came from and why. */
export interface Reject {
  where: string;
  reason: string;
  /** The raw row, truncated: it is the user's own data, kept so it can be fixed and re-fed. */
  raw?: string;
}

/** What a reader yields: records plus the rows it rejected (with `--on-error skip`). */
export interface RecordBatch {
  records: Rec[];
  rejects: Reject[];
  /** Input bytes this batch covers (uncompressed), for throughput figures. */
  bytes: number;
}

export type OnError = 'fail' | 'skip';

export interface ReadOptions {
  fields: FieldMap;
  onError: OnError;
  /** Records per yielded batch. */
  batchSize?: number;
  /** Fail (or reject the row) when the text field is missing or not a string. */
  requireText?: boolean;
}

export function isPlainObject(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Gives a record its id: the id field when present, else `<file>#<row>`, which is stable
 * across runs, shard plans and worker counts. A derived id goes first in a new object, so
 * every record has the same field order (columnar shards need one schema). An empty id field
 * turns derivation off.
 *
 * @example
 * ensureId({ text: 'hi' }, { text: 'text', id: 'id' }, 'a.jsonl', 4); // { id: 'a.jsonl#4', text: 'hi' }
 */
export function ensureId(record: Rec, fields: FieldMap, rel: string, row: number): Rec {
  if (!fields.id) return record;
  const id = record[fields.id];
  if (id !== undefined && id !== null && id !== '') return record;
  const { [fields.id]: _missing, ...rest } = record;
  return { [fields.id]: `${rel}#${row}`, ...rest };
}

export const RAW_PREVIEW_LIMIT = 4096;

export function truncateRaw(raw: string): string {
  return raw.length > RAW_PREVIEW_LIMIT ? `${raw.slice(0, RAW_PREVIEW_LIMIT)}…[${raw.length} chars]` : raw;
}

export interface WriteSummary {
  path: string;
  rows: number;
  bytes: number;
}

/** A file of records that appears at its path only once `close()` succeeds. */
export interface RecordWriter {
  readonly path: string;
  /** `reuseRaw`: records are unchanged since they were read, so JSONL may copy input lines. */
  write(records: readonly Rec[], reuseRaw?: boolean): Promise<void>;
  close(): Promise<WriteSummary>;
  abort(): Promise<void>;
}
