import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { startOpenAIUpstream, type OpenAIScenario, type OpenAIUpstream } from '../../../test/upstreams/openai.js';
import { DEFAULT_PLAN, planTasks } from '../../apps/synth/agent/index.js';

/**
 * `warden synth dlp-agent` as a process of its own, stopped with a real SIGINT (Ctrl+C) and a
 * SIGKILL (crash) mid-run against a local chat-completions server; the same command then
 * completes with exactly N records and no duplicate.
 */

const REPO = join(import.meta.dirname, '..', '..', '..');
let dir: string;
useTempDir((path) => (dir = path), 'warden-dlp-agent-signals-');
let upstream: OpenAIUpstream;
beforeAll(async () => {
  upstream = await startOpenAIUpstream();
});
afterAll(async () => {
  await upstream.close();
});

function good(body: unknown, delayMs: number): OpenAIScenario {
  const user = (body as { messages: { role: string; content: string }[] }).messages[1]!.content;
  const line = user.split('\n').find((l) => l.startsWith('Use these placeholders')) ?? '';
  const placeholders = [...line.matchAll(/\{\{([A-Z]+_\d+)\}\}/g)].map((m) => m[1]!);
  const turns = Number(/thread of exactly (\d+) messages/.exec(user)?.[1] ?? 1);
  const messages = Array.from({ length: turns }, (_, i) => ({ from: i % 2 ? 'recipient' : 'sender', text: i === 0 ? `Details: ${placeholders.map((p) => `{{${p}}}`).join(' and ')}. Thanks.` : 'Noted.' }));
  return { content: JSON.stringify({ subject: 'Details', messages, attachments: [] }), delayMs };
}

function start(out: string) {
  const args = ['synth', 'dlp-agent', '--records', '12', '--out', out, '--seed', '4', '--checkpoint-every', '1', '--concurrency', '1', '--batch', 'off'];
  const env = { ...process.env, WARDEN_LLM_BASE_URL: upstream.baseURL, WARDEN_LLM_MODEL: 'agent-model', WARDEN_LLM_API_KEY: 'sk-test', WARDEN_LLM_PROVIDER: 'openai', WARDEN_LLM_MAX_RETRIES: '0', WARDEN_LLM_CACHE: 'off' };
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => child.on('exit', (code, signal) => done({ code, signal, stderr })));
  return { child, exited };
}

async function waitForCheckpoint(out: string, written: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const path = join(out, 'checkpoint.json');
    if (existsSync(path)) {
      const cp = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as { written?: number };
      if ((cp.written ?? 0) >= written) return;
    }
    if (Date.now() > deadline) throw new Error(`no checkpoint with ${written} records within 60 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ids = async (out: string) => (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);

it('Ctrl+C saves and exits 130 with a resume hint; SIGKILL loses nothing; re-runs complete with exactly N records', { timeout: 120_000 }, async () => {
  const expected = planTasks(DEFAULT_PLAN, 12, 4).map((t) => t.id);
  upstream.use((r) => good(r.body, 150));

  const interrupted = join(dir, 'interrupted');
  const first = start(interrupted);
  await waitForCheckpoint(interrupted, 2);
  first.child.kill('SIGINT');
  const stopped = await first.exited;
  expect(stopped.code).toBe(130);
  expect(stopped.stderr).toContain(`resume with: warden synth dlp-agent --resume ${interrupted}`);
  expect(existsSync(join(interrupted, 'records.jsonl'))).toBe(false);
  const again = start(interrupted);
  const done = await again.exited;
  expect(done.stderr).toMatch(/dlp-agent: 12\/12 records \(100%\)/);
  expect(done.code).toBe(0);
  expect(await ids(interrupted)).toEqual(expected);

  const killed = join(dir, 'killed');
  const victim = start(killed);
  await waitForCheckpoint(killed, 3);
  victim.child.kill('SIGKILL');
  expect((await victim.exited).signal).toBe('SIGKILL');
  const rerun = await start(killed).exited;
  expect(rerun.code).toBe(0);
  expect(await ids(killed)).toEqual(expected);
});
