import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import { startOpenAIUpstream, type OpenAIScenario, type OpenAIUpstream } from '../../../../test/upstreams/openai.js';
import { startOpenAIBatchUpstream } from '../../../../test/upstreams/openai-batch.js';
import { batchApiFor } from '../../../llm/batch/index.js';
import type { BatchEvent } from '../../../llm/batch/index.js';
import { createProvider } from '../../../llm/index.js';
import { AgentDashboard, type AgentProgress } from './dashboard.js';
import { runAgent, type AgentRunOptions } from './engine.js';
import { DEFAULT_PLAN, planTasks } from './plan.js';

/**
 * The engine's checkpoint and recovery through the real src/llm provider and the official
 * `openai` SDK against a local chat-completions server: Ctrl+C (the abort signal) between two
 * records or while requests are in flight, and a crash that left records after the last
 * checkpoint, all end in exactly N records with no duplicate on the next run.
 */

let dir: string;
useTempDir((path) => (dir = path), 'warden-agent-engine-');
let upstream: OpenAIUpstream;
beforeAll(async () => {
  upstream = await startOpenAIUpstream();
});
afterAll(async () => {
  await upstream.close();
});

function good(body: unknown): OpenAIScenario {
  const user = (body as { messages: { role: string; content: string }[] }).messages[1]!.content;
  const line = user.split('\n').find((l) => l.startsWith('Use these placeholders')) ?? '';
  const placeholders = [...line.matchAll(/\{\{([A-Z]+_\d+)\}\}/g)].map((m) => m[1]!);
  const turns = Number(/thread of exactly (\d+) messages/.exec(user)?.[1] ?? 1);
  const messages = Array.from({ length: turns }, (_, i) => ({ from: i % 2 ? 'recipient' : 'sender', text: i === 0 ? `Details: ${placeholders.map((p) => `{{${p}}}`).join(' and ')}. Thanks.` : 'Noted.' }));
  return { content: JSON.stringify({ subject: 'Details', messages, attachments: [] }) };
}

const provider = () => createProvider({ provider: 'openai', baseURL: upstream.baseURL, model: 'agent-model', apiKey: 'sk-test', maxRetries: 0 });
const options = (out: string, extra: Partial<AgentRunOptions> = {}): AgentRunOptions => ({
  records: 10,
  seed: 21,
  plan: DEFAULT_PLAN,
  provider: provider(),
  invocation: { out, plan_file: null, batch: 'off', checkpoint_every: 2, no_cache: true },
  command: ['test'],
  concurrency: 2,
  ...extra,
});
const ids = async (out: string): Promise<string[]> => (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
const chats = () => upstream.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

class AbortAt extends AgentDashboard {
  constructor(
    private readonly at: number,
    private readonly controller: AbortController,
  ) {
    super({ quiet: true });
  }
  override update(progress: AgentProgress, force?: boolean): void {
    super.update(progress, force);
    if (progress.done >= this.at) this.controller.abort();
  }
}

describe('runAgent recovery', () => {
  it('Ctrl+C between records: saves after the current write (130); the next run reuses the stored answers and asks nothing again', async () => {
    upstream.requests.length = 0;
    upstream.use((r) => good(r.body));
    const out = join(dir, 'run');
    const controller = new AbortController();
    const first = await runAgent(options(out, { signal: controller.signal, dashboard: new AbortAt(3, controller) }));
    expect(first).toMatchObject({ status: 'interrupted', done: 3, total: 10, exitCode: 130 });
    const checkpoint = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')) as { written: number; bytes: number };
    expect(checkpoint.written).toBe(3);
    expect((await readFile(join(out, 'records.partial.jsonl'))).length).toBe(checkpoint.bytes);
    expect(chats()).toBe(10);

    const second = await runAgent(options(out));
    expect(second).toMatchObject({ status: 'complete', exitCode: 0 });
    expect(chats()).toBe(10);
    expect(await ids(out)).toEqual(planTasks(DEFAULT_PLAN, 10, 21).map((t) => t.id));
  });

  it('Ctrl+C while requests are in flight: 130, then the run completes with exactly N records', async () => {
    upstream.requests.length = 0;
    const controller = new AbortController();
    upstream.use((r) => {
      if (upstream.requests.length >= 4) controller.abort();
      return { ...good(r.body), delayMs: 30 };
    });
    const out = join(dir, 'run');
    const first = await runAgent(options(out, { signal: controller.signal }));
    expect(first).toMatchObject({ status: 'interrupted', exitCode: 130 });
    upstream.use((r) => good(r.body));
    const second = await runAgent(options(out));
    expect(second.status).toBe('complete');
    const got = await ids(out);
    expect(got).toHaveLength(10);
    expect(new Set(got).size).toBe(10);
  });

  it('a crash after the last checkpoint: the records written after it are cut and made again, never duplicated', async () => {
    upstream.requests.length = 0;
    upstream.use((r) => good(r.body));
    const out = join(dir, 'run');
    const controller = new AbortController();
    await runAgent(options(out, { signal: controller.signal, dashboard: new AbortAt(4, controller) }));
    // As if the process had died after writing two more records (one cut in half) but before the next checkpoint.
    const partial = await readFile(join(out, 'records.partial.jsonl'), 'utf8');
    const lines = partial.trim().split('\n');
    await appendFile(join(out, 'records.partial.jsonl'), `${lines[0]}\n${lines[1]!.slice(0, 40)}`);
    const second = await runAgent(options(out));
    expect(second).toMatchObject({ status: 'complete', exitCode: 0 });
    const got = await ids(out);
    expect(got).toEqual(planTasks(DEFAULT_PLAN, 10, 21).map((t) => t.id));
    if (second.status === 'complete') expect(second.validation.problems).toBe(0);
  });

  it('Ctrl+C while a remote batch is in flight: the next run collects that batch instead of submitting again', async () => {
    const batch = await startOpenAIBatchUpstream((request) => ({ content: good(request.body).content as string }), { itemMs: 40 });
    try {
      const config = { provider: 'openai' as const, baseURL: batch.baseURL, model: 'agent-model', apiKey: 'sk-test', maxRetries: 0 };
      const out = join(dir, 'run');
      const controller = new AbortController();
      class AbortOnSubmit extends AgentDashboard {
        override batch(event: BatchEvent): void {
          super.batch(event);
          if (event.type === 'submitted') controller.abort();
        }
      }
      const common = { provider: createProvider(config), api: batchApiFor(config), minBatchItems: 1, pollMs: 20, maxPollMs: 50 };
      const first = await runAgent(options(out, { ...common, signal: controller.signal, dashboard: new AbortOnSubmit({ quiet: true }) }));
      expect(first).toMatchObject({ status: 'interrupted', done: 0, exitCode: 130 });
      expect(batch.batchIds()).toHaveLength(1);
      const second = await runAgent(options(out, { ...common, provider: createProvider(config), api: batchApiFor(config) }));
      expect(second).toMatchObject({ status: 'complete', exitCode: 0 });
      expect(batch.batchIds()).toHaveLength(1);
      expect(await ids(out)).toEqual(planTasks(DEFAULT_PLAN, 10, 21).map((t) => t.id));
    } finally {
      await batch.close();
    }
  });
});
