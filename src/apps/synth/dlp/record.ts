import { BodyBuilder } from './builder.js';
import { dlpData } from './data.js';
import { deriveLabels } from './labels.js';
import { HEX, Rng } from './prng.js';
import { handleOf, drawRecipients } from './recipients.js';
import { SCENARIO_SPECS, type ScenarioSpec } from './scenarios.js';
import { scrambleRecord, type MessageBounds } from './scramble.js';
import { generateSsn } from './values/ssn.js';
import { SCENARIOS, type Attachment, type DlpRecord, type DlpUser, type Recipient, type Scenario, type Span, type Thread } from './types.js';

/** Version tag written into every record's meta and the manifest. */
export const GENERATOR = 'warden-dlp/1';

/** Records are dated in 2025: base time plus a seeded offset (the clock is never read). */
const BASE_MS = Date.UTC(2025, 0, 1);
const YEAR_MINUTES = 365 * 24 * 60;
const SCENARIO_TABLE = SCENARIOS.map((s) => [s, SCENARIO_SPECS[s].weight] as const);
const SENIORITY: readonly (readonly [DlpUser['seniority'], number])[] = [['junior', 25], ['mid', 35], ['senior', 25], ['lead', 10], ['executive', 5]];
const GREETINGS = ['Hi all,', 'Hello team,', 'Hi,', 'Good morning,', 'Hey,'];
const CLOSINGS = ['Best,', 'Thanks,', 'Regards,', 'Cheers,', 'Kind regards,'];
const CONFIG_LINES = ['{ENV}={SECRET}', 'DATABASE_URL={DBURI}', 'ALLOWED_SOURCE={IP}'];

export interface RecordKey {
  seed: number;
  /** Split name (train, val, test, demo, ...). */
  split: string;
  /** Stream number of the split: records of different splits never share a generator state. */
  stream: number;
  index: number;
}

/**
 * One DLP record, fully determined by (seed, stream, index): scenario, channel, user,
 * recipients, optional thread, a body with planted values and exact spans, obfuscations
 * applied after placement, labels from the rule set, attachments, links and meta.
 *
 * @example
 * const record = generateRecord({ seed: 42, split: 'train', stream: 0, index: 0 });
 * record.body.slice(record.spans[0]!.start, record.spans[0]!.end); // the first planted value
 */
export function generateRecord(key: RecordKey): DlpRecord {
  const rng = new Rng(key.seed, key.stream, key.index);
  const scenario = rng.weighted(SCENARIO_TABLE);
  const spec = SCENARIO_SPECS[scenario];
  const channel = rng.weighted(spec.channels);
  const user: DlpUser = { role: rng.pick(spec.roles), dept: spec.dept, seniority: rng.weighted(SENIORITY) };
  const recipients = drawRecipients(rng, channel, scenario);
  const clean = rng.chance(spec.clean);
  const created = BASE_MS + rng.int(YEAR_MINUTES) * 60_000;
  const units = contentUnits(rng, spec, clean);
  const b = new BodyBuilder(rng, scenario);
  const messages: MessageBounds[] = [];
  const threaded = (channel === 'email' || channel === 'chat') && units.length >= 2 && rng.chance(0.3);
  let thread: Thread | undefined;
  if (threaded) {
    const count = Math.min(units.length, rng.range(2, 4));
    const handles = [`${user.dept}-${user.role.replace(/\s+/g, '-').toLowerCase()}`, handleOf(recipients[0]!)];
    let at = created;
    thread = { id: `t-${rng.chars(HEX, 10)}`, messages: [] };
    for (let m = 0; m < count; m++) {
      if (m > 0) b.lit(channel === 'email' ? '\n\n' : '\n');
      const from = handles[m % 2]!;
      const stamp = new Date(at).toISOString();
      const start = b.text.length;
      b.lit(`[${stamp.slice(0, 16).replace('T', ' ')}] ${from}: `);
      const textStart = b.text.length;
      const mine = units.filter((_u, i) => i % count === m);
      mine.forEach(function write(u, i) {
        if (i > 0) b.lit(' ');
        b.sentence(u);
      });
      messages.push({ start, textStart, end: b.text.length });
      thread.messages.push({ from, at: stamp, start: 0, end: 0 });
      at += rng.range(1, 180) * 60_000;
    }
  } else if (channel === 'email') {
    writeEmail(rng, b, units, user, clean);
  } else if (channel === 'chat') {
    units.forEach((u, i) => (i > 0 ? b.lit(' ') : b).sentence(u));
  } else if (channel === 'pr') {
    writePullRequest(rng, b, spec, units, clean);
  } else {
    writeUpload(rng, b, spec, recipients[0]!, units, clean);
  }

  const scrambled = scrambleRecord(rng, b.text, b.spans, messages);
  const finished = thread;
  if (finished) messages.forEach((m, i) => Object.assign(finished.messages[i]!, { start: m.start, end: m.end }));
  const spans: Span[] = scrambled.spans.map((s) => ({ type: s.type, start: s.start, end: s.end }));
  const obfuscated = scrambled.spans.flatMap((s, i) => (s.obfuscated ? [i] : []));
  const grouped = scrambled.spans.flatMap((s, i) => (s.group !== undefined ? [i] : []));
  const labels = deriveLabels({ types: new Set(spans.map((s) => s.type)), scenario, recipients, obfuscation: scrambled.kind });
  return {
    id: `dlp-${key.split}-${String(key.index).padStart(6, '0')}`,
    channel,
    user,
    recipients,
    ...(thread ? { thread } : {}),
    subject: (thread && channel === 'email' ? 'Re: ' : '') + rng.pick(spec.subjects),
    body: scrambled.body,
    attachments: drawAttachments(rng, spec, channel === 'upload' ? 1 : rng.weighted([[0, 60], [1, 30], [2, 10]] as const)),
    links: drawLinks(rng, scenario, recipients),
    labels,
    spans,
    meta: {
      scenario,
      created: new Date(created).toISOString(),
      generator: GENERATOR,
      seed: key.seed,
      split: key.split,
      index: key.index,
      planted: b.planted,
      obfuscated,
      ...(grouped.length > 0 ? { splitGroups: [grouped] } : {}),
    },
  };
}

