import { selectDetectors } from '../../../detect/detectors.js';
import { maskPreview } from '../../../detect/finding.js';
import { scan } from '../../../detect/scanner.js';
import { deriveLabels } from './labels.js';
import { deobfuscate } from './obfuscate.js';
import { fnv1a } from './prng.js';
import { CHANNELS, EXPOSURES, OBFUSCATIONS, RECIPIENT_CLASSES, SCENARIOS, SENSITIVITIES, SPAN_TYPES, type DlpRecord, type Scenario, type Span, type SpanType } from './types.js';
import { canonicalValue, valueProblem } from './values/index.js';

export type ProblemCode =
  | 'record.shape'
  | 'span.bounds'
  | 'span.overlap'
  | 'span.boundary'
  | 'span.type'
  | 'span.obfuscation'
  | 'span.unplanted'
  | 'planted.unlabelled'
  | 'label.rule'
  | 'thread.bounds'
  | 'detect.unlabelled';

/** One problem in one record; messages never hold a raw value (masked previews at most). */
export interface Problem {
  code: ProblemCode;
  message: string;
}

export interface CheckOptions {
  /** Scan the body with Warden's secrets and PII detectors for values no span covers (default true). */
  scan?: boolean;
}

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);
const isAlnum = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Every check of `warden synth validate-dlp` on one parsed record: shape and enums; each span
 * inside the body, on value boundaries, not overlapping another, and of its type (the value is
 * de-obfuscated when meta.obfuscated lists it, split pieces are joined, then re-validated:
 * Luhn, SSN ranges, libphonenumber, mod 97, provider shapes, ...); every planted value labelled
 * and every span planted (when meta.planted is there); labels equal to the rule set's; thread
 * bounds; and no secrets/PII detection outside the spans.
 *
 * @example
 * checkRecord(record).length; // 0 for a generated record
 */
