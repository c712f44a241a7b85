import type { GuardContext, GuardFinding, GuardResult } from '../types.js';
import { openConstructStart, safeCut } from './boundaries.js';

/** The part of the guard engine a stream needs (GuardEngine satisfies it). */
export interface StreamEvaluator {
  evaluate(text: string, context?: GuardContext): GuardResult;
  render(text: string, findings: readonly GuardFinding[]): string;
}

export interface StreamGuardOptions {
  /** Characters always withheld behind the end of what arrived (config `stream.hold_back_chars`). */
  holdBackChars: number;
  /**
   * Scan after this many new characters (a quarter of it when a newline came), once at least this
   * many could be released (a scan while everything is still inside the hold-back releases
   * nothing). Default: holdBack / 4, at least 16.
   */
  scanEveryChars?: number;
  /** Text before the release point that each scan re-reads, for context. Default: holdBack. */
  lookbehindChars?: number;
  /**
   * When this much judged text waits in an unfinished line, it may be released at a sentence end
   * (outside inline code); four times as much, at a word boundary. Default: max(64, holdBack).
   * Secrets hold no spaces and commands sit in lines or `code`, so a sentence end is nearly as
   * safe a cut as a newline, and long paragraphs still stream.
   */
  lineHoldChars?: number;
  /** Hard cap on withheld text (an endless token, an unclosed PEM block). Default: max(16 KiB, 8 x holdBack). */
  maxHoldChars?: number;
  /** The policy's safe message (the engine's evaluate() returns the original text, not this). */
  blockMessage?: string;
  context?: GuardContext;
}

const DEFAULT_BLOCK_MESSAGE = 'This response was withheld by the security policy.';

/** What a finished (or blocked) stream amounts to, for headers, audit and metrics. */
export interface StreamSummary {
  blocked: boolean;
  shadow: boolean;
  would_block: boolean;
  risk_score: number;
  policy_id: string | null;
  /** Every distinct finding seen, spans in offsets of the whole streamed text. */
  findings: GuardFinding[];
  /** Time spent evaluating and rendering (the guard's own cost, not the upstream's). */
  guard_ms: number;
  scans: number;
  chars: number;
}

/**
 * Guards a text that arrives in pieces. Text is released only after it was judged: the last
 * `holdBackChars` are always withheld, a release point never falls inside a finding, inside an
 * unfinished line (a `curl ... |` waiting for its `bash`), a continued shell line, an open
 * heredoc or an unclosed PEM block. Each scan reads only a window that starts shortly before
 * the release point, at most every `scanEveryChars` new characters or on a newline, and always
 * at the end. Released text has the policy's actions applied (mask, redact, ...). When the
 * policy blocks, nothing more is released: `blocked` turns true and `blockMessage` holds the
 * safe message (given in the options). A block is confirmed once the blocking findings have `holdBackChars` of text
 * after them (or at the end), so the pre-classifier reads the same context a full scan gives
 * it and an explanation that follows a command can still make it educational.
 *
 * @example
 * const guard = new StreamGuard(engine, { holdBackChars: 256 });
 * let out = '';
 * for (const delta of deltas) out += guard.push(delta);
 * out += guard.end();
 * if (guard.blocked) out += guard.blockMessage;
 */
export class StreamGuard {
  blocked = false;
  readonly blockMessage: string;
  private readonly holdBack: number;
  private readonly scanEvery: number;
  private readonly lookbehind: number;
  private readonly lineHold: number;
  private readonly maxHold: number;
  /** Text from absolute offset `base` on (older text is dropped once it cannot matter). */
  private text = '';
  private base = 0;
  private total = 0;
  private released = 0;
  private scannedTo = 0;
  /** Findings of the latest scan, absolute spans. */
  private live: GuardFinding[] = [];
  private readonly seen = new Map<string, GuardFinding>();
  private risk = 0;
  private policyId: string | null = null;
  private shadow = false;
  private wouldBlock = false;
  private guardMs = 0;
  private scans = 0;
  private ended = false;
  /** A newline arrived since the last scan (a line end may have become a release point). */
  private newline = false;

  constructor(
    private readonly engine: StreamEvaluator,
    private readonly options: StreamGuardOptions,
  ) {
    this.blockMessage = options.blockMessage ?? DEFAULT_BLOCK_MESSAGE;
    this.holdBack = Math.max(0, Math.floor(options.holdBackChars));
    this.scanEvery = Math.max(1, options.scanEveryChars ?? Math.max(16, Math.floor(this.holdBack / 4)));
    this.lookbehind = Math.max(0, options.lookbehindChars ?? this.holdBack);
    this.lineHold = Math.max(1, options.lineHoldChars ?? Math.max(64, this.holdBack));
    this.maxHold = Math.max(4 * this.lineHold, options.maxHoldChars ?? Math.max(16 * 1024, 8 * this.holdBack));
  }

  /** Adds a delta; returns the text that is now safe to send ('' while withholding or once blocked). */
  push(delta: string): string {
    this.append(delta);
    return this.release();
  }

  /**
   * Adds a delta without judging anything yet: deltas that arrive together (one network read)
   * are appended one by one and judged by a single `release()`.
   */
  append(delta: string): void {
    if (this.ended) throw new Error('StreamGuard.push after end');
    if (delta.length === 0) return;
    this.text += delta;
    this.total += delta.length;
    if (!this.newline && delta.includes('\n')) this.newline = true;
  }

