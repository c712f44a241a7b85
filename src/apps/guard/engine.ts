import { WardenError } from '../../core/errors.js';
import { WARDEN_VERSION } from '../../core/version.js';
import type { Detector } from '../../detect/detector.js';
import { selectDetectors } from '../../detect/detectors.js';
import { scan } from '../../detect/scanner.js';
import type { TextClassifier } from '../../ml/classifier.js';
import { defaultPreclassifier } from '../../ml/preclassifier.js';
import { renderActions } from './actions.js';
import type { GuardConfig } from './config.js';
import { compilePolicy, type ResolvedPolicy } from './policy/compile.js';
import { decidePolicy } from './policy/decide.js';
import type { GuardContext, GuardDecision, GuardFinding, GuardResult, GuardStats } from './types.js';

export interface GuardEngineOptions {
  config: GuardConfig;
  /** undefined: the shipped pre-classifier, loaded once per process; null: none (explain-only then never applies). */
  preclassifier?: TextClassifier | null;
}

/** Everything a request reads, swapped as one object by reload(). */
interface Snapshot {
  policies: ReadonlyMap<string, ResolvedPolicy>;
  defaultId: string;
  timeBudgetMs: number;
}

/** Reasons a scan left text unread (decode-budget limits only skip nested payloads, which are still scanned as text). */
const PARTIAL_REASONS = ['time budget', 'input larger than'];

const round2 = (ms: number) => Math.round(ms * 100) / 100;

/**
 * The guard's decision engine: scans a response with every detector, applies the requested
 * policy (allowlists, actions, explain-only, risk score, shadow mode) and renders the result.
 * Synchronous and allocation-light per request; one instance serves all requests. Policies are
 * compiled once per (re)load and swapped atomically: a request holds the snapshot it started
 * with until it returns.
 *
 * @example
 * const engine = await GuardEngine.create({ config: defaultGuardConfig() });
 * const { decision } = engine.guard('token ghp_0123456789abcdefghijABCDEFGHIJ012345', { tenant: 'acme' });
 */
export class GuardEngine {
  private snapshot: Snapshot;
  private readonly detectors: readonly Detector[] = selectDetectors();

  private constructor(
    config: GuardConfig,
    private readonly preclassifier: TextClassifier | undefined,
  ) {
    this.snapshot = compileSnapshot(config);
  }

  static async create(options: GuardEngineOptions): Promise<GuardEngine> {
    const preclassifier = options.preclassifier === undefined ? await defaultPreclassifier() : (options.preclassifier ?? undefined);
    return new GuardEngine(options.config, preclassifier);
  }

  /** The loaded pre-classifier's name@version, or null. */
  get preclassifierModel(): string | null {
    return this.preclassifier ? `${this.preclassifier.manifest.name}@${this.preclassifier.manifest.version}` : null;
  }

  /** Full decision; `response` is the rendered text, the block message, or (shadow) the original. */
  guard(text: string, context: GuardContext = {}): GuardResult {
    return this.run(text, context, 'render');
  }

  /** Same decision as guard(); `response` is the original text. */
  scan(text: string, context: GuardContext = {}): GuardResult {
    return this.run(text, context, 'original');
  }

  /** Decision without rendering (for the stream guard, which renders per released chunk); `response` is the original text. */
  evaluate(text: string, context: GuardContext = {}): GuardResult {
    return this.run(text, context, 'original');
  }

  /** Applies the findings' actions to `text` (offsets relative to `text`), right to left, overlaps joined. */
  render(text: string, findings: readonly GuardFinding[]): string {
    return renderActions(text, findings);
  }

  /** The compiled policy; throws W_POLICY_UNKNOWN for an id the config does not define. */
  policy(id?: string): ResolvedPolicy {
    return pickPolicy(this.snapshot, id);
  }

  policyIds(): string[] {
    return [...this.snapshot.policies.keys()];
  }

  get defaultPolicyId(): string {
    return this.snapshot.defaultId;
  }

  /**
   * Swaps in the policies of a new config in one assignment. Compiles first, so an invalid
   * config throws and leaves the current policies in place. Server settings are not reloaded.
   */
  reload(config: GuardConfig): void {
    this.snapshot = compileSnapshot(config);
  }

  private run(text: string, context: GuardContext, response: 'render' | 'original'): GuardResult {
    const started = performance.now();
    const snapshot = this.snapshot;
    const policy = pickPolicy(snapshot, context.policyId);
    const result = scan(text, {
      detectors: this.detectors,
      timeBudgetMs: context.timeBudgetMs ?? snapshot.timeBudgetMs,
      // Executed text gets no explain-only, so the pre-classifier has nothing to decide there.
      ...(this.preclassifier && !context.executable ? { preclassifier: this.preclassifier } : {}),
    });
    const decided = decidePolicy(policy, text, result.findings, context.tenant, !context.executable);
    const partial = result.stats.notScanned.some((n) => PARTIAL_REASONS.some((r) => n.reason.startsWith(r)));
    const wouldBlock = decided.blocked || (partial && policy.onPartialScan === 'block');
    const shadow = policy.mode === 'shadow';
    const blocked = wouldBlock && !shadow;
    let out = text;
    if (response === 'render' && !shadow) out = blocked ? policy.blockMessage : renderActions(text, decided.findings);
    const decision: GuardDecision = {
      response: out,
      blocked,
      findings: decided.findings,
      risk_score: decided.risk,
      policy_id: policy.id,
      latency_ms: 0,
      version: WARDEN_VERSION,
      ...(shadow ? { shadow: true, would_block: wouldBlock } : {}),
      ...(result.stats.notScanned.length ? { not_scanned: result.stats.notScanned } : {}),
    };
    const stats: GuardStats = {
      scan_ms: round2(result.stats.ms),
      preclassifier_ms: round2(result.stats.preclassifierMs ?? 0),
      detector_ms: roundedTimes(result.stats.detectorMs),
    };
    decision.latency_ms = round2(performance.now() - started);
    return { decision, stats };
  }
}

/** Per-detector times rounded to 0.01 ms (a plain loop: this runs on every request). */
function roundedTimes(times: GuardStats['detector_ms'] | undefined): GuardStats['detector_ms'] {
  const out: GuardStats['detector_ms'] = {};
  for (const name in times) out[name as keyof typeof times] = round2(times[name as keyof typeof times]!);
  return out;
}

function compileSnapshot(config: GuardConfig): Snapshot {
  const policies = new Map<string, ResolvedPolicy>();
  for (const [id, policy] of Object.entries(config.policies)) policies.set(id, compilePolicy(id, policy));
  if (!policies.has(config.default_policy)) {
    throw new WardenError('W_POLICY_INVALID', `field "default_policy": no policy named "${config.default_policy}"`);
  }
  return { policies, defaultId: config.default_policy, timeBudgetMs: config.server.request_timeout_ms };
}

function pickPolicy(snapshot: Snapshot, id: string | undefined): ResolvedPolicy {
  const policy = snapshot.policies.get(id ?? snapshot.defaultId);
  if (!policy) {
    throw new WardenError('W_POLICY_UNKNOWN', `unknown policy ${JSON.stringify(String(id).slice(0, 128))} (defined: ${[...snapshot.policies.keys()].join(', ')})`);
  }
  return policy;
}