export function checkRecord(input: unknown, options: CheckOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const add = (code: ProblemCode, message: string) => problems.push({ code, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [{ code: 'record.shape', message: 'record is not a JSON object' }];
  const r = input as Partial<DlpRecord> & Record<string, unknown>;
  const shape = shapeProblems(r);
  if (shape.length > 0) return shape.map((message) => ({ code: 'record.shape', message }));
  const record = r as DlpRecord;
  const body = record.body;
  const spans = record.spans;
  const valid: Span[] = [];
  spans.forEach(function bounds(s, i) {
    if (s.start < 0 || s.end > body.length || s.start >= s.end) add('span.bounds', `spans[${i}] ${s.type} [${s.start}, ${s.end}) is outside the body (length ${body.length}) or empty`);
    else valid.push(s);
  });
  const order = [...valid].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < order.length; i++) {
    const a = order[i - 1]!;
    const b = order[i]!;
    if (b.start < a.end) add('span.overlap', `${a.type} [${a.start}, ${a.end}) and ${b.type} [${b.start}, ${b.end}) overlap${a.type === b.type ? ' (duplicate)' : ' (contradictory types)'}`);
  }
  for (const s of valid) {
    if ((isAlnum(body[s.start - 1]) && isAlnum(body[s.start])) || (isAlnum(body[s.end]) && isAlnum(body[s.end - 1]))) {
      add('span.boundary', `${s.type} [${s.start}, ${s.end}) cuts through a word or number`);
    }
  }
  const meta = record.meta;
  const obfuscated = new Set(Array.isArray(meta?.obfuscated) ? meta.obfuscated : []);
  const groups = Array.isArray(meta?.splitGroups) ? meta.splitGroups : [];
  const inGroup = new Set(groups.flat());
  const digests: string[] = [];
  const judge = (type: SpanType, text: string | undefined, where: string) => {
    if (text === undefined) return add('span.obfuscation', `${where}: not in the "${record.labels.obfuscation}" form the record claims`);
    const canonical = canonicalValue(type, text);
    digests.push(fnv1a(canonical));
    const problem = valueProblem(type, canonical);
    if (problem && !(type === 'SECRET' && secretLike(canonical))) add('span.type', `${where}: ${problem} (${maskPreview(canonical)})`);
  };
  spans.forEach(function typeCheck(s, i) {
    if (!valid.includes(s) || inGroup.has(i)) return;
    const text = body.slice(s.start, s.end);
    judge(s.type, obfuscated.has(i) ? deobfuscate(record.labels.obfuscation, text) : text, `spans[${i}] ${s.type}`);
  });
  for (const group of groups) {
    const members = group.map((i) => spans[i]).filter((s): s is Span => s !== undefined && valid.includes(s));
    if (members.length !== group.length || members.length < 2 || new Set(members.map((s) => s.type)).size !== 1) {
      add('span.type', `split group [${group.join(', ')}] must name two or more valid spans of one type`);
      continue;
    }
    judge(members[0]!.type, members.map((s) => body.slice(s.start, s.end)).join(''), `split group [${group.join(', ')}] ${members[0]!.type}`);
  }
  if (Array.isArray(meta?.planted)) {
    const left = new Map<string, number>();
    for (const d of digests) left.set(d, (left.get(d) ?? 0) + 1);
    for (const p of meta.planted) {
      const n = left.get(p.digest) ?? 0;
      if (n > 0) left.set(p.digest, n - 1);
      else add('planted.unlabelled', `a planted ${p.type} value (digest ${p.digest}) has no span that holds it`);
    }
    const extra = [...left.values()].reduce((a, b) => a + b, 0);
    if (extra > 0) add('span.unplanted', `${extra} span value(s) match nothing in meta.planted`);
  }
  const scenario = (SCENARIOS as readonly string[]).includes(meta?.scenario as string) ? (meta.scenario as Scenario) : record.labels.context;
  const expected = deriveLabels({ types: new Set(spans.map((s) => s.type)), scenario, recipients: record.recipients, obfuscation: record.labels.obfuscation });
  for (const key of ['sensitivity', 'exposure', 'context'] as const) {
    if (record.labels[key] !== expected[key]) add('label.rule', `labels.${key} is "${record.labels[key]}" but the rule set gives "${expected[key]}"`);
  }
  if (record.labels.obfuscation !== 'none' && obfuscated.size === 0 && Array.isArray(meta?.obfuscated)) add('label.rule', `labels.obfuscation is "${record.labels.obfuscation}" but meta.obfuscated lists no span`);
  if (record.thread) threadProblems(record, add);
  if (options.scan !== false) {
    for (const f of scan(body, { detectors: selectDetectors({ names: ['secrets', 'pii'] }), timeBudgetMs: 5000 }).findings) {
      if (!spans.some((s) => s.start < f.end && f.start < s.end)) add('detect.unlabelled', `${f.rule} found "${f.preview}" at [${f.start}, ${f.end}) outside every span`);
    }
  }
  return problems;
}

/** A key the secrets detector recognises on its own (any provider, not only the generator's). */
function secretLike(value: string): boolean {
  if (value.length > 2000) return false;
  return scan(value, { detectors: selectDetectors({ names: ['secrets'] }) }).findings.some((f) => f.end - f.start >= value.length * 0.8);
}

function threadProblems(record: DlpRecord, add: (code: ProblemCode, message: string) => void): void {
  const messages = record.thread!.messages;
  if (!Array.isArray(messages) || messages.length === 0) return add('thread.bounds', 'thread.messages must be a non-empty array');
  let last = 0;
  messages.forEach(function bounds(m, i) {
    if (!isInt(m?.start) || !isInt(m?.end) || m.start < last || m.end < m.start || m.end > record.body.length) {
      add('thread.bounds', `thread.messages[${i}] [${m?.start}, ${m?.end}) is out of order or outside the body`);
    } else last = m.end;
  });
}

function shapeProblems(r: Record<string, unknown>): string[] {
  const out: string[] = [];
  const oneOf = (field: string, value: unknown, allowed: readonly string[]) => {
    if (!allowed.includes(value as string)) out.push(`${field} must be one of ${allowed.join('|')} (got ${JSON.stringify(value)?.slice(0, 40)})`);
  };
  if (typeof r.id !== 'string') out.push('id must be a string');
  oneOf('channel', r.channel, CHANNELS);
  if (typeof r.user !== 'object' || r.user === null) out.push('user must be an object {role, dept, seniority}');
  if (!Array.isArray(r.recipients)) out.push('recipients must be an array');
  else r.recipients.forEach((x: unknown, i) => (typeof x === 'object' && x !== null ? oneOf(`recipients[${i}].class`, (x as { class?: unknown }).class, RECIPIENT_CLASSES) : out.push(`recipients[${i}] must be an object`)));
  if (typeof r.subject !== 'string') out.push('subject must be a string');
  if (typeof r.body !== 'string') out.push('body must be a string');
  if (!Array.isArray(r.attachments)) out.push('attachments must be an array');
  if (!Array.isArray(r.links)) out.push('links must be an array');
  const labels = r.labels as Record<string, unknown> | undefined;
  if (typeof labels !== 'object' || labels === null) out.push('labels must be an object {sensitivity, exposure, context, obfuscation}');
  else {
    oneOf('labels.sensitivity', labels.sensitivity, SENSITIVITIES);
    oneOf('labels.exposure', labels.exposure, EXPOSURES);
    oneOf('labels.context', labels.context, SCENARIOS);
    oneOf('labels.obfuscation', labels.obfuscation, OBFUSCATIONS);
  }
  if (!Array.isArray(r.spans)) out.push('spans must be an array');
  else {
    r.spans.forEach(function spanShape(s: unknown, i) {
      const span = s as Partial<Span> | null;
      if (typeof span !== 'object' || span === null || !isInt(span.start) || !isInt(span.end)) out.push(`spans[${i}] must be {type, start, end} with integer offsets`);
      else oneOf(`spans[${i}].type`, span.type, SPAN_TYPES);
    });
  }
  if (r.meta !== undefined && (typeof r.meta !== 'object' || r.meta === null)) out.push('meta must be an object');
  return out;
}
