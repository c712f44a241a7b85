import type { DetectContext, Detector } from '../detector.js';
import { severityRank, type RawFinding, type Severity } from '../finding.js';
import { ANALYZE_PATTERNS, analyzeCandidate } from './analyze.js';
import { CONTENT_PATTERNS } from './content.js';
import { BARE_TLDS } from './data.js';
import { HOPS_PATTERNS } from './hops.js';
import { HOST_PATTERNS } from './host.js';
import { URL_RULES } from './rules.js';
import { findUrls, type UrlCandidate } from './scan.js';
import { adjust, type Signal } from './signal.js';
import { UNC_PATTERNS, uncSignals } from './unc.js';

export { URL_RULES, URL_RULE_LIST, type UrlRule } from './rules.js';
export { findUrls, type UrlCandidate } from './scan.js';

/** Every regex the urls detector ships (checked for ReDoS by the test suite). */
export const URL_PATTERNS: readonly RegExp[] = [...HOST_PATTERNS, ...CONTENT_PATTERNS, ...ANALYZE_PATTERNS, ...HOPS_PATTERNS, ...UNC_PATTERNS];

/** Each other signal on the same URL adds this much, up to MAX_COMBINE. */
const COMBINE_STEP = 0.1;
const MAX_COMBINE = 0.3;
/** Embedded URLs analysed per URL (keeps the work linear: at most this many re-reads). */
const MAX_NESTED = 4;

/**
 * Combines the signals of one URL: a weak signal that needs company is dropped when alone;
 * every signal is raised a fixed step for each other signal on the URL (several weak signals
 * make a strong one), and its severity follows the combined score.
 */
export function combine(signals: Signal[]): Signal[] {
  const evidence = (s: Signal) => !s.needsCompanion && !s.weakEvidence;
  const kept = signals.filter((s) => !s.needsCompanion || signals.some((o) => o !== s && evidence(o)));
  for (const s of kept) {
    const others = [...new Set(kept.filter((o) => o !== s && o.key !== s.key && !o.weakEvidence).map((o) => o.label))];
    if (others.length === 0) continue;
    adjust(s, 'context', Math.min(MAX_COMBINE, COMBINE_STEP * others.length), `same URL also has: ${others.join(', ')}`);
  }
  return kept;
}

function severityFor(s: Signal): Severity {
  const base: Severity = s.severity ?? URL_RULES[s.key].severity;
  const floor: Severity = s.score >= 0.8 ? 'high' : s.score >= 0.55 ? 'medium' : 'low';
  return severityRank(floor) > severityRank(base) ? floor : base;
}

function toFinding(s: Signal): RawFinding {
  const rule = URL_RULES[s.key];
  const attack = s.attack ?? ('attack' in rule ? rule.attack : undefined);
  return {
    rule: rule.id,
    category: rule.category,
    start: s.start,
    end: s.end,
    severity: severityFor(s),
    score: s.score,
    message: s.message ?? rule.description,
    ...(attack ? { attack } : {}),
    explanation: s.steps,
  };
}

/**
 * Adds URLs embedded in another URL's query or path (open redirects such as
 * `google.com/url?q=http://evil.tk/a.exe`): each ends at the next '&' of the outer URL.
 */
function withNested(text: string, cands: UrlCandidate[]): UrlCandidate[] {
  const out: UrlCandidate[] = [];
  for (const cand of cands) {
    out.push(cand);
    if (cand.scheme === 'data' || cand.scheme === 'javascript' || cand.scheme === 'vbscript') continue;
    let nested = 0;
    for (let j = text.indexOf('://', cand.start + 8); j >= 0 && j < cand.end && nested < MAX_NESTED; j = text.indexOf('://', j + 3)) {
      const s = text.startsWith('https', j - 5) ? j - 5 : text.startsWith('http', j - 4) ? j - 4 : -1;
      const before = text.charCodeAt(s - 1);
      if (s <= cand.start || (before !== 61 && before !== 47)) continue; // after '=' or '/'
      nested++;
      const amp = text.indexOf('&', j);
      const end = amp >= 0 && amp < cand.end ? amp : cand.end;
      if (end > j + 4) out.push({ start: s, end, kind: 'scheme', scheme: text.slice(s, j).toLowerCase() });
    }
  }
  return out;
}

/**
 * The same URL repeats within a document and across documents (documentation links, API
 * hosts): each distinct one is judged once. The judgement depends only on the URL's text and
 * kind, so findings are kept with offsets relative to the URL; bounded, emptied when full.
 * Long URLs (data: payloads) are only remembered within one text (`local`).
 */
const JUDGED_MAX = 4096;
const JUDGED_KEY_MAX = 2048;
const judged = new Map<string, RawFinding[]>();

function judgeOnce(text: string, cand: UrlCandidate, local: Map<string, RawFinding[]>): RawFinding[] {
  const key = `${cand.kind}\u0000${text.slice(cand.start, cand.end)}`;
  const cache = key.length <= JUDGED_KEY_MAX ? judged : local;
  let relative = cache.get(key);
  if (!relative) {
    relative = combine(analyzeCandidate(text, cand))
      .filter((s) => s.score > 0)
      .map((s) => ({ ...toFinding(s), start: s.start - cand.start, end: s.end - cand.start }));
    if (cache.size >= JUDGED_MAX) cache.clear();
    cache.set(key, relative);
  }
  return relative;
}

/**
 * Risky URLs in text: data:/javascript: URIs, embedded credentials, deceptive userinfo, IP and
 * encoded-IP hosts, punycode and homograph hosts, brand look-alikes, shorteners, abused TLDs,
 * executable downloads, paste sites and remote file: URLs. URLs are found by a linear scanner
 * and parsed with the WHATWG `URL` class; nothing is ever fetched. Local (localhost, loopback)
 * and documentation hosts (example.com, 192.0.2.0/24) are never risky, except for credentials.
 *
 * @example
 * urlsDetector.detect('get http://evil.tk/a.exe', { present: new Set(), view: 'original' })
 *   .map((f) => f.rule); // ['urls.risky-tld', 'urls.executable-download']
 */
export const urlsDetector: Detector = {
  name: 'urls',
  keywords: ['://', 'www.', 'data:', 'javascript:', 'vbscript:', 'file:', 'xn--', '\\\\', ...[...BARE_TLDS].map((t) => `.${t}/`)],
  detect(text: string, ctx: DetectContext): RawFinding[] {
    const out: RawFinding[] = [];
    if (ctx.present.size === 0 || ctx.present.has('\\\\')) for (const s of uncSignals(text)) out.push(toFinding(s));
    const local = new Map<string, RawFinding[]>();
    for (const cand of withNested(text, findUrls(text))) {
      for (const f of judgeOnce(text, cand, local)) {
        out.push({ ...f, start: f.start + cand.start, end: f.end + cand.start, ...(f.explanation ? { explanation: f.explanation.map((step) => ({ ...step })) } : {}) });
      }
    }
    return out;
  },
};
