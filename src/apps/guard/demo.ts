import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openAuditStore } from './audit/index.js';
import { defaultGuardConfig } from './config.js';
import { GuardEngine } from './engine.js';
import { anthropicProxy, openaiProxy, sseEvents } from './proxy/index.js';
import { startGuardServer } from './server/index.js';
import type { GuardDecision } from './types.js';

/** The shape `warden demo` runs (structural, so the demo app is not imported). */
export interface GuardDemoStep {
  title: string;
  run(ctx: { dataDir: string; outDir: string }): Promise<string[]>;
}

/**
 * The guard, end to end and offline: a real server on a loopback port guards the bundled
 * responses through `POST /v1/guard`, then streams two of them through the OpenAI-compatible
 * proxy from a local stand-in upstream that replays them in 7-character SSE chunks, so a key
 * and a command arrive split across chunks.
 */
export const guardDemoStep: GuardDemoStep = {
  title: 'Egress guard: POST /v1/guard on the 14 responses, then two streamed through the OpenAI-compatible proxy',
  async run({ dataDir, outDir }) {
    const responses = (await readFile(join(dataDir, 'responses.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; text: string });
    const upstream = await replayUpstream(new Map(responses.map((r) => [r.id, r.text])));
    const config = defaultGuardConfig();
    config.upstreams.openai = { ...config.upstreams.openai, base_url: `${upstream.url}/v1`, pass_client_key: true };
    const db = `sqlite:${join(outDir, 'guard-audit.db')}`;
    const audit = await openAuditStore(db);
    const engine = await GuardEngine.create({ config });
    const server = await startGuardServer({ config, engine, audit, host: '127.0.0.1', port: 0, extraRoutes: [openaiProxy, anthropicProxy] });
    const lines: string[] = [`guard listening on ${server.url} (policy "default", audit → ${db})`];
    try {
      for (const { id, text } of responses) {
        const res = await fetch(`${server.url}/v1/guard`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response: text, metadata: { tenant: 'demo' } }) });
        const decision = (await res.json()) as GuardDecision;
        const verdict = decision.blocked ? 'BLOCKED' : decision.findings.some((f) => f.action !== 'allow' && f.action !== 'annotate') ? 'rewritten' : decision.findings.length ? 'annotated' : 'clean';
        const actions = decision.findings.map((f) => `${f.action} ${f.rule_id}${f.explain_only ? ' (explain-only)' : ''}`).join(', ');
        lines.push(`${id}: ${verdict.padEnd(9)} risk ${String(decision.risk_score).padStart(3)}${actions ? `  ${actions}` : ''}`);
      }
      for (const id of ['r05', 'r03']) {
        const streamed = await streamThroughProxy(server.url, id);
        lines.push(`stream ${id} via /v1/chat/completions (${streamed.chunks} chunks, finish_reason ${streamed.finish}): ${JSON.stringify(streamed.text.slice(0, 150))}`);
      }
    } finally {
      await server.close();
      await audit.close();
      await upstream.close();
    }
    const check = await openAuditStore(db);
    try {
      const entries = await check.query({ tenant: 'demo', limit: 1000 });
      lines.push(`${entries.length} decisions in the audit (no raw values) → warden guard audit --db ${db} --tenant demo`);
    } finally {
      await check.close();
    }
    return lines;
  },
};

/** Reads an OpenAI chat-completions stream with fetch, as any client would. */
async function streamThroughProxy(url: string, id: string): Promise<{ text: string; chunks: number; finish: string | null }> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-key' },
    body: JSON.stringify({ model: 'replay', stream: true, messages: [{ role: 'user', content: id }] }),
  });
  if (!res.ok || !res.body) throw new Error(`proxy answered ${res.status}: ${await res.text()}`);
  let text = '';
  let chunks = 0;
  let finish: string | null = null;
  for await (const event of sseEvents(res.body)) {
    if (event.data === '[DONE]') break;
    const chunk = JSON.parse(event.data) as { choices?: { delta?: { content?: string }; finish_reason?: string | null }[] };
    const choice = chunk.choices?.[0];
    if (choice?.delta?.content) {
      text += choice.delta.content;
      chunks++;
    }
    finish = choice?.finish_reason ?? finish;
  }
  return { text, chunks, finish };
}

/** A stand-in LLM: answers a chat completion with the bundled response named by the last user message, streamed in small chunks. */
async function replayUpstream(texts: ReadonlyMap<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const request = JSON.parse(body) as { model: string; messages: { content: string }[] };
      const text = texts.get(request.messages.at(-1)?.content ?? '') ?? 'Hello!';
      const base = { id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: 1_735_000_000, model: request.model };
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
      send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
      for (let i = 0; i < text.length; i += 7) send({ ...base, choices: [{ index: 0, delta: { content: text.slice(i, i + 7) }, finish_reason: null }] });
      send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
