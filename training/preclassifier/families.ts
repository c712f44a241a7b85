import { CMD_OPS } from './families/command-ops.js';
import { CMD_PERSUASION } from './families/command-persuasion.js';
import { CMD_SUPPORT } from './families/command-support.js';
import { CMD_VARIANTS } from './families/command-variants.js';
import { EDU_DETECTION } from './families/educational-detection.js';
import { EDU_TEACHING } from './families/educational-teaching.js';
import { EDU_VARIANTS } from './families/educational-variants.js';
import { EDU_WRITEUPS } from './families/educational-writeups.js';
import { TXT_DOCS_FAMILIES } from './families/text-docs.js';
import { TXT_HOWTO } from './families/text-howto.js';
import { TXT_MIRRORS } from './families/text-mirrors.js';
import { TXT_SECURITY } from './families/text-security.js';
import { TXT_VARIANTS } from './families/text-variants.js';
import { Rng } from './rng.js';
import type { Family, Label } from './types.js';

/** Template families, in output order. */
export const TEMPLATE_FAMILIES: readonly Family[] = [
  ...EDU_TEACHING, ...EDU_WRITEUPS, ...EDU_DETECTION, ...EDU_VARIANTS,
  ...CMD_SUPPORT, ...CMD_OPS, ...CMD_PERSUASION, ...CMD_VARIANTS,
  ...TXT_HOWTO, ...TXT_DOCS_FAMILIES, ...TXT_SECURITY, ...TXT_MIRRORS, ...TXT_VARIANTS,
];

export interface FamilyInfo {
  id: string;
  label: Label;
  desc: string;
  /** 'template': generated; 'edge': hand-written edge cases (families/edge-cases.ts). */
  kind: 'template' | 'edge';
}

export const EDGE_FAMILY: Record<Label, string> = { educational: 'edge-educational', command: 'edge-command', text: 'edge-text' };

/** Every family id with its label and a one-line description. */
export const FAMILIES: readonly FamilyInfo[] = [
  ...TEMPLATE_FAMILIES.map((f) => ({ id: f.id, label: f.label, desc: f.desc, kind: 'template' as const })),
  { id: EDGE_FAMILY.educational, label: 'educational', desc: 'Hand-written edge cases labelled educational (retracted or refused commands, hypotheticals).', kind: 'edge' },
  { id: EDGE_FAMILY.command, label: 'command', desc: 'Hand-written edge cases labelled command (caveats then "go ahead", lab and sandbox instructions).', kind: 'edge' },
  { id: EDGE_FAMILY.text, label: 'text', desc: 'Hand-written edge cases labelled text (alarming wording, look-alike commands).', kind: 'edge' },
];

const seen = new Set<string>();
for (const f of FAMILIES) {
  if (seen.has(f.id)) throw new Error(`duplicate family id ${f.id}`);
  if (!f.id.startsWith({ educational: 'edu-', command: 'cmd-', text: 'txt-' }[f.label]) && f.kind === 'template') throw new Error(`family ${f.id} does not carry its label's prefix`);
  seen.add(f.id);
}

/**
 * Picks about `share` of the template families of each label (at least one per label) for a
 * held-out test split; the same seed gives the same pick. Edge families are never picked: keep
 * them as a separate, always-held-out set.
 *
 * @example
 * const test = new Set(holdoutFamilies(7));
 * rows.filter((r) => test.has(r.family)); // whole families, every label present
 */
export function holdoutFamilies(seed: number, share = 0.2): string[] {
  const r = new Rng(seed);
  const out: string[] = [];
  for (const label of ['educational', 'command', 'text'] as const) {
    const ids = FAMILIES.filter((f) => f.kind === 'template' && f.label === label).map((f) => f.id);
    const k = Math.max(1, Math.round(ids.length * share));
    out.push(...r.shuffle(ids).slice(0, k));
  }
  return out.sort();
}
