import { selectDetectors } from '../../../detect/detectors.js';
import { scan } from '../../../detect/scanner.js';
import { checkRecord } from '../dlp/check-record.js';
import type { WorkSpan } from '../dlp/edits.js';
import { deriveLabels } from '../dlp/labels.js';
import { fnv1a, Rng } from '../dlp/prng.js';
import { emailAddress, handleOf } from '../dlp/recipients.js';
import { SCENARIO_SPECS } from '../dlp/scenarios.js';
import type { MessageBounds } from '../dlp/scramble.js';
import type { Attachment, DlpMeta, DlpRecord, DlpUser, Planted, Recipient, RecipientClass, SpanType, Thread } from '../dlp/types.js';
import { SPAN_TYPES } from '../dlp/types.js';
import { dlpData } from '../dlp/data.js';
import { canonicalValue, generatePerson, valueOf } from '../dlp/values/index.js';
import { obfuscate } from './obfuscate.js';
import type { AgentChannel, AgentTask } from './plan.js';
import { checkAnswer, type AgentAnswer } from './prompts.js';

export const AGENT_GENERATOR = 'warden-dlp-agent/1';
const FILL_STREAM = 7002;
const BASE_MS = Date.UTC(2025, 0, 1);
const YEAR_MINUTES = 365 * 24 * 60;
const SPAN_SET: ReadonlySet<string> = new Set(SPAN_TYPES);
/** `{{TYPE_N}}`: bounded, no nested quantifiers. */
const PLACEHOLDER = /\{\{([A-Z]{2,6})_(\d{1,2})\}\}/g;
const MIME: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  csv: 'text/csv',
  txt: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  zip: 'application/zip',
  json: 'application/json',
  log: 'text/plain',
};

/** Why an answer was refused: a stable code (counted in the manifest) and a message for the re-ask. */
export interface Rejection {
  code: string;
  message: string;
}

/** What the agent records about a record's making, beside the generator's meta. */
export interface AgentMeta extends DlpMeta {
  agent: { task: string; attempt: number; model: string; target: string; planned_obfuscation: string; turns: number };
}

export type AgentRecord = DlpRecord & { meta: AgentMeta };

export interface FillContext {
  seed: number;
  model: string;
  attempt: number;
}

/**
 * Turns a model's answer into a DLP record: checks the schema, finds the `{{TYPE_N}}`
 * placeholders (every one asked for, no other), fills them with seeded values from the DLP
 * generator's value functions and records exact spans as it writes, applies the task's
 * obfuscation with span remapping, derives the labels by the rule set, then runs the DLP
 * validator on the record: a detection outside the planted spans (a raw value the model
 * invented) or any span problem refuses the answer.
 *
 * @example
 * const out = fillAnswer(task, answerJson, { seed: 42, model: 'gpt-4o-mini', attempt: 1 });
 * if ('record' in out) out.record.spans; // exact spans of the filled values
 */
export function fillAnswer(task: AgentTask, json: unknown, ctx: FillContext): { record: AgentRecord } | { rejections: Rejection[] } {
  const checked = checkAnswer(json, task.turns);
  if ('reasons' in checked) return { rejections: checked.reasons.map((message) => ({ code: 'schema', message })) };
  const answer = checked.answer;
  const rejections = placeholderProblems(task, answer);
  if (rejections.length > 0) return { rejections };
  const record = assemble(task, answer, ctx);
  const problems = checkRecord(record);
  if (problems.length > 0) {
    return {
      rejections: problems.map((p) =>
        p.code === 'detect.unlabelled'
          ? { code: 'raw-value', message: `the text holds a sensitive-looking value that is not a placeholder (${p.message}); write a placeholder or leave it out` }
          : p.code === 'span.boundary'
            ? { code: 'placeholder.glued', message: 'a placeholder is glued to letters or digits; put a space or punctuation around it' }
            : { code: `check.${p.code}`, message: p.message },
      ),
    };
  }
  return { record };
}

function placeholderProblems(task: AgentTask, answer: AgentAnswer): Rejection[] {
  const out: Rejection[] = [];
  const outside = [answer.subject, ...answer.attachments];
  if (outside.some((t) => t.includes('{{') || t.includes('}}'))) out.push({ code: 'placeholder.outside', message: 'placeholders belong in the message texts only, not in the subject or attachment names' });
  const detectors = selectDetectors({ names: ['secrets', 'pii'] });
  for (const text of outside) {
    const found = scan(text, { detectors, timeBudgetMs: 1000 }).findings[0];
    if (found) out.push({ code: 'raw-value', message: `the subject or an attachment name holds a sensitive-looking value (${found.rule} "${found.preview}"); leave it out` });
  }
  const wanted = new Set(task.placeholders);
  const seen = new Set<string>();
  for (const m of answer.messages) {
    for (const match of m.text.matchAll(PLACEHOLDER)) {
      const name = `${match[1]}_${Number(match[2])}`;
      if (!wanted.has(name)) out.push({ code: 'placeholder.unknown', message: `{{${match[1]}_${match[2]}}} was not asked for; use only ${[...wanted].map((p) => `{{${p}}}`).join(', ') || 'no placeholders'}` });
      seen.add(name);
    }
    const rest = m.text.replace(PLACEHOLDER, '');
    if (rest.includes('{{') || rest.includes('}}')) out.push({ code: 'placeholder.malformed', message: 'a placeholder is misspelt; write it exactly as given, e.g. {{NAME_1}}' });
  }
  const missing = task.placeholders.filter((p) => !seen.has(p));
  if (missing.length > 0) out.push({ code: 'placeholder.missing', message: `the texts do not use ${missing.map((p) => `{{${p}}}`).join(', ')}; use every placeholder at least once` });
  return out;
}

