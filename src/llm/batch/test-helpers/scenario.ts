import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import type { RecordedRequest } from '../../../../test/upstreams/server.js';
import type { BatchItem, JsonSchemaSpec } from '../../types.js';
import { anthropicBatchApi } from '../anthropic.js';
import { openAIBatchApi } from '../openai.js';
import type { BatchApi } from '../types.js';

/** Shared pieces of the batch tests: items, the answer every fake server gives, SDK-backed APIs. */

export const REPLY_SCHEMA: JsonSchemaSpec = { name: 'reply', schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'], additionalProperties: false } };

/** `n` items `q0..`, asking "question i"; with `json` they request REPLY_SCHEMA. */
export function makeItems(n: number, json = false): BatchItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `q${i}`,
    request: { messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: `question ${i}` }], maxTokens: 50, ...(json ? { jsonSchema: REPLY_SCHEMA } : {}) },
  }));
}

/** The user text of an OpenAI body or Anthropic params. */
export function userText(body: unknown): string {
  const messages = ((body ?? {}) as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  const last = messages.filter((m) => m.role === 'user').at(-1);
  return typeof last?.content === 'string' ? last.content : '';
}

/** What every server answers: plain text, or the JSON reply when the request asked for a schema. */
export function answerFor(body: Record<string, unknown>): string {
  const user = userText(body);
  return body.response_format || body.tool_choice ? JSON.stringify({ q: user }) : `answer to ${user}`;
}

export const isRequest = (method: string, pattern: RegExp) => (r: RecordedRequest): boolean => r.method === method && pattern.test(r.path.replace(/\?.*$/, ''));

export function openAIApi(baseURL: string): BatchApi {
  return openAIBatchApi(new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0 }));
}

export function anthropicApi(baseURL: string): BatchApi {
  return anthropicBatchApi(new Anthropic({ baseURL, apiKey: 'sk-ant-test', maxRetries: 0 }));
}
