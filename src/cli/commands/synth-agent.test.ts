import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import { startAnthropicUpstream } from '../../../test/upstreams/anthropic.js';
import { startOpenAIBatchUpstream } from '../../../test/upstreams/openai-batch.js';
import type { OpenAIScenario, OpenAIUpstream } from '../../../test/upstreams/openai.js';
import { useLlmEnv, useOpenAIUpstream } from '../../../test/upstreams/use-openai.js';
import type { RecordedRequest } from '../../../test/upstreams/server.js';
import { DEFAULT_PLAN, placeholderValues, planTasks, type AgentManifest, type AgentRecord } from '../../apps/synth/agent/index.js';
import { validateDlp } from '../../apps/synth/dlp/index.js';

/**
 * `warden synth dlp-agent` through the CLI, the src/llm provider and the official `openai` SDK,
 * against local servers speaking the chat-completions and Batch protocols; the test scripts
 * the model's answers from what each request asks for.
 */

const io = useCliCapture(['synth']);
let dir: string;
useTempDir((path) => (dir = path), 'warden-dlp-agent-');

let upstream: OpenAIUpstream;
useOpenAIUpstream((u) => (upstream = u));
useLlmEnv(() => upstream.baseURL, { model: 'agent-model', apiKey: 'sk-test-agent', cache: 'off' });

interface Ask {
  placeholders: string[];
  turns: number;
  reask: boolean;
  user: string;
}

/** What a request asks for, read from its user message the way a model would. */
function ask(body: unknown): Ask {
  const messages = (body as { messages: { role: string; content: string | { type: string; text?: string }[] }[] }).messages;
  const content = messages.find((m) => m.role === 'user')!.content;
  const user = typeof content === 'string' ? content : content.map((b) => b.text ?? '').join('');
  const line = user.split('\n').find((l) => l.startsWith('Use these placeholders')) ?? '';
  return {
    placeholders: [...line.matchAll(/\{\{([A-Z]+_\d+)\}\}/g)].map((m) => m[1]!),
    turns: Number(/thread of exactly (\d+) messages/.exec(user)?.[1] ?? 1),
    reask: user.includes('previous answer to this request was rejected'),
    user,
  };
}

/** A good answer: every placeholder once, in prose, one text per message. */
function goodAnswer(a: Ask): string {
  const messages = Array.from({ length: a.turns }, (_, i) => ({
    from: i % 2 === 0 ? 'sender' : 'recipient',
    text:
      i === 0
        ? `Hello, as promised here are the details we talked about. ${a.placeholders.map((p, k) => `Item ${k + 1}: {{${p}}}.`).join(' ')} Let me know once it is done.`
        : 'Thanks, received and noted on my side.',
  }));
  return JSON.stringify({ subject: 'Details for the request', messages, attachments: ['notes.pdf'] });
}

