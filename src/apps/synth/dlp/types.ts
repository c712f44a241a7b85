/**
 * The DLP record format: what `warden synth dlp` writes, what `warden synth validate-dlp`
 * checks, and what any other generator (the LLM-driven one included) must produce.
 *
 * Spans are `[start, end)` offsets in UTF-16 code units (JavaScript string indices) into
 * `body` only; `subject`, `attachments` and `links` never carry sensitive values and have no
 * spans. A span of an obfuscated value covers the obfuscated text as it stands in `body`.
 */

export const SPAN_TYPES = ['EMAIL', 'PHONE', 'PAN', 'SSN', 'SECRET', 'DBURI', 'NDA', 'MATTER', 'NAME', 'ADDR', 'IBAN', 'IP'] as const;
export type SpanType = (typeof SPAN_TYPES)[number];

export const CHANNELS = ['email', 'chat', 'pr', 'upload'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SCENARIOS = ['legal', 'finance', 'hr', 'security', 'engineering', 'casual', 'marketing'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * internal: the company's own domains, channels, repositories and shares; partner: an outside
 * firm (authorised only for the scenario it serves); webmail: a personal destination (webmail,
 * personal drive, personal public repository); competitor; suspicious: look-alike domains,
 * throw-away file drops and paste sites.
 */
export const RECIPIENT_CLASSES = ['internal', 'partner', 'webmail', 'competitor', 'suspicious'] as const;
export type RecipientClass = (typeof RECIPIENT_CLASSES)[number];

export const OBFUSCATIONS = ['none', 'base64', 'homoglyph', 'zero-width', 'spelled-digits', 'at-dot', 'split'] as const;
export type Obfuscation = (typeof OBFUSCATIONS)[number];

export const SENSITIVITIES = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const EXPOSURES = ['none', 'internal', 'external-authorised', 'external-unauthorised', 'suspicious'] as const;
export type Exposure = (typeof EXPOSURES)[number];

export interface Span {
  type: SpanType;
  start: number;
  end: number;
}

export interface DlpUser {
  role: string;
  dept: string;
  seniority: 'junior' | 'mid' | 'senior' | 'lead' | 'executive';
}

export interface Recipient {
  /** E-mail address, chat channel or handle, repository, or upload location. */
  address: string;
  class: RecipientClass;
  /** Organisation behind a partner or competitor address. */
  org?: string;
  /** For a partner: whether it is authorised for this record's scenario (outside counsel for legal, ...). */
  authorised?: boolean;
}

export interface ThreadMessage {
  from: string;
  /** ISO-8601 time, derived from the seed. */
  at: string;
  /** The message's `[start, end)` in `body`. */
  start: number;
  end: number;
}

export interface Thread {
  id: string;
  messages: ThreadMessage[];
}

export interface Attachment {
  name: string;
  mime: string;
  size: number;
}

export interface DlpLabels {
  sensitivity: Sensitivity;
  exposure: Exposure;
  context: Scenario;
  obfuscation: Obfuscation;
}

/** What was planted: one entry per value, with the digest of its canonical form (no raw value). */
export interface Planted {
  type: SpanType;
  /** fnv1a of the canonical value (see canonicalValue). */
  digest: string;
}

export interface DlpMeta {
  scenario: Scenario;
  /** ISO-8601 creation time, derived from the seed (never the clock). */
  created: string;
  generator: string;
  seed: number;
  split: string;
  index: number;
  planted: Planted[];
  /** Indices into `spans` of the values that were obfuscated. */
  obfuscated: number[];
  /** Groups of span indices holding one value split across thread messages. */
  splitGroups?: number[][];
}

export interface DlpRecord {
  id: string;
  channel: Channel;
  user: DlpUser;
  recipients: Recipient[];
  thread?: Thread;
  subject: string;
  body: string;
  attachments: Attachment[];
  links: string[];
  labels: DlpLabels;
  spans: Span[];
  meta: DlpMeta;
}
