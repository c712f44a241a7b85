import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../../test/cli.js';
import { useTempDir } from '../../../../test/helpers.js';
import type { OpenAIUpstream } from '../../../../test/upstreams/openai.js';
import type { RecordedRequest } from '../../../../test/upstreams/server.js';
import { useLlmEnv, useOpenAIUpstream } from '../../../../test/upstreams/use-openai.js';
import { providerFromEnv } from '../../../llm/index.js';
import { DOMAINS } from './domains.js';
import { classifyPairsFile, type ClassifyReport } from './index.js';
import { LLM_CONFIDENCE, llmEvidence } from './llm.js';

let upstream: OpenAIUpstream;
let dir: string;
useOpenAIUpstream((u) => (upstream = u));
useLlmEnv(() => upstream.baseURL, { model: 'label-model', cache: 'off' });
useTempDir((path) => (dir = path));
const io = useCliCapture(['instruct', 'classify']);

function userMessage(request: RecordedRequest): string {
  return (request.body as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'user')!.content;
}

/** Answers by entry number: a label plus an unknown name, malformed JSON, or no label. */
function scriptedModel(request: RecordedRequest): { content: string } {
  const message = userMessage(request);
  if (message.includes('entry 17')) return { content: JSON.stringify({ domains: ['cloud_security', 'astrology'] }) };
  if (message.includes('entry 18')) return { content: 'I think it is about clouds' };
  return { content: JSON.stringify({ domains: [] }) };
}

const pair = (id: string, instruction: string, response: string) => JSON.stringify({ id, instruction, response, metadata: { source: 'nvd', kind: 'vulnerability', source_ids: [] } });

async function pairsFile(): Promise<string> {
  const path = join(dir, 'pairs.jsonl');
  await writeFile(
    path,
    [
      pair('a', 'Summarise entry 17.', 'The entry lists three items.'),
      pair('b', 'Summarise entry 18.', 'The entry lists four items.'),
      pair('c', 'Summarise entry 19.', 'The entry lists five items.'),
      pair('d', 'What does ransomware do?', 'Ransomware encrypts files and demands a payment; a trojan often delivers it.'),
    ].join('\n') + '\n',
  );
  return path;
}

describe('LLM domains (official openai SDK against a local OpenAI-protocol server)', () => {
  it('asks only about unlabelled pairs, with a JSON schema of the known domains, and keeps known answers', async () => {
    upstream.use(scriptedModel);
    const llm = providerFromEnv();
    const out = join(dir, 'out.jsonl');
    let report: ClassifyReport;
    try {
      report = await classifyPairsFile(await pairsFile(), out, { llm });
    } finally {
      await llm.close?.();
    }
    expect(upstream.requests).toHaveLength(3);
    for (const request of upstream.requests) expect(userMessage(request)).not.toContain('ransomware');
    const format = (upstream.requests[0]!.body as { response_format: { type: string; json_schema: { schema: { properties: { domains: { items: { enum: string[] } } } } } } }).response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.schema.properties.domains.items.enum).toEqual([...DOMAINS]);
    const pairs = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; metadata: { domains: string[]; domain_scores: Record<string, number>; domain_evidence: Record<string, string[]> } });
    const byId = new Map(pairs.map((p) => [p.id, p.metadata]));
    expect(byId.get('a')).toMatchObject({ domains: ['cloud_security'], domain_evidence: { cloud_security: ['llm'] } });
    expect(byId.get('a')!.domain_scores.cloud_security).toBe(LLM_CONFIDENCE);
    expect(byId.get('b')!.domains).toEqual([]);
    expect(byId.get('c')!.domains).toEqual([]);
    expect(byId.get('d')!.domains).toContain('malware');
    expect(report.llm).toEqual({ labelled: 1, unparseable: 1, none: 1 });
    expect(report.bySource.llm).toBe(1);
    expect(report.unlabelled).toBe(2);
  });

  it('llmEvidence bounds the prompt and stops the run on errors that are not about one answer', async () => {
    upstream.use({ content: JSON.stringify({ domains: ['phishing'] }) });
    const llm = providerFromEnv();
    try {
      const answer = await llmEvidence(llm, 'q'.repeat(50_000), 'r');
      expect(answer).toEqual({ status: 'labelled', evidence: [{ domain: 'phishing', confidence: LLM_CONFIDENCE, why: 'llm' }] });
      expect(userMessage(upstream.requests[0]!).length).toBeLessThanOrEqual(6_000);
      upstream.use({ status: 401, error: { message: 'bad key', type: 'invalid_request_error', code: 'invalid_api_key' } });
      await expect(llmEvidence(llm, 'q', 'r')).rejects.toMatchObject({ kind: 'auth' });
    } finally {
      await llm.close?.();
    }
  });

  it('the CLI --llm flag uses the configured LLM; an auth failure exits 2 and writes nothing', async () => {
    upstream.use(scriptedModel);
    const input = await pairsFile();
    const out = join(dir, 'cli.jsonl');
    expect(await io.cli('-i', input, '-o', out, '--llm', '--json')).toBe(0);
    expect((JSON.parse(io.out) as ClassifyReport).llm).toEqual({ labelled: 1, unparseable: 1, none: 1 });
    upstream.use({ status: 401, error: { message: 'bad key', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const failed = join(dir, 'failed.jsonl');
    expect(await io.cli('-i', input, '-o', failed, '--llm')).toBe(2);
    await expect(stat(failed)).rejects.toThrow();
  });
});
