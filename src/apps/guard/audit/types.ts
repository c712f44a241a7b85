import type { GuardFinding } from '../types.js';

/** What the audit keeps of a finding: never the matched value, only its masked preview and salted hash. */
export type AuditFinding = Pick<GuardFinding, 'rule_id' | 'detector' | 'category' | 'action' | 'severity' | 'score' | 'span' | 'preview' | 'hash' | 'explain_only'>;

/** The decision's overall outcome: `mask` covers any rewrite (mask, redact, hash, delink); `shadow` a shadow-mode pass-through. */
export type AuditAction = 'allow' | 'annotate' | 'mask' | 'block' | 'shadow';
export const AUDIT_ACTIONS: readonly AuditAction[] = ['allow', 'annotate', 'mask', 'block', 'shadow'];

/** One guard decision as recorded. No request or response text is ever part of it. */
export interface AuditEntry {
  request_id: string;
  /** ISO 8601 time of the decision. */
  time: string;
  tenant: string | null;
  policy_id: string;
  /** The route that decided, e.g. `/v1/guard` or `/v1/chat/completions`. */
  route: string;
  model: string | null;
  action: AuditAction;
  blocked: boolean;
  /** 0-100. */
  risk_score: number;
  latency_ms: number;
  findings: AuditFinding[];
  /** Set on read when the entry had more findings than the audit keeps per decision. */
  findings_total?: number;
}

export interface AuditQuery {
  /** Inclusive lower bound on `time`. */
  since?: Date;
  /** Exclusive upper bound on `time`. */
  until?: Date;
  tenant?: string;
  /** Entries with at least one finding of this exact rule id. */
  rule?: string;
  /** Newest first, at most this many (default 100, at most 10,000). */
  limit?: number;
}

export interface AuditStore {
  /**
   * Queues the decision for writing and resolves once it is stored. Callers on a request path
   * need not await it: writes are batched, and `flush()`/`close()` wait for them. Rejects
   * (W_STORE) when the store is unreachable or the queue is full.
   */
  record(entry: AuditEntry): Promise<void>;
  /** Matching entries, newest first; waits for queued writes so a caller reads its own. */
  query(filter?: AuditQuery): Promise<AuditEntry[]>;
  /** Deletes entries older than `before`; resolves to how many. */
  prune(before: Date): Promise<number>;
  /** Resolves when every entry recorded so far is written (or has failed). */
  flush(): Promise<void>;
  /** Flushes, then closes the database connection (when the audit store opened it). */
  close(): Promise<void>;
}

export interface AuditStoreOptions {
  /** Entries written per transaction (default 200). */
  batchSize?: number;
  /** How long a recorded entry may wait for companions before a write (ms, default 25). */
  flushIntervalMs?: number;
  /** Entries allowed to wait; beyond, record() rejects instead of growing memory (default 10,000). */
  maxPending?: number;
}