/**
 * The value of each placeholder of a task, drawn from (seed, task index) alone with the DLP
 * generator's value functions; two placeholders of one type get different values.
 *
 * @example
 * placeholderValues(task, 42).get('PAN_1'); // { type: 'PAN', value: '4539 1488 0343 6467' }
 */
export function placeholderValues(task: AgentTask, seed: number): Map<string, { type: SpanType; value: string }> {
  const rng = new Rng(seed, FILL_STREAM, task.index);
  const values = new Map<string, { type: SpanType; value: string }>();
  const used = new Set<string>();
  for (const name of task.placeholders) {
    const type = name.slice(0, name.lastIndexOf('_')) as SpanType;
    if (!SPAN_SET.has(type)) throw new Error(`internal: placeholder ${name} has no span type`);
    let value = '';
    for (let i = 0; i < 8 && (value === '' || used.has(value)); i++) value = draw(rng, type);
    used.add(value);
    values.set(name, { type, value });
  }
  return values;
}

function draw(rng: Rng, type: SpanType): string {
  if (type === 'EMAIL') return emailAddress(rng, rng.chance(0.6) ? 'internal' : 'webmail', 'casual').address;
  if (type === 'NAME') return generatePerson(rng).name;
  return valueOf(type, rng);
}

function assemble(task: AgentTask, answer: AgentAnswer, ctx: FillContext): AgentRecord {
  const rng = new Rng(ctx.seed, FILL_STREAM + 1, task.index);
  const values = placeholderValues(task, ctx.seed);
  const spec = SCENARIO_SPECS[task.scenario];
  const user: DlpUser = { role: rng.pick(spec.roles), dept: spec.dept, seniority: rng.pick(['junior', 'mid', 'senior', 'lead', 'executive'] as const) };
  const recipients = recipientsFor(rng, task.channel, task.recipientClass, task);
  const created = BASE_MS + rng.int(YEAR_MINUTES) * 60_000;
  let body = '';
  const spans: WorkSpan[] = [];
  const planted: Planted[] = [];
  const write = (text: string): void => {
    let at = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      body += text.slice(at, match.index);
      const { type, value } = values.get(`${match[1]}_${Number(match[2])}`)!;
      spans.push({ type, start: body.length, end: body.length + value.length });
      planted.push({ type, digest: fnv1a(canonicalValue(type, value)) });
      body += value;
      at = match.index + match[0].length;
    }
    body += text.slice(at);
  };
  const messages: MessageBounds[] = [];
  let thread: Thread | undefined;
  if (answer.messages.length === 1) write(answer.messages[0]!.text);
  else {
    const handles = { sender: `${user.dept}-${user.role.replace(/\s+/g, '-').toLowerCase()}`, recipient: handleOf(recipients[0]!) };
    thread = { id: `t-${fnv1a(`${ctx.seed}:${task.id}`)}`, messages: [] };
    let at = created;
    answer.messages.forEach(function writeMessage(m, i) {
      if (i > 0) body += task.channel === 'email' ? '\n\n' : '\n';
      const stamp = new Date(at).toISOString();
      const start = body.length;
      body += `[${stamp.slice(0, 16).replace('T', ' ')}] ${handles[m.from]}: `;
      const textStart = body.length;
      write(m.text);
      messages.push({ start, textStart, end: body.length });
      thread!.messages.push({ from: handles[m.from], at: stamp, start: 0, end: 0 });
      at += rng.range(1, 180) * 60_000;
    });
  }
  const scrambled = obfuscate(rng, task.obfuscation, body, spans, messages);
  if (thread) messages.forEach((m, i) => Object.assign(thread!.messages[i]!, { start: m.start, end: m.end }));
  const finalSpans = scrambled.spans.map((s) => ({ type: s.type, start: s.start, end: s.end }));
  const obfuscated = scrambled.spans.flatMap((s, i) => (s.obfuscated ? [i] : []));
  const grouped = scrambled.spans.flatMap((s, i) => (s.group !== undefined ? [i] : []));
  const labels = deriveLabels({ types: new Set(finalSpans.map((s) => s.type)), scenario: task.scenario, recipients, obfuscation: scrambled.kind });
  const subject = answer.subject.trim();
  return {
    id: task.id,
    channel: task.channel,
    user,
    recipients,
    ...(thread ? { thread } : {}),
    subject: thread && task.channel === 'email' && !/^re:/i.test(subject) ? `Re: ${subject}` : subject,
    body: scrambled.body,
    attachments: answer.attachments.map((name): Attachment => ({ name: name.trim(), mime: MIME[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream', size: rng.range(2_000, 4_000_000) })),
    links: [],
    labels,
    spans: finalSpans,
    meta: {
      scenario: task.scenario,
      created: new Date(created).toISOString(),
      generator: AGENT_GENERATOR,
      seed: ctx.seed,
      split: 'agent',
      index: task.index,
      planted,
      obfuscated,
      ...(grouped.length > 0 ? { splitGroups: [grouped] } : {}),
      agent: { task: task.id, attempt: ctx.attempt, model: ctx.model, target: task.target, planned_obfuscation: task.obfuscation, turns: task.turns },
    },
  };
}

/** The recipient of the planned class, as the generator writes them for e-mail and chat. */
function recipientsFor(rng: Rng, channel: AgentChannel, cls: RecipientClass, task: AgentTask): Recipient[] {
  const r = emailAddress(rng, cls, task.scenario);
  if (channel === 'email') return [r];
  if (cls === 'internal') return [{ address: rng.pick(dlpData().orgs.internal.chatChannels), class: cls }];
  return [{ ...r, address: cls === 'partner' ? `#shared-${r.address.split('@')[1]!.split('.')[0]}` : `dm:${r.address}` }];
}
