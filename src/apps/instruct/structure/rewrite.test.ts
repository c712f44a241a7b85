import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runWarden } from '../../../../test/cli.js';
import { useTempDir } from '../../../../test/helpers.js';
import type { OpenAIUpstream } from '../../../../test/upstreams/openai.js';
import type { RecordedRequest } from '../../../../test/upstreams/server.js';
import { useLlmEnv, useOpenAIUpstream } from '../../../../test/upstreams/use-openai.js';
import { providerFromEnv } from '../../../llm/index.js';
import type { SourceRecord } from '../types.js';
import { checkGrounding, rewritePair, structureRecord, type InstructionPair } from './index.js';

const fixtures = join(import.meta.dirname, 'test-fixtures');
let upstream: OpenAIUpstream;
let dir: string;
useOpenAIUpstream((u) => (upstream = u));
useLlmEnv(() => upstream.baseURL, { model: 'rewrite-model', cache: 'off' });
useTempDir((path) => (dir = path));

/** The user message the stage sent: question and reference answer. */
function userMessage(request: RecordedRequest): string {
  const body = request.body as { messages: { role: string; content: string }[] };
  return body.messages.find((m) => m.role === 'user')!.content;
}

/**
 * A model that rewrites faithfully, except on severity questions, where it invents a score and
 * a CVE id (what the grounding check must reject).
 */
function scriptedModel(request: RecordedRequest): { content: string } {
  const message = userMessage(request);
  const reference = message.slice(message.indexOf('Reference answer:\n') + 'Reference answer:\n'.length);
  if (message.includes('Assess the severity')) return { content: 'This is critical: CVSS base score 9.9, like CVE-2099-0001.' };
  return { content: `Put simply: ${reference}` };
}

async function loadRecords(): Promise<SourceRecord[]> {
  return (await readFile(join(fixtures, 'real-source.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as SourceRecord);
}

describe('LLM rewriting (official openai SDK against a local OpenAI-protocol server)', () => {
  it('keeps a grounded rewrite with the reference in metadata, and rejects one that invents a score or id', async () => {
    upstream.use(scriptedModel);
    const record = (await loadRecords()).find((r) => r.id === 'nvd:CVE-2002-0628')!;
    const pairs = structureRecord(record, { seed: 1, templatesPerRecord: 5 });
    const severity = pairs.find((p) => p.metadata.template === 'vulnerability.severity')!;
    const explain = pairs.find((p) => p.metadata.template === 'vulnerability.explain')!;
    const llm = providerFromEnv();
    try {
      const good = await rewritePair(explain, record, llm);
      expect(good.status).toBe('rewritten');
      expect(good.pair.response).toBe(`Put simply: ${explain.response}`);
      expect(good.pair.metadata).toMatchObject({ reference: explain.response, rewrite: 'rewritten', rewritten_by: 'rewrite-model', template: 'vulnerability.explain' });

      const bad = await rewritePair(severity, record, llm);
      expect(bad.status).toBe('ungrounded');
      expect(bad.pair.response).toBe(severity.response);
      expect(bad.pair.metadata.reference).toBeUndefined();
      expect(checkGrounding(bad.pair.response, record).ok).toBe(true);
    } finally {
      await llm.close();
    }
    expect(upstream.requests).toHaveLength(2);
    expect(userMessage(upstream.requests[0]!)).toContain(explain.instruction);
    expect((upstream.requests[0]!.body as { model: string }).model).toBe('rewrite-model');
  });

  it('rewrites a whole file through the CLI flag and reports the outcomes', async () => {
    upstream.use(scriptedModel);
    const input = join(fixtures, 'real-source.jsonl');
    const out = join(dir, 'pairs.jsonl');
    const { code, stdout, stderr } = await runWarden('instruct', 'structure', '-i', input, '-o', out, '--templates-per-record', '5', '--rewrite-with-llm', '--json');
    expect(stderr).not.toContain('W_');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { pairs: number; rewrite: Record<string, number> };
    const pairs = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as InstructionPair);
    const severities = pairs.filter((p) => p.metadata.template === 'vulnerability.severity').length;
    expect(severities).toBeGreaterThan(0);
    expect(report.rewrite).toEqual({ rewritten: report.pairs - severities, ungrounded: severities });
    expect(upstream.requests).toHaveLength(report.pairs);
    const records = new Map((await loadRecords()).map((r) => [r.id, r]));
    for (const pair of pairs) expect(checkGrounding(pair.response, records.get(pair.metadata.source_ids[0]!)!).ok).toBe(true);
  });

  it('exits 2 with setup help when no LLM is configured, writing nothing', async () => {
    for (const name of ['WARDEN_LLM_BASE_URL', 'WARDEN_LLM_MODEL', 'WARDEN_LLM_API_KEY', 'WARDEN_LLM_PROVIDER', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY']) vi.stubEnv(name, '');
    const out = join(dir, 'x.jsonl');
    const { code, stderr } = await runWarden('instruct', 'structure', '-i', join(fixtures, 'real-source.jsonl'), '-o', out, '--rewrite-with-llm');
    expect(code).toBe(2);
    expect(stderr).toContain('W_LLM_NOT_CONFIGURED');
    await expect(stat(out)).rejects.toThrow();
  });
});
