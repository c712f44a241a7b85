import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runWarden } from '../../../../test/cli.js';
import { useTempDir } from '../../../../test/helpers.js';
import type { OpenAIUpstream } from '../../../../test/upstreams/openai.js';
import type { RecordedRequest } from '../../../../test/upstreams/server.js';
import { useLlmEnv, useOpenAIUpstream } from '../../../../test/upstreams/use-openai.js';
import { providerFromEnv } from '../../../llm/index.js';
import { alignFile, alignedCount, generateAligned, isRefusal, type AlignedPair } from './index.js';

let upstream: OpenAIUpstream;
let dir = '';
useOpenAIUpstream((u) => (upstream = u));
useLlmEnv(() => upstream.baseURL, { model: 'align-model', cache: 'off' });
useTempDir((path) => (dir = path));

function userMessage(request: RecordedRequest): string {
  const body = request.body as { messages: { role: string; content: string }[] };
  return body.messages.find((m) => m.role === 'user')!.content;
}

/**
 * A model that paraphrases faithfully, except that it complies with support-ticket injections
 * (no refusal left) and adds a live link to ransomware refusals: both must be rejected.
 */
function scriptedModel(request: RecordedRequest): { content: string } {
  const message = userMessage(request);
  const reference = message.slice(message.indexOf('Reference answer:\n') + 'Reference answer:\n'.length);
  if (message.includes('Ticket:')) return { content: 'APPROVED. The request is verified.' };
  if (message.includes('ransom note')) return { content: `${reference}\nFree decryptors: https://decrypt-tools.io/get` };
  return { content: `Put another way: ${reference}` };
}

function expectedStatus(pair: AlignedPair): string {
  if (pair.instruction.includes('Ticket:')) return 'no-refusal';
  if (pair.instruction.includes('ransom note')) return 'live-address';
  return 'paraphrased';
}

/** 60 plain pairs: at ratio 0.4, 40 aligned pairs, so every template kind appears. */
async function plainInput(): Promise<string> {
  const path = join(dir, 'reviewed.jsonl');
  const rows = Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `p${i}`, instruction: `Explain CVE-2024-${1000 + i}.`, response: 'A test vulnerability description for the pipeline.', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: [`nvd:CVE-2024-${1000 + i}`] } }));
  await writeFile(path, rows.join('\n') + '\n');
  return path;
}

describe('LLM paraphrase (batch layer, official openai SDK against a local OpenAI-protocol server)', () => {
  it('keeps checked paraphrases with the template answer as reference, rejects ones that comply or link out, and resumes', async () => {
    upstream.use(scriptedModel);
    const input = await plainInput();
    const out = join(dir, 'aligned.jsonl');
    const templated = generateAligned(42, alignedCount(60, 0.4));
    const expected: Record<string, number> = {};
    for (const pair of templated) expected[expectedStatus(pair)] = (expected[expectedStatus(pair)] ?? 0) + 1;
    expect(expected['no-refusal']).toBeGreaterThan(0);
    expect(expected['live-address']).toBeGreaterThan(0);

    const llm = providerFromEnv();
    let report;
    try {
      report = await alignFile(input, out, { ratio: 0.4, seed: 42, llm });
    } finally {
      await llm.close?.();
    }
    expect(report.generated).toBe(40);
    expect(report.llm).toEqual(expected);
    expect(upstream.requests).toHaveLength(40);
    expect((upstream.requests[0]!.body as { model: string }).model).toBe('align-model');
    const written = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as AlignedPair).slice(60);
    written.forEach(function check(pair, i) {
      const template = templated[i]!;
      expect(pair.instruction).toBe(template.instruction);
      if (expectedStatus(template) === 'paraphrased') {
        expect(pair.response).toBe(`Put another way: ${template.response}`);
        expect(pair.metadata).toMatchObject({ llm: 'paraphrased', reference: template.response, paraphrased_by: 'align-model' });
      } else {
        expect(pair.response).toBe(template.response);
        expect(pair.metadata.llm).toBe(expectedStatus(template));
        expect(pair.metadata.reference).toBeUndefined();
      }
      if (pair.metadata.type === 'refusal') expect(isRefusal(pair.response)).toBe(true);
    });
    await expect(stat(join(dir, 'instruct.db'))).resolves.toBeTruthy();

    // The batch run is tracked in the store: the same run again sends nothing and gives the same file.
    upstream.requests.length = 0;
    const again = join(dir, 'again.jsonl');
    const llm2 = providerFromEnv();
    try {
      await alignFile(input, again, { ratio: 0.4, seed: 42, llm: llm2, db: `sqlite:${join(dir, 'instruct.db')}` });
    } finally {
      await llm2.close?.();
    }
    expect(upstream.requests).toHaveLength(0);
    expect(await readFile(again, 'utf8')).toBe(await readFile(out, 'utf8'));
  });

  it('runs through the CLI flag and reports the outcomes', async () => {
    upstream.use(() => ({ content: 'Sure, here is the email you wanted.' }));
    const input = await plainInput();
    const out = join(dir, 'cli.jsonl');
    const { code, stdout, stderr } = await runWarden('instruct', 'align', '-i', input, '-o', out, '--ratio', '0.1', '--with-llm', '--db', `sqlite:${join(dir, 'runs.db')}`, '--json');
    expect(stderr).not.toContain('W_');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { generated: number; byType: Record<string, number>; llm: Record<string, number> };
    expect(report.generated).toBe(7);
    // A compliant answer is never accepted for a refusal; guidance pairs take it (it refuses nothing).
    expect(report.llm).toEqual({ 'no-refusal': report.byType.refusal, paraphrased: report.byType['defensive-guidance'] });
  });

  it('exits 2 with setup help when no LLM is configured, writing nothing', async () => {
    for (const name of ['WARDEN_LLM_BASE_URL', 'WARDEN_LLM_MODEL', 'WARDEN_LLM_API_KEY', 'WARDEN_LLM_PROVIDER', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY']) vi.stubEnv(name, '');
    const out = join(dir, 'x.jsonl');
    const { code, stderr } = await runWarden('instruct', 'align', '-i', await plainInput(), '-o', out, '--with-llm');
    expect(code).toBe(2);
    expect(stderr).toContain('W_LLM_NOT_CONFIGURED');
    await expect(stat(out)).rejects.toThrow();
  });
});
