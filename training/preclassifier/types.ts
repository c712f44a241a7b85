import type { G } from './compose.js';

export type Label = 'educational' | 'command' | 'text';
export type Lang = 'en' | 'de' | 'tr' | 'es' | 'fr' | 'zh';
export type SegmentType = 'code' | 'text';

/** Kind of dangerous command: the egress guard's command families. */
export type Cat = 'download' | 'revshell' | 'destroy' | 'persist' | 'creds' | 'evasion' | 'lolbin' | 'cloud';
export type Shell = 'bash' | 'powershell' | 'cmd';
/** Which description of a dangerous command fits: its kind, with evasion split three ways. */
export type EffectKey = Cat | 'cleanup' | 'obfuscate';

/** A dangerous command template. */
export interface Danger {
  cat: Cat;
  sh: Shell;
  /** MITRE ATT&CK technique. */
  tech: string;
  /** A distinctive substring, for detection rules and queries. */
  needle: string;
  /** The command (may span lines), with `«slots»`. */
  t: string;
  /** What it does, neutral, third person present ("opens ..."). */
  what: string;
}

/** One output row, as written to rows.jsonl. */
export interface Row {
  id: string;
  text: string;
  label: Label;
  segment_type: SegmentType;
  language: Lang;
  family: string;
}

/**
 * A sub-template: either a list of parts, each a list of alternatives (one is picked per part,
 * parts are joined with a space, `{placeholders}` filled), or a function of the row state.
 */
export type Template = readonly (readonly string[])[] | ((g: G) => string);

/** What fills `{CMD}` in a family's templates. */
export type Subject = 'danger' | 'recon' | 'benign' | 'none';

/** A template family: one framing, several sub-templates. */
export interface Family {
  id: string;
  label: Label;
  /** One line: the framing. */
  desc: string;
  subject: Subject;
  /** English rows to generate. */
  count: number;
  templates: readonly Template[];
  /** Restricts the dangerous commands used. */
  cats?: readonly Cat[];
  /** Restricts the benign commands used (matched against the command template). */
  match?: RegExp;
  /** Restricts the dangerous commands used (matched against the command template). */
  dangerMatch?: RegExp;
}

/** A frame in another language: rows for an existing family id. */
export interface Frame {
  family: string;
  subject: Subject;
  templates: readonly Template[];
}

/** A hand-written phrase bank for one language. */
export interface LangBank {
  lang: Lang;
  /** Rows per frame. */
  perFrame: number;
  /** Neutral descriptions of what a command of each kind does. */
  effect: Record<EffectKey, readonly string[]>;
  /** Reasons an answer gives for running a command of each kind. */
  pretext: Record<Cat, readonly string[]>;
  /** Benign tasks: [what it is for (infinitive, as the language's templates need it), the command]. */
  tasks: readonly (readonly [string, string])[];
  /** Names for the place a command is typed. */
  shellName: Record<Shell, readonly string[]>;
  frames: readonly Frame[];
}

/** A hand-labelled row. */
export interface EdgeRow {
  label: Label;
  lang?: Lang;
  segment_type: SegmentType;
  text: string;
}
