import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WardenError } from '../../../core/errors.js';
import type { ChatRequest, JsonSchemaSpec } from '../../../llm/index.js';
import { AGENT_SCENARIOS, MAX_TURNS, type AgentScenario, type AgentTask } from './plan.js';

/** prompts/dlp-agent, from src/apps/synth/agent (tsx) and dist/apps/synth/agent (built) alike. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../../../prompts/dlp-agent/', import.meta.url));
const MAX_TEMPLATE_CHARS = 16_000;

export interface PromptSet {
  system: string;
  specialists: Record<AgentScenario, string>;
  /** sha256-free identity: the texts themselves go into the config hash. */
  dir: string;
}

/**
 * The system prompt and one specialist template per scenario (prompts/dlp-agent/*.md).
 *
 * @example
 * loadPromptSet().specialists.legal; // 'Specialist: legal. ...'
 */
export function loadPromptSet(dir: string = PROMPTS_DIR): PromptSet {
  const read = (name: string): string => {
    const path = join(dir, `${name}.md`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new WardenError('W_IO_NOT_FOUND', `missing prompt template ${name}.md`, { where: path, cause });
    }
    if (text.length > MAX_TEMPLATE_CHARS) throw new WardenError('W_CONFIG_INVALID', `a prompt template holds at most ${MAX_TEMPLATE_CHARS} characters`, { where: path });
    return text.trim();
  };
  const specialists = Object.fromEntries(AGENT_SCENARIOS.map((s) => [s, read(s)])) as Record<AgentScenario, string>;
  return { system: read('system'), specialists, dir };
}

/** The structured answer every specialist gives. */
export interface AgentAnswer {
  subject: string;
  messages: { from: 'sender' | 'recipient'; text: string }[];
  attachments: string[];
}

export const ANSWER_SCHEMA: JsonSchemaSpec = {
  name: 'dlp_message',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['subject', 'messages', 'attachments'],
    properties: {
      subject: { type: 'string', description: 'subject line or chat topic; no placeholders' },
      messages: {
        type: 'array',
        description: 'the messages in order; a single message for a one-message record',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'text'],
          properties: { from: { type: 'string', enum: ['sender', 'recipient'] }, text: { type: 'string' } },
        },
      },
      attachments: { type: 'array', description: 'attachment file names (0 to 3), no placeholders', items: { type: 'string' } },
    },
  },
};

const RECIPIENT_WORDS = {
  internal: 'a colleague inside the company',
  partner: 'an outside partner firm',
  webmail: "the sender's own personal webmail or account",
  competitor: 'someone at a competitor',
  suspicious: 'an unknown external address that looks like a support or billing desk',
} as const;

/**
 * The chat request of one attempt at a task: system rules, the specialist template and the
 * task (channel, recipient, turns, placeholders); a re-ask adds why the last answer was refused.
 *
 * @example
 * requestFor(prompts, task, []).messages[1].content; // '...Use these placeholders: {{PAN_1}} ...'
 */
export function requestFor(prompts: PromptSet, task: AgentTask, reasons: readonly string[], seed: number): ChatRequest {
  const lines = [
    prompts.specialists[task.scenario],
    '',
    `Write one ${task.channel === 'email' ? 'e-mail' : 'chat'} ${task.turns === 1 ? 'message' : `thread of exactly ${task.turns} messages, alternating sender and recipient`} sent by someone in ${task.scenario === 'casual' ? 'the office' : `the ${task.scenario} team`} to ${RECIPIENT_WORDS[task.recipientClass]}.`,
    task.placeholders.length > 0
      ? `Use these placeholders where the sensitive values go, each at least once: ${task.placeholders.map((p) => `{{${p}}}`).join(', ')}.`
      : 'This message holds no sensitive values: use no placeholders at all.',
    'Give a subject (a chat topic for chat), the message texts, and 0 to 3 attachment file names.',
  ];
  if (reasons.length > 0) {
    lines.push('', 'Your previous answer to this request was rejected:', ...reasons.slice(0, 8).map((r) => `- ${r}`), 'Write a new answer that fixes these problems.');
  }
  return {
    messages: [
      { role: 'system', content: prompts.system },
      { role: 'user', content: lines.join('\n') },
    ],
    jsonSchema: ANSWER_SCHEMA,
    temperature: 0.9,
    maxTokens: 1500,
    seed,
  };
}

const MAX_TEXT = 8000;
const MAX_SUBJECT = 200;
const MAX_ATTACHMENT = 120;

/**
 * Checks an answer against the schema (a model may ignore it): the reasons it breaks it, or the
 * answer. `turns` is how many messages were asked for.
 *
 * @example
 * checkAnswer({ subject: 'Hi', messages: [{ from: 'sender', text: 'x' }], attachments: [] }, 1); // { answer }
 */
export function checkAnswer(json: unknown, turns: number): { answer: AgentAnswer } | { reasons: string[] } {
  const reasons: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { reasons: ['the answer is not a JSON object {subject, messages, attachments}'] };
  const a = json as Record<string, unknown>;
  if (typeof a.subject !== 'string' || a.subject.trim() === '' || a.subject.length > MAX_SUBJECT) reasons.push(`subject must be a non-empty string of at most ${MAX_SUBJECT} characters`);
  if (!Array.isArray(a.messages) || a.messages.length === 0 || a.messages.length > MAX_TURNS) reasons.push(`messages must be an array of 1 to ${MAX_TURNS} messages`);
  else {
    if (a.messages.length !== turns) reasons.push(`messages holds ${a.messages.length} message(s); exactly ${turns} were asked for`);
    a.messages.forEach(function messageShape(m: unknown, i) {
      const msg = m as { from?: unknown; text?: unknown } | null;
      if (typeof msg !== 'object' || msg === null) return reasons.push(`messages[${i}] must be an object {from, text}`);
      if (msg.from !== 'sender' && msg.from !== 'recipient') reasons.push(`messages[${i}].from must be "sender" or "recipient"`);
      if (typeof msg.text !== 'string' || msg.text.trim() === '' || msg.text.length > MAX_TEXT) reasons.push(`messages[${i}].text must be a non-empty string of at most ${MAX_TEXT} characters`);
    });
  }
  if (!Array.isArray(a.attachments) || a.attachments.length > 3 || a.attachments.some((n) => typeof n !== 'string' || n.trim() === '' || n.length > MAX_ATTACHMENT)) {
    reasons.push(`attachments must be an array of at most 3 file names (strings of at most ${MAX_ATTACHMENT} characters)`);
  }
  return reasons.length > 0 ? { reasons } : { answer: a as unknown as AgentAnswer };
}
