import type { AuditEntry, AuditFinding, AuditStore } from '../audit/index.js';
import type { GuardDecision, GuardFinding } from '../types.js';

export interface AuditRecorderOptions {
  /** Writes in flight before new requests wait for one to finish (bounds memory when the store is slow). */
  maxPending?: number;
  /** Called once per failed write, with the error (the entry holds no raw text either way). */
  onError?: (error: unknown) => void;
}

/**
 * Records decisions without making the response wait: handlers send first, then `record()`.
 * Writes run concurrently up to `maxPending`; beyond that `admission()` hands the handler a
 * promise to await before answering, so a slow or dead store slows the API down instead of
 * growing memory without bound. A failed write is reported, never thrown at the request.
 *
 * @example
 * const recorder = new AuditRecorder(store);
 * const wait = recorder.admission(); if (wait) await wait;
 * reply.send(decision); recorder.record(entry);
 */
export class AuditRecorder {
  /** Writes started and not yet settled: a count, not a set of promises (nothing kept per entry). */
  private pending = 0;
  /** Resolved (all at once) when any write settles: admission() callers and flush() loops. */
  private waiters: (() => void)[] = [];
  private readonly maxPending: number;
  private readonly onError: (error: unknown) => void;
  private readonly settled = (): void => this.release();
  private readonly failed = (error: unknown): void => {
    this.release();
    this.onError(error);
  };

  constructor(
    /** Anything that stores an entry: the AuditStore, in the server. */
    private readonly store: Pick<AuditStore, 'record'>,
    options: AuditRecorderOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 1000;
    this.onError = options.onError ?? (() => undefined);
  }

  /** undefined when a write may start now; otherwise a promise that settles when one finished. */
  admission(): Promise<void> | undefined {
    if (this.pending < this.maxPending) return undefined;
    return this.nextSettled();
  }

  record(entry: AuditEntry): void {
    let write: Promise<void>;
    try {
      write = this.store.record(entry);
    } catch (error) {
      this.onError(error);
      return;
    }
    this.pending++;
    write.then(this.settled, this.failed);
  }

  get inFlight(): number {
    return this.pending;
  }

  /** Waits for every write started so far (on shutdown, before the store closes). */
  async flush(): Promise<void> {
    while (this.pending > 0) await this.nextSettled();
  }

  private nextSettled(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    this.pending--;
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** What the audit row says happened, from the decision. */
export function auditAction(decision: GuardDecision): AuditEntry['action'] {
  if (decision.shadow) return 'shadow';
  if (decision.blocked) return 'block';
  let annotated = false;
  for (const finding of decision.findings) {
    if (finding.action === 'mask' || finding.action === 'redact' || finding.action === 'hash' || finding.action === 'delink') return 'mask';
    if (finding.action === 'annotate') annotated = true;
  }
  return annotated ? 'annotate' : 'allow';
}

export interface AuditFacts {
  requestId: string;
  tenant: string | null;
  route: string;
  /** The upstream model for proxy routes; null for the guard API. */
  model: string | null;
  /** Request wall time so far, ms. */
  latencyMs: number;
}

/**
 * The audit row for a decision: findings keep only their metadata (masked preview, salted
 * hash, span), never a matched value or the response text.
 *
 * @example
 * recorder.record(auditEntryFor(decision, { requestId: request.id, tenant: 'acme', route: '/v1/guard', model: null, latencyMs: 3.2 }));
 */
export function auditEntryFor(decision: GuardDecision, facts: AuditFacts): AuditEntry {
  return {
    request_id: facts.requestId,
    time: isoNow(),
    tenant: facts.tenant,
    policy_id: decision.policy_id,
    route: facts.route,
    model: facts.model,
    action: auditAction(decision),
    blocked: decision.blocked,
    risk_score: decision.risk_score,
    latency_ms: Math.round(facts.latencyMs * 100) / 100,
    findings: decision.findings.map(auditFinding),
  };
}

let isoSecond = -1;
let isoPrefix = '';

/**
 * `new Date().toISOString()` at a fraction of the cost: the `YYYY-MM-DDTHH:MM:SS.` part is
 * formatted once per second and the milliseconds appended.
 *
 * @example
 * isoNow(); // '2026-11-23T12:22:15.123Z'
 */
export function isoNow(now: number = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const ms = now - second * 1000;
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/** The audit's copy of a finding: the listed fields only, so no future field can carry a raw value into the store. */
export function auditFinding(f: GuardFinding): AuditFinding {
  return {
    rule_id: f.rule_id,
    detector: f.detector,
    category: f.category,
    action: f.action,
    severity: f.severity,
    score: f.score,
    span: f.span,
    preview: f.preview,
    hash: f.hash,
    explain_only: f.explain_only,
  };
}
