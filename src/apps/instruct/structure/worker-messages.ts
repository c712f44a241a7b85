import type { serializeError } from '../../../core/errors.js';
import type { RecordKind } from '../types.js';

/**
 * One input record and what templating made of it, as a worker sends it back: the pairs
 * already serialised (one JSON line each), so the main thread only concatenates.
 */
export interface StructuredLines {
  id: string;
  kind: RecordKind;
  /** The pairs' JSONL text, each line ending in '\n' ('' when no template fits). */
  lines: string;
  /** The template of each pair, in order. */
  templates: string[];
  /** Pairs dropped by the grounding check. */
  ungrounded: number;
}

/** Messages between `structureInWorkers` and its worker threads: raw lines out, serialised pairs back. */
export type ToStructureWorker = { type: 'chunk'; seq: number; texts: string[]; lines: number[]; path: string } | { type: 'stop' };
export type FromStructureWorker = { type: 'done'; seq: number; results: StructuredLines[] } | { type: 'error'; seq: number; error: ReturnType<typeof serializeError> };
