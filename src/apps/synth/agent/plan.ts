import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { WardenError } from '../../../core/errors.js';
import { OBFUSCATION_TYPES } from '../dlp/obfuscate.js';
import { Rng } from '../dlp/prng.js';
import { RECIPIENT_CLASSES, type Channel, type Obfuscation, type RecipientClass, type Scenario, type SpanType } from '../dlp/types.js';

/** The scenarios with a specialist prompt (prompts/dlp-agent/<scenario>.md). */
export const AGENT_SCENARIOS = ['legal', 'finance', 'hr', 'security', 'casual'] as const satisfies readonly Scenario[];
export type AgentScenario = (typeof AGENT_SCENARIOS)[number];
/** Channels that carry prose messages and threads. */
export const AGENT_CHANNELS = ['email', 'chat'] as const satisfies readonly Channel[];
export type AgentChannel = (typeof AGENT_CHANNELS)[number];
export const TARGETS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Target = (typeof TARGETS)[number];
/** Obfuscations the agent applies after filling placeholders (all of the generator's). */
export const AGENT_OBFUSCATIONS = ['none', 'base64', 'homoglyph', 'zero-width', 'spelled-digits', 'at-dot', 'split'] as const satisfies readonly Obfuscation[];
export const MAX_TURNS = 6;

type Weights<K extends string> = Partial<Record<K, number>>;

/**
 * The scenario mix: a weight per value of each axis (a value left out is never drawn). Every
 * task draws each axis independently from these weights with a PRNG keyed by (seed, task).
 */
export interface AgentPlan {
  scenarios: Weights<AgentScenario>;
  channels: Weights<AgentChannel>;
  recipients: Weights<RecipientClass>;
  sensitivity: Weights<Target>;
  obfuscation: Weights<(typeof AGENT_OBFUSCATIONS)[number]>;
  /** Messages per record: 1 is a single message, 2+ a thread. */
  turns: Partial<Record<string, number>>;
}

export const DEFAULT_PLAN: AgentPlan = {
  scenarios: { legal: 3, finance: 3, hr: 2, security: 2, casual: 2 },
  channels: { email: 3, chat: 2 },
  recipients: { internal: 50, partner: 20, webmail: 13, competitor: 7, suspicious: 10 },
  sensitivity: { public: 1, internal: 2, confidential: 3, restricted: 4 },
  obfuscation: { none: 70, base64: 5, homoglyph: 4, 'zero-width': 5, 'spelled-digits': 5, 'at-dot': 5, split: 6 },
  turns: { '1': 4, '2': 3, '3': 2, '4': 1 },
};

/** One record to generate: everything the prompt and the filling need, fixed by the plan. */
export interface AgentTask {
  index: number;
  id: string;
  scenario: AgentScenario;
  channel: AgentChannel;
  recipientClass: RecipientClass;
  /** The sensitivity the placeholders aim at; the record's label is derived by the rule set. */
  target: Target;
  obfuscation: Obfuscation;
  turns: number;
  /** Placeholder names the answer must use, e.g. ['PAN_1', 'NAME_1', 'NAME_2']. */
  placeholders: string[];
}

/** Placeholder types per scenario and sensitivity level (a level without types falls one level down). */
const TYPES: Readonly<Record<AgentScenario, Readonly<Record<Exclude<Target, 'public'>, readonly SpanType[]>>>> = {
  legal: { restricted: ['IBAN'], confidential: ['NDA', 'MATTER', 'PHONE', 'ADDR'], internal: ['NAME', 'EMAIL'] },
  finance: { restricted: ['PAN', 'IBAN'], confidential: ['PHONE', 'ADDR'], internal: ['NAME', 'EMAIL'] },
  hr: { restricted: ['SSN', 'IBAN'], confidential: ['PHONE', 'ADDR'], internal: ['NAME', 'EMAIL'] },
  security: { restricted: ['SECRET', 'DBURI'], confidential: ['PHONE'], internal: ['IP', 'EMAIL', 'NAME'] },
  casual: { restricted: [], confidential: ['PHONE', 'ADDR'], internal: ['NAME', 'EMAIL'] },
};
const LEVELS = ['restricted', 'confidential', 'internal'] as const;
const PLAN_STREAM = 7001;

function table<K extends string>(weights: Weights<K> | Partial<Record<string, number>>): [K, number][] {
  return Object.entries(weights).filter((e): e is [K, number] => typeof e[1] === 'number' && e[1] > 0);
}

/**
 * The tasks of a run: task i is drawn from the plan with a PRNG keyed by (seed, i) alone, so
 * the same seed and plan give the same tasks, and a longer run starts with the same ones.
 *
 * @example
 * const tasks = planTasks(DEFAULT_PLAN, 10, 42);
 * tasks[0]; // { index: 0, id: 'agent-000000', scenario: 'finance', placeholders: ['PAN_1', ...], ... }
 */