const userOf = (r: RecordedRequest): string => ask(r.body).user;
const chatRequests = () => upstream.requests.filter((r) => r.path.endsWith('/chat/completions'));
const readRecords = async (path: string): Promise<AgentRecord[]> => (await readFile(path, 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as AgentRecord);
const manifestOf = async (out: string) => JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as AgentManifest;

describe('warden synth dlp-agent', () => {
  it('fills placeholders with valid values at exact spans, and the records pass the DLP validator', async () => {
    upstream.use((request): OpenAIScenario => ({ content: goodAnswer(ask(request.body)) }));
    const out = join(dir, 'run');
    expect(await io.cli('dlp-agent', '--records', '8', '--out', out, '--seed', '7')).toBe(0);
    expect(chatRequests()).toHaveLength(8);
    const request = chatRequests()[0]!.body as { model: string; response_format: { type: string; json_schema: { name: string } } };
    expect(request.model).toBe('agent-model');
    expect(request.response_format.type).toBe('json_schema');
    expect(request.response_format.json_schema.name).toBe('dlp_message');

    const records = await readRecords(join(out, 'records.jsonl'));
    expect(records.map((r) => r.id)).toEqual(planTasks(DEFAULT_PLAN, 8, 7).map((t) => t.id));
    const tasks = planTasks(DEFAULT_PLAN, 8, 7);
    let checked = 0;
    for (const record of records) {
      const task = tasks[record.meta.index]!;
      expect(record.meta.scenario).toBe(task.scenario);
      expect(record.channel).toBe(task.channel);
      expect(record.recipients[0]!.class).toBe(task.recipientClass);
      expect(record.body).not.toContain('{{');
      const values = placeholderValues(task, 7);
      // Every span of a value that was not obfuscated covers exactly the value planted for it.
      const planted = new Set([...values.values()].map((v) => `${v.type}:${v.value}`));
      record.spans.forEach((s, i) => {
        if (record.meta.obfuscated.includes(i)) return;
        expect(planted.has(`${s.type}:${record.body.slice(s.start, s.end)}`)).toBe(true);
        checked++;
      });
      expect(record.spans.length).toBeGreaterThanOrEqual(task.placeholders.length);
    }
    expect(checked).toBeGreaterThan(0);
    const report = await validateDlp([join(out, 'records.jsonl')]);
    expect(report.problems).toBe(0);
    expect(report.records).toBe(8);
    expect(io.out).toContain('dlp-agent: 8/8 records');
    expect(io.out).toContain('validator: 0 problem(s) in 8 record(s)');
    const manifest = await manifestOf(out);
    expect(manifest).toMatchObject({ status: 'complete', requested: 8, records: 8, model: 'agent-model', rejects: {}, validation: { problems: 0 } });
    expect(manifest.usage.answers).toBe(8);
    expect(manifest.usage.inputTokens).toBeGreaterThan(0);
    // Off a TTY the dashboard writes plain lines.
    expect(io.err).toMatch(/dlp-agent: 0\/8 records \(0%\)/);
    expect(io.err).toMatch(/dlp-agent: 8\/8 records \(100%\).*batches 0 submitted.*rejects 0, errors 0, tokens \d+ in\/\d+ out/);
  });

  it('refuses broken answers and answers that leak a raw card number, and asks again with the reasons', async () => {
    let broken = 0;
    let leaked = 0;
    upstream.use(function script(request): OpenAIScenario {
      const a = ask(request.body);
      if (!a.reask && a.placeholders.length > 0 && broken === 0) {
        broken++;
        return { content: JSON.stringify({ subject: 'x', attachments: [] }) };
      }
      if (!a.reask && a.placeholders.length > 0 && leaked === 0) {
        leaked++;
        const good = JSON.parse(goodAnswer(a)) as { messages: { text: string }[] };
        good.messages[0]!.text += ' Card on file: 4111 1111 1111 1111, charge it today.';
        return { content: JSON.stringify({ subject: 'Card', messages: good.messages, attachments: [] }) };
      }
      return { content: goodAnswer(a) };
    });
    const out = join(dir, 'run');
    expect(await io.cli('dlp-agent', '--records', '6', '--out', out, '--seed', '11', '--quiet')).toBe(0);
    expect(io.err).toBe('');
    const requests = chatRequests();
    expect(requests).toHaveLength(8);
    const reasks = requests.map(userOf).filter((u) => u.includes('was rejected'));
    expect(reasks).toHaveLength(2);
    expect(reasks.some((u) => /messages must be an array/.test(u))).toBe(true);
    expect(reasks.some((u) => /sensitive-looking value that is not a placeholder/.test(u))).toBe(true);
    // The raw number is never quoted back, stored or written.
    for (const u of reasks) expect(u).not.toContain('4111 1111 1111 1111');
    expect(await readFile(join(out, 'checkpoint.json'), 'utf8')).not.toContain('4111 1111 1111 1111');
    const records = await readRecords(join(out, 'records.jsonl'));
    expect(records).toHaveLength(6);
    expect(records.map((r) => r.body).join('\n')).not.toContain('4111 1111 1111 1111');
    expect(records.filter((r) => r.meta.agent.attempt === 2)).toHaveLength(2);
    const manifest = await manifestOf(out);
    expect(manifest.rejects).toEqual({ schema: 1, 'raw-value': 1 });
    expect(manifest.usage.answers).toBe(8);
    expect(manifest.validation.problems).toBe(0);
  });

  it('gives up on a record after --max-attempts refused answers: exit 1, reported as short', async () => {
    upstream.use((request): OpenAIScenario => {
      const a = ask(request.body);
      // One task always forgets its placeholders.
      return { content: a.placeholders.includes('PAN_1') ? JSON.stringify({ subject: 'Hi', messages: Array.from({ length: a.turns }, () => ({ from: 'sender', text: 'Nothing to see here.' })), attachments: [] }) : goodAnswer(a) };
    });
    const out = join(dir, 'run');
    const tasks = planTasks(DEFAULT_PLAN, 10, 3);
    const hopeless = tasks.filter((t) => t.placeholders.includes('PAN_1')).map((t) => t.id);
    expect(hopeless.length).toBeGreaterThan(0);
    expect(await io.cli('dlp-agent', '--records', '10', '--out', out, '--seed', '3', '--max-attempts', '2')).toBe(1);
    const manifest = await manifestOf(out);
    expect(manifest.status).toBe('short');
    expect(manifest.abandoned).toEqual(hopeless);
    expect(manifest.records).toBe(10 - hopeless.length);
    expect(manifest.rejects['placeholder.missing']).toBe(2 * hopeless.length);
    expect(io.out).toContain('abandoned after every attempt');
  });

  it('saves and exits 2 when the upstream starts failing mid-run; the same command then completes with exactly N records', async () => {
    let served = 0;
    upstream.use(function flaky(request): OpenAIScenario {
      served++;
      if (served > 5) return { status: 500 };
      return { content: goodAnswer(ask(request.body)) };
    });
    const out = join(dir, 'run');
    const args = ['dlp-agent', '--records', '12', '--out', out, '--seed', '5', '--checkpoint-every', '2', '--concurrency', '1'];
    expect(await io.cli(...args)).toBe(2);
    expect(io.err).toContain('W_LLM_UNAVAILABLE');
    expect(io.err).toMatch(/5\/12 records are saved/);
    const checkpoint = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')) as { written: number; errors: Record<string, number> };
    expect(checkpoint.written).toBe(5);
    expect(checkpoint.errors.server).toBe(7);

    upstream.requests.length = 0;
    upstream.use((request): OpenAIScenario => ({ content: goodAnswer(ask(request.body)) }));
    expect(await io.cli(...args)).toBe(0);
    // Only the 7 unanswered tasks are asked again.
    expect(chatRequests()).toHaveLength(7);
    const records = await readRecords(join(out, 'records.jsonl'));
    expect(records).toHaveLength(12);
    expect(new Set(records.map((r) => r.id)).size).toBe(12);
    expect(records.map((r) => r.id)).toEqual(planTasks(DEFAULT_PLAN, 12, 5).map((t) => t.id));
    expect((await manifestOf(out)).validation.problems).toBe(0);

    // --resume on a finished run asks nothing and reports the same records.
    upstream.requests.length = 0;
    expect(await io.cli('dlp-agent', '--resume', out)).toBe(0);
    expect(chatRequests()).toHaveLength(0);
    expect(await readRecords(join(out, 'records.jsonl'))).toHaveLength(12);
  });

  it('refuses a run directory of another configuration unless --force', async () => {
    upstream.use((request): OpenAIScenario => ({ content: goodAnswer(ask(request.body)) }));
    const out = join(dir, 'run');
    expect(await io.cli('dlp-agent', '--records', '2', '--out', out)).toBe(0);
    expect(await io.cli('dlp-agent', '--records', '3', '--out', out)).toBe(2);
    expect(io.err).toContain('W_RUN_MISMATCH');
    expect(await io.cli('dlp-agent', '--records', '3', '--out', out, '--force')).toBe(0);
    expect(await readRecords(join(out, 'records.jsonl'))).toHaveLength(3);
  });

  it('says clearly when no LLM is configured (exit 2)', async () => {
    vi.stubEnv('WARDEN_LLM_BASE_URL', '');
    vi.stubEnv('WARDEN_LLM_MODEL', '');
    vi.stubEnv('WARDEN_LLM_API_KEY', '');
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    vi.stubEnv('WARDEN_LLM_PROVIDER', '');
    expect(await io.cli('dlp-agent', '--records', '2', '--out', join(dir, 'x'))).toBe(2);
    expect(io.err).toContain('W_LLM_NOT_CONFIGURED');
    expect(io.err).toContain('warden synth dlp-agent needs an LLM');
    expect(upstream.requests).toHaveLength(0);
  });

  it('--help teaches with examples and the plan format', async () => {
    expect(await io.cli('dlp-agent', '--help')).toBe(0);
    expect(io.out).toContain('Examples:');
    expect(io.out).toMatch(/\$ warden synth dlp-agent --records \d+ --out /);
    expect(io.out).toContain('$ warden synth dlp-agent --resume ');
    expect(io.out).toContain('Exit codes: 0');
    expect(io.out).toContain('--checkpoint-every');
    expect(io.out).toContain('Plan file (YAML');
    expect(io.out).toContain('WARDEN_LLM_BASE_URL');
  });

  it('goes through the OpenAI Batch API with --batch on, re-asks included', async () => {
    let first = true;
    const batch = await startOpenAIBatchUpstream(function answer(request) {
      const a = ask(request.body);
      if (first && !a.reask && a.placeholders.length > 0) {
        first = false;
        return { content: JSON.stringify({ subject: 'x', messages: [], attachments: [] }) };
      }
      return { content: goodAnswer(a) };
    });
    try {
      vi.stubEnv('WARDEN_LLM_BASE_URL', batch.baseURL);
      vi.stubEnv('WARDEN_BATCH_POLL_MS', '20');
      const out = join(dir, 'run');
      expect(await io.cli('dlp-agent', '--records', '5', '--out', out, '--batch', 'on')).toBe(0);
      expect(batch.batchIds()).toHaveLength(2);
      expect(batch.customIds(batch.batchIds()[0]!)).toHaveLength(5);
      expect(batch.customIds(batch.batchIds()[1]!)).toHaveLength(1);
      expect(batch.requests.some((r) => r.path.endsWith('/chat/completions'))).toBe(false);
      const manifest = await manifestOf(out);
      expect(manifest).toMatchObject({ records: 5, rejects: { schema: 1 }, validation: { problems: 0 } });
      expect(io.err).toMatch(/batches 2 submitted\/0 in progress\/2 completed/);
    } finally {
      await batch.close();
    }
  });

  it('works the same with Anthropic (@anthropic-ai/sdk, structured output through a forced tool)', async () => {
    const anthropic = await startAnthropicUpstream();
    anthropic.use((request) => ({ blocks: [{ type: 'tool_use', name: 'dlp_message', json: [goodAnswer(ask(request.body))] }], stopReason: 'tool_use' }));
    try {
      vi.stubEnv('WARDEN_LLM_BASE_URL', anthropic.baseURL);
      vi.stubEnv('WARDEN_LLM_PROVIDER', 'anthropic');
      vi.stubEnv('WARDEN_LLM_MODEL', 'claude-haiku-4-5');
      const out = join(dir, 'run');
      expect(await io.cli('dlp-agent', '--records', '4', '--out', out, '--batch', 'off')).toBe(0);
      const calls = anthropic.requests.filter((r) => r.path.endsWith('/v1/messages'));
      expect(calls).toHaveLength(4);
      expect((calls[0]!.body as { tool_choice: unknown }).tool_choice).toEqual({ type: 'tool', name: 'dlp_message' });
      const manifest = await manifestOf(out);
      expect(manifest).toMatchObject({ provider: 'anthropic', records: 4, validation: { problems: 0 } });
      expect(manifest.usage.costUsd).not.toBeNull();
    } finally {
      await anthropic.close();
    }
  });
});
