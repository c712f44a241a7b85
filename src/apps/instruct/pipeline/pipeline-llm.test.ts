import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import type { OpenAIUpstream } from '../../../../test/upstreams/openai.js';
import { useLlmEnv, useOpenAIUpstream } from '../../../../test/upstreams/use-openai.js';
import { INSTRUCT_DEMO_SOURCES } from '../demo.js';
import { runInstructPipeline, type InstructPipelineOptions } from './index.js';

let dir: string;
let upstream: OpenAIUpstream;
useTempDir((path) => (dir = path), 'warden-instruct-pipeline-llm-');
useOpenAIUpstream((u) => (upstream = u), { content: '{"domains":["malware"]}' });
useLlmEnv(() => upstream.baseURL, { model: 'gen-model', cache: 'off' });

it('--llm classify sends the unlabelled pairs to the configured LLM; a different model re-runs classify only', async () => {
  const options: InstructPipelineOptions = { out: join(dir, 'run'), offline: INSTRUCT_DEMO_SOURCES, llmStages: ['classify'], until: 'classify' };
  const first = await runInstructPipeline(options);
  const classify = first.stages.find((s) => s.stage === 'classify')!;
  const asked = upstream.requests.length;
  expect(asked).toBeGreaterThan(0);
  expect(classify.report).toMatchObject({ llm: { labelled: asked } });
  const manifest = JSON.parse(await readFile(join(dir, 'run', 'pipeline.json'), 'utf8'));
  expect(manifest.stages.classify.options.llm).toEqual({ model: 'gen-model', endpoint: upstream.baseURL });
  expect(manifest.stages.filter.options.llm).toBeNull();
  const classified = (await readFile(join(dir, 'run', 'classified.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(classified.filter((p) => p.metadata.domain_evidence?.malware?.includes('llm')).length).toBe(asked);

  const again = await runInstructPipeline(options);
  expect(again.stages.find((s) => s.stage === 'classify')!.status).toBe('skipped');
  expect(upstream.requests.length).toBe(asked);

  vi.stubEnv('WARDEN_LLM_MODEL', 'other-model');
  const switched = await runInstructPipeline(options);
  expect(switched.stages.map((s) => `${s.stage}:${s.status}`).slice(0, 4)).toEqual(['collect:skipped', 'filter:skipped', 'structure:skipped', 'classify:ran']);
  expect(switched.stages.find((s) => s.stage === 'classify')!.reason).toBe('options changed');
}, 120_000);