export function planTasks(plan: AgentPlan, records: number, seed: number): AgentTask[] {
  const axes = {
    scenarios: table<AgentScenario>(plan.scenarios),
    channels: table<AgentChannel>(plan.channels),
    recipients: table<RecipientClass>(plan.recipients),
    sensitivity: table<Target>(plan.sensitivity),
    obfuscation: table<Obfuscation>(plan.obfuscation),
    turns: table<string>(plan.turns),
  };
  const tasks: AgentTask[] = [];
  for (let index = 0; index < records; index++) {
    const rng = new Rng(seed, PLAN_STREAM, index);
    const scenario = rng.weighted(axes.scenarios);
    const channel = rng.weighted(axes.channels);
    const recipientClass = rng.weighted(axes.recipients);
    const target = rng.weighted(axes.sensitivity);
    let turns = Number(rng.weighted(axes.turns));
    const placeholders = placeholdersFor(rng, scenario, target);
    // Only obfuscations that fit one of the planted types are drawn (none when nothing is planted).
    const types = placeholders.map((p) => p.slice(0, p.lastIndexOf('_')) as SpanType);
    const fitting = axes.obfuscation.filter(([kind]) => kind === 'none' || types.some((t) => OBFUSCATION_TYPES[kind].includes(t)));
    const obfuscation: Obfuscation = fitting.length > 0 && placeholders.length > 0 ? rng.weighted(fitting) : 'none';
    if (obfuscation === 'split' && turns < 2) turns = 2;
    tasks.push({ index, id: `agent-${String(index).padStart(6, '0')}`, scenario, channel, recipientClass, target, obfuscation, turns, placeholders });
  }
  return tasks;
}

function placeholdersFor(rng: Rng, scenario: AgentScenario, target: Target): string[] {
  if (target === 'public') return [];
  const levels = LEVELS.slice(LEVELS.indexOf(target));
  const level = levels.find((l) => TYPES[scenario][l].length > 0)!;
  const types: SpanType[] = [rng.pick(TYPES[scenario][level])];
  const lower = levels.slice(levels.indexOf(level)).flatMap((l) => TYPES[scenario][l]);
  const extra = rng.weighted([[0, 35], [1, 45], [2, 20]] as const);
  for (let i = 0; i < extra; i++) types.push(rng.pick(lower));
  const seen = new Map<SpanType, number>();
  return types.map((t) => {
    const n = (seen.get(t) ?? 0) + 1;
    seen.set(t, n);
    return `${t}_${n}`;
  });
}

const AXES: Record<keyof AgentPlan, readonly string[]> = {
  scenarios: AGENT_SCENARIOS,
  channels: AGENT_CHANNELS,
  recipients: RECIPIENT_CLASSES,
  sensitivity: TARGETS,
  obfuscation: AGENT_OBFUSCATIONS,
  turns: Array.from({ length: MAX_TURNS }, (_, i) => String(i + 1)),
};

/**
 * Checks a plan object (from YAML or flags) and fills the axes it leaves out from DEFAULT_PLAN.
 * Errors name the field: `plan.yaml: scenarios.marketing: unknown value (legal|finance|...)`.
 *
 * @example
 * normalisePlan({ scenarios: { legal: 1 } }, 'flags').scenarios; // { legal: 1 }
 */
export function normalisePlan(input: unknown, where: string): AgentPlan {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new WardenError('W_CONFIG_INVALID', 'a plan is a mapping of axes (scenarios, channels, recipients, sensitivity, obfuscation, turns) to weights', { where });
  const out: AgentPlan = structuredClone(DEFAULT_PLAN);
  for (const [axis, value] of Object.entries(input as Record<string, unknown>)) {
    const allowed = AXES[axis as keyof AgentPlan];
    if (!allowed) throw new WardenError('W_CONFIG_INVALID', `unknown plan field "${axis.slice(0, 40)}" (allowed: ${Object.keys(AXES).join(', ')})`, { where });
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WardenError('W_CONFIG_INVALID', `${axis} must be a mapping of value to weight, e.g. {${allowed[0]}: 2}`, { where });
    const weights: Record<string, number> = {};
    for (const [key, w] of Object.entries(value as Record<string, unknown>)) {
      if (!allowed.includes(key)) throw new WardenError('W_CONFIG_INVALID', `${axis}.${key.slice(0, 40)}: unknown value (allowed: ${allowed.join('|')})`, { where });
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 1e6) throw new WardenError('W_CONFIG_INVALID', `${axis}.${key}: weight must be a number from 0 to 1000000`, { where });
      weights[key] = w;
    }
    if (!Object.values(weights).some((w) => w > 0)) throw new WardenError('W_CONFIG_INVALID', `${axis}: at least one weight must be above 0`, { where });
    (out as unknown as Record<string, Record<string, number>>)[axis] = weights;
  }
  return out;
}

const MAX_PLAN_BYTES = 64 * 1024;

/**
 * Reads a YAML plan file (see normalisePlan); YAML errors name the line.
 *
 * @example
 * const plan = await loadPlan('plan.yaml'); // scenarios: {legal: 2, hr: 1} ...
 */
export async function loadPlan(path: string): Promise<AgentPlan> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new WardenError('W_IO_NOT_FOUND', 'cannot read the plan file', { where: path, cause });
  });
  if (text.length > MAX_PLAN_BYTES) throw new WardenError('W_CONFIG_INVALID', `a plan file holds at most ${MAX_PLAN_BYTES} bytes`, { where: path });
  const doc = parseDocument(text, { prettyErrors: false });
  const error = doc.errors[0];
  if (error) throw new WardenError('W_CONFIG_PARSE', `invalid YAML: ${error.message.split('\n')[0]}`, { where: `${path}:${(error.linePos?.[0]?.line ?? 0) || 1}` });
  return normalisePlan(doc.toJS() ?? {}, path);
}

/**
 * Parses a flag like `legal=3,finance,hr=0.5` (a value without `=` weighs 1) into weights.
 *
 * @example
 * parseWeights('legal=3,hr'); // { legal: 3, hr: 1 }
 */
export function parseWeights(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, w] = part.split('=', 2) as [string, string | undefined];
    out[key.trim()] = w === undefined ? 1 : Number(w);
  }
  return out;
}