/** The sentences of a record: sensitive ones (none when clean) mixed with plain ones. */
function contentUnits(rng: Rng, spec: ScenarioSpec, clean: boolean): string[] {
  const sensitive = clean ? 0 : rng.weighted([[1, 50], [2, 35], [3, 15]] as const);
  const plain = rng.range(clean ? 1 : 0, 2);
  const units = [...draw(rng, spec.sensitive, sensitive), ...draw(rng, spec.plain, plain)];
  for (let i = units.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [units[i], units[j]] = [units[j]!, units[i]!];
  }
  return units;
}

/** `n` distinct items (fewer when the list is shorter). */
function draw(rng: Rng, items: readonly string[], n: number): string[] {
  const pool = [...items];
  const out: string[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(rng.int(pool.length), 1)[0]!);
  return out;
}

function writeEmail(rng: Rng, b: BodyBuilder, units: readonly string[], user: DlpUser, clean: boolean): void {
  if (!clean && rng.chance(0.25)) b.lit('Hi ').value('NAME', valueName(rng)).lit(',');
  else b.lit(rng.pick(GREETINGS));
  b.lit('\n\n');
  units.forEach((u, i) => (i > 0 ? b.lit(rng.chance(0.5) ? ' ' : '\n\n') : b).sentence(u));
  b.lit(`\n\n${rng.pick(CLOSINGS)}\n`);
  if (!clean && rng.chance(0.35)) b.value('NAME', valueName(rng)).lit(`\n${user.role}, ${user.dept}`);
  else b.lit(`${user.role}, ${user.dept}`);
  if (!clean && rng.chance(0.15)) b.lit('\nMobile: ').sentence('{PHONE}');
}

function valueName(rng: Rng): string {
  const names = dlpData().names.cultures;
  const lists = names[rng.pick(Object.keys(names))]!;
  return `${rng.pick(lists.first)} ${rng.pick(lists.last)}`;
}

function writePullRequest(rng: Rng, b: BodyBuilder, spec: ScenarioSpec, units: readonly string[], clean: boolean): void {
  b.lit('## Summary\n').sentence(rng.pick(spec.plain)).lit('\n\n## Details\n');
  units.forEach((u, i) => (i > 0 ? b.lit('\n') : b).lit('- ').sentence(u));
  if (!clean && rng.chance(0.5)) {
    b.lit('\n\n```env\n');
    const lines = rng.range(1, 2);
    for (let i = 0; i < lines; i++) b.sentence(rng.pick(CONFIG_LINES)).lit('\n');
    b.lit('```');
  }
}

function writeUpload(rng: Rng, b: BodyBuilder, spec: ScenarioSpec, destination: Recipient, units: readonly string[], clean: boolean): void {
  const file = spec.attachments[0]![0];
  b.lit(`Uploading ${file} to ${destination.address}. `);
  units.forEach((u, i) => (i > 0 ? b.lit(' ') : b).sentence(u));
  if (clean) return;
  // Exports quote every field (Excel, CRM and HR systems do): "Name","512-44-7821",...
  b.lit(`\n\n${spec.csv.header.split(',').map((h) => `"${h}"`).join(',')}`);
  const rows = rng.range(1, 4);
  for (let r = 0; r < rows; r++) {
    b.lit('\n');
    spec.csv.columns.forEach(function cell(type, c) {
      b.lit(c > 0 ? ',"' : '"');
      if (type === 'SSN') b.value('SSN', generateSsn(rng, true));
      else b.sentence(`{${type}}`);
      b.lit('"');
    });
  }
}

function drawAttachments(rng: Rng, spec: ScenarioSpec, count: number): Attachment[] {
  const out: Attachment[] = [];
  for (let i = 0; i < count; i++) {
    const [name, mime] = i === 0 && count === 1 && rng.chance(0.5) ? spec.attachments[0]! : rng.pick(spec.attachments);
    out.push({ name, mime, size: rng.range(2_000, 4_000_000) });
  }
  return out;
}

function drawLinks(rng: Rng, scenario: Scenario, recipients: readonly Recipient[]): string[] {
  const out: string[] = [];
  const n = rng.weighted([[0, 50], [1, 35], [2, 15]] as const);
  for (let i = 0; i < n; i++) {
    const r = rng.pick(recipients);
    const host = r.address.includes('@') ? r.address.split('@')[1]! : r.address.split('/')[0]!;
    if (r.class === 'suspicious') out.push(`https://${host}/login?session=${rng.chars(HEX, 16)}`);
    else if (r.class === 'partner') out.push(`https://${host}/portal/case/${rng.range(1000, 99999)}`);
    else out.push(`https://wiki.northwind-meridian.com/${scenario}/${rng.chars(HEX, 8)}`);
  }
  return out;
}