  /** Judges what was appended when a scan is due; returns the text that is now safe to send. */
  release(): string {
    if (this.blocked || this.ended) return '';
    // Text within the last holdBack chars is never released, so a scan that could free less
    // than scanEvery chars would only cost (the end and a pending verdict are judged anyway).
    if (this.total - this.holdBack - this.released < this.scanEvery) return '';
    // A newline may free a release point, but a scan per short code line would cost more than
    // the few characters of latency it saves. While much is held (an open PEM block, a pending
    // verdict) the interval grows with it, so rescanning the held text stays linear overall.
    const fresh = this.total - this.scannedTo;
    const every = Math.max(this.scanEvery, (this.total - this.released) / 4);
    if (fresh >= every || (fresh >= every / 4 && this.newline)) return this.step(false);
    return '';
  }

  /** The stream is over: judges the rest and returns it ('' when blocked). */
  end(): string {
    if (this.ended) return '';
    this.ended = true;
    if (this.blocked) return '';
    return this.step(true);
  }

  /** Characters received but not released yet. */
  get pending(): number {
    return this.total - this.released;
  }

  summary(): StreamSummary {
    return {
      blocked: this.blocked,
      shadow: this.shadow,
      would_block: this.wouldBlock,
      risk_score: this.risk,
      policy_id: this.policyId,
      findings: [...this.seen.values()].sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]),
      guard_ms: Math.round(this.guardMs * 100) / 100,
      scans: this.scans,
      chars: this.total,
    };
  }

  private step(final: boolean): string {
    const started = performance.now();
    try {
      const windowStart = this.windowStart();
      const result = this.engine.evaluate(this.text.slice(windowStart - this.base), this.options.context);
      this.scans++;
      this.scannedTo = this.total;
      this.newline = false;
      const decision = result.decision;
      this.policyId = decision.policy_id;
      this.live = decision.findings.map((f) => ({ ...f, span: [f.span[0] + windowStart, f.span[1] + windowStart] }));
      if (decision.shadow) this.shadow = true;
      else if (decision.blocked) {
        if (final || this.total - this.blockingEnd() >= this.holdBack) {
          this.blocked = true;
          this.commit(decision.risk_score, true, this.total);
        }
        // Until confirmed, nothing is released: later text may still change the verdict.
        return '';
      }
      const cut = final ? this.total : this.cutPoint();
      if (cut <= this.released) return '';
      this.commit(decision.risk_score, decision.would_block === true, cut);
      const out = this.render(this.released, cut);
      this.released = cut;
      this.trim();
      return out;
    } finally {
      this.guardMs += performance.now() - started;
    }
  }

  /**
   * Keeps what a release (or the block) was decided on: findings that start before `upTo`
   * (whole by then, since no cut falls inside one). A finding seen only on a partial token at
   * the tail, which a later scan judges differently, never reaches the summary.
   */
  private commit(risk: number, wouldBlock: boolean, upTo: number): void {
    this.risk = Math.max(this.risk, risk);
    if (wouldBlock) this.wouldBlock = true;
    for (const finding of this.live) {
      if (finding.span[0] < upTo) this.seen.set(`${finding.rule_id}\u0000${finding.span[0]}\u0000${finding.span[1]}`, finding);
    }
  }

  /** Where the next scan starts: `lookbehind` before the release point, moved back to its line start when close. */
  private windowStart(): number {
    let start = Math.max(this.base, this.released - this.lookbehind);
    if (start > this.base) {
      const newline = this.text.lastIndexOf('\n', start - this.base - 1);
      const lineStart = newline === -1 ? this.base : this.base + newline + 1;
      if (start - lineStart <= this.lookbehind) start = lineStart;
    }
    return start;
  }

  /** End of the findings that make the verdict a block (all findings when the risk score alone blocked). */
  private blockingEnd(): number {
    const blocking = this.live.filter((f) => f.action === 'block');
    const list = blocking.length > 0 ? blocking : this.live;
    return list.reduce((end, f) => Math.max(end, f.span[1]), 0);
  }

  private cutPoint(): number {
    const limit = this.total - this.holdBack;
    if (limit <= this.released) return this.released;
    const local = safeCut(this.text, this.released - this.base, limit - this.base, { lineHold: this.lineHold, wordHold: 4 * this.lineHold, maxHold: this.maxHold });
    if (local === -1) return this.released;
    let cut = local + this.base;
    // Never cut inside a finding: release up to its start and judge it whole later.
    // A finding that reaches back into released text (seen only once its end arrived) holds
    // the release point where it is.
    for (let moved = true; moved; ) {
      moved = false;
      for (const f of this.live) {
        if (f.span[0] < cut && cut < f.span[1]) {
          cut = Math.max(f.span[0], this.released);
          moved = cut > this.released;
        }
      }
    }
    const open = openConstructStart(this.text, this.released - this.base);
    if (open !== -1 && open + this.base < cut && this.total - (open + this.base) < this.maxHold) cut = open + this.base;
    return cut;
  }

  /** Applies the actions of the findings that touch [from, to) to that slice (spans clipped to it). */
  private render(from: number, to: number): string {
    const slice = this.text.slice(from - this.base, to - this.base);
    if (this.shadow) return slice;
    const touching: GuardFinding[] = [];
    for (const f of this.live) {
      if (f.span[1] <= from || f.span[0] >= to) continue;
      touching.push({ ...f, span: [Math.max(f.span[0], from) - from, Math.min(f.span[1], to) - from] });
    }
    return touching.length === 0 ? slice : this.engine.render(slice, touching);
  }

  /** Drops text no future window can reach. */
  private trim(): void {
    const keep = Math.max(this.base, this.released - 2 * this.lookbehind - 1);
    if (keep - this.base > 4096) {
      this.text = this.text.slice(keep - this.base);
      this.base = keep;
    }
  }
}
