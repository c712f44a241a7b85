import type { ChatMessage, ChatRequest, ChatResponse } from '../../../llm/types.js';
import type { DatasetSchema } from '../schema.js';
import type { AcceptedRows, Provenance } from './accept.js';
import type { Rejection } from './check.js';
import type { PromptEntry } from './manifest.js';
import { firstMessages, followUpMessages } from './messages.js';
import type { PromptFile } from './prompt-file.js';

/** A chat call that already handles the model chain; returns the answer and the model that wrote it. */
export type Ask = (request: ChatRequest, prompt: string) => Promise<{ response: ChatResponse; model: string }>;

/** An answer obtained before the prompt's loop started (a batch's first round). */
export interface PrefetchedAnswer {
  messages: ChatMessage[];
  /** The answer, or undefined when the batch item failed (its rows count as missing). */
  result: { response: ChatResponse; model: string } | undefined;
}

export interface PromptRunContext {
  prompt: PromptFile;
  entry: PromptEntry;
  rows: AcceptedRows;
  schema: DatasetSchema;
  maxReprompts: number;
  seed: number | undefined;
  /** The run's first model, for `fallback_from` in provenance. */
  primaryModel: string;
  ask: Ask;
  now: () => Date;
  /** Persists the output file and the manifest after each round. */
  checkpoint: () => Promise<void>;
  /** Stops before starting another round (another prompt failed). */
  stopped: () => boolean;
}

/** Tokens to allow per requested row: long rows run to ~700 characters, ~4 characters a token. */
const TOKENS_PER_ROW = 300;

/**
 * The first-round requests for `missing` rows: one per `perRequest` slice.
 *
 * @example
 * firstRoundRequests(prompt, DEFAULT_SCHEMA, 60, undefined).length; // 3 with per_request 25
 */
export function firstRoundRequests(prompt: PromptFile, schema: DatasetSchema, missing: number, seed: number | undefined): { messages: ChatMessage[]; request: ChatRequest }[] {
  const parts = Math.max(1, Math.ceil(missing / prompt.perRequest));
  const out: { messages: ChatMessage[]; request: ChatRequest }[] = [];
  for (let part = 1; part <= parts; part++) {
    const count = Math.min(prompt.perRequest, missing - (part - 1) * prompt.perRequest);
    const messages = firstMessages(prompt, schema, count, part, parts);
    out.push({ messages, request: requestFor(prompt, messages, count, seed) });
  }
  return out;
}

function requestFor(prompt: PromptFile, messages: ChatMessage[], count: number, seed: number | undefined): ChatRequest {
  const request: ChatRequest = { messages, maxTokens: Math.min(16_000, 400 + count * TOKENS_PER_ROW) };
  if (prompt.temperature !== undefined) request.temperature = prompt.temperature;
  if (seed !== undefined) request.seed = seed;
  return request;
}

/**
 * Runs one prompt file to completion: a first round (requests for the missing rows, or the
 * answers a batch already fetched), then follow-ups that quote the rejections and ask for
 * exactly the number still missing, until the file is full or the re-prompt limit is reached.
 * After every round the kept rows and the manifest are written atomically.
 */
export async function runPrompt(ctx: PromptRunContext, prefetched: PrefetchedAnswer[] | undefined): Promise<void> {
  const { prompt, entry, rows, schema } = ctx;
  entry.status = 'running';
  let last: { messages: ChatMessage[]; answer: string; rejections: Rejection[] } | undefined;
  let first = true;
  while (rows.rows.length < entry.requested && !ctx.stopped()) {
    const missing = entry.requested - rows.rows.length;
    let answers: PrefetchedAnswer[];
    if (first && prefetched) answers = prefetched;
    else {
      let plan: { messages: ChatMessage[]; request: ChatRequest }[];
      if (first || !last) plan = firstRoundRequests(prompt, schema, missing, ctx.seed);
      else {
        const count = Math.min(missing, prompt.perRequest);
        const counts = prompt.labels.length > 1 ? Object.fromEntries(prompt.labels.map((l) => [l, entry.label_counts[l] ?? 0])) : undefined;
        const messages = followUpMessages(last.messages, last.answer, count, last.rejections, schema, counts);
        plan = [{ messages, request: requestFor(prompt, messages, count, ctx.seed) }];
        const rest = missing - count;
        if (rest > 0) plan.push(...firstRoundRequests(prompt, schema, rest, ctx.seed));
      }
      if (!first || entry.attempts > 0) {
        if (entry.reprompts >= ctx.maxReprompts) break;
        entry.reprompts++;
      }
      answers = await Promise.all(
        plan.map(async function askOne(p): Promise<PrefetchedAnswer> {
          const result = await ctx.ask(p.request, prompt.name);
          return { messages: p.messages, result };
        }),
      );
    }
    first = false;
    entry.attempts++;
    entry.requests += answers.length;
    last = undefined;
    for (const answer of answers) {
      if (!answer.result) continue;
      const { response, model } = answer.result;
      if (!entry.models.includes(model)) entry.models.push(model);
      const provenance: Provenance = {
        model,
        // As first given, so rows of a resumed run (perhaps from another directory) say the same.
        prompt_file: entry.file,
        prompt_sha256: prompt.sha256,
        generated_at: ctx.now().toISOString(),
        attempt: entry.attempts,
      };
      if (model !== ctx.primaryModel) provenance.fallback_from = ctx.primaryModel;
      const outcome = rows.addAnswer(response.text, entry.requested - rows.rows.length, provenance);
      entry.extra_fields_dropped += outcome.extraFields;
      for (const r of outcome.rejections) entry.rejected[r.reason] = (entry.rejected[r.reason] ?? 0) + 1;
      // The follow-up continues the conversation whose answer lost the most rows.
      if (!last || outcome.rejections.length > last.rejections.length) last = { messages: answer.messages, answer: response.text, rejections: outcome.rejections };
    }
    tally(entry, rows, schema);
    await ctx.checkpoint();
  }
  tally(entry, rows, schema);
  if (!ctx.stopped() || entry.accepted >= entry.requested) entry.status = entry.accepted >= entry.requested ? 'complete' : 'short';
}

function tally(entry: PromptEntry, rows: AcceptedRows, schema: DatasetSchema): void {
  entry.accepted = rows.rows.length;
  const counts: Record<string, number> = {};
  for (const row of rows.rows) {
    const label = String(row[schema.labelField]);
    counts[label] = (counts[label] ?? 0) + 1;
  }
  entry.label_counts = counts;
}
