import type { Store } from '../../store/index.js';
import type { BatchResult, ChatRequest, ChatResponse, LlmErrorKind, LlmProvider, ProviderKind, Usage } from '../types.js';

/** A remote batch as the runner sees it, whatever the provider. */
export interface RemoteBatch {
  id: string;
  /** The provider's own status word (OpenAI: validating ... cancelled; Anthropic: in_progress, canceling, ended). */
  status: string;
  /** No more progress will happen: results (if any) can be read. */
  ended: boolean;
  /** Epoch ms, from the provider. */
  createdAt: number;
  expiresAt: number | null;
  counts: { total: number; succeeded: number; failed: number };
  /** A batch-level failure (OpenAI `failed` batches), bounded. */
  error?: string;
  /** OpenAI: the output and error file ids, once there are any. */
  files?: { output: string | null; error: string | null };
}

/** One line of a batch's results, mapped back by custom id. */
export type RemoteOutcome = { customId: string; ok: true; response: ChatResponse } | { customId: string; ok: false; kind: LlmErrorKind; error: string };

/** A request as it goes into a batch: the model is always filled in. */
export interface BatchLine {
  customId: string;
  request: ChatRequest & { model: string };
}

/**
 * One provider's batch endpoints. `openAIBatchApi` and `anthropicBatchApi` implement it over the
 * official SDKs; tests and other providers can implement it too.
 */
export interface BatchApi {
  readonly provider: ProviderKind;
  /** Most requests in one remote batch (OpenAI 50,000; Anthropic 100,000). */
  readonly maxItems: number;
  /** Most bytes of encoded requests in one remote batch. */
  readonly maxBytes: number;
  /** Encoded size of one request, to cut batches under `maxBytes`. */
  encodedSize(line: BatchLine): number;
  /** Creates a remote batch; `token` is unique per submission (OpenAI stores it in the batch metadata). */
  submit(lines: readonly BatchLine[], meta: { runId: string; token: string }): Promise<RemoteBatch>;
  /**
   * Finds the batch a submission created when the process died before recording it (submitted
   * at or after `since`, epoch ms). Absent when the API cannot tell (Anthropic batches carry no
   * metadata): the items are then submitted again.
   */
  find?(token: string, since: number): Promise<RemoteBatch | undefined>;
  retrieve(id: string): Promise<RemoteBatch>;
  cancel(id: string): Promise<RemoteBatch>;
  /**
   * The result lines of an ended batch, mapped with the request of each custom id (`requestOf`
   * answers undefined for ids the runner does not wait for: those lines are skipped). Lines may
   * be missing: the runner treats those as failures.
   */
  results(batch: RemoteBatch, requestOf: (customId: string) => (ChatRequest & { model: string }) | undefined): AsyncIterable<RemoteOutcome>;
}

export type BatchEvent =
  | { type: 'submitted'; batchId: string; items: number }
  | { type: 'polled'; batchId: string; status: string; counts: RemoteBatch['counts'] }
  | { type: 'cancelling'; batchId: string; reason: 'timeout' | 'expired' }
  | { type: 'collected'; batchId: string; status: string; succeeded: number; failed: number }
  | { type: 'item'; id: string; ok: boolean; path: 'batch' | 'concurrent'; kind?: LlmErrorKind; retry?: boolean };

export interface BatchRunOptions {
  store: Store;
  /** Names the run in the tracker; letters, digits, `._:-`, at most 128 characters. */
  runId: string;
  /** Concurrent calls, and the default model of requests that name none. */
  provider: LlmProvider;
  /** The provider's batch API; absent: every item goes through concurrent calls. */
  api?: BatchApi | undefined;
  /** Fewer pending items than this go through concurrent calls (default 20). */
  minBatchItems?: number;
  /** Extra attempts for items that failed in a retryable way (default 2). */
  maxRetries?: number;
  /** Concurrent calls at once (default 8). */
  concurrency?: number;
  /** First poll delay of a batch, ms (default 5000); it grows 1.5x per poll up to `maxPollMs` (default 60000). */
  pollMs?: number;
  maxPollMs?: number;
  /** A batch still running after this long is cancelled; finished items are kept, the rest run concurrently. Default: none. */
  batchTimeoutMs?: number;
  /** A batch still running after this long counts as expired: cancelled, unanswered items retried. Default 24 h. */
  expiryMs?: number;
  /** How long to wait for a cancelled batch to end before giving up on its results (default 10 min). */
  cancelGraceMs?: number;
  /** Most items per run (default 1,000,000). */
  maxItems?: number;
  onEvent?: (event: BatchEvent) => void;
  signal?: AbortSignal;
  /** Clock, for tests. */
  now?: () => number;
}

export interface TrackedBatch {
  remoteId: string;
  provider: ProviderKind;
  status: string;
  createdAt: number;
  expiresAt: number | null;
  finishedAt: number | null;
  total: number;
  succeeded: number;
  failed: number;
  /** Why the runner cancelled it, when it did. */
  cancelReason: 'timeout' | 'expired' | null;
  collected: boolean;
}

export interface BatchRunStatus {
  runId: string;
  items: number;
  done: number;
  failed: number;
  pending: number;
  inFlight: number;
  batches: TrackedBatch[];
}

export interface BatchRunReport {
  runId: string;
  /** In the order of the items asked for (`resumeBatch`: the order they were first added). */
  results: BatchResult[];
  usage: Usage;
  /** Answers by path: through a remote batch or a concurrent call. */
  answeredBy: { batch: number; concurrent: number };
  counts: { ok: number; failed: number; byKind: Partial<Record<LlmErrorKind, number>> };
  batches: TrackedBatch[];
}
