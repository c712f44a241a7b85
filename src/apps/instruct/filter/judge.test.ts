import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import type { OpenAIScenario, OpenAIUpstream } from '../../../../test/upstreams/openai.js';
import type { RecordedRequest } from '../../../../test/upstreams/server.js';
import { useLlmEnv, useOpenAIUpstream } from '../../../../test/upstreams/use-openai.js';
import { providerFromEnv } from '../../../llm/index.js';
import type { SourceRecord } from '../types.js';
import { filterRecords, filterRecordsFile, judgeRecord } from './index.js';

let upstream: OpenAIUpstream;
let dir: string;
useTempDir((path) => (dir = path), 'warden-filter-judge-');
useOpenAIUpstream((u) => (upstream = u));
useLlmEnv(() => upstream.baseURL, { model: 'judge-model', cache: 'off' });

function userMessage(request: RecordedRequest): string {
  const body = request.body as { messages: { role: string; content: string }[] };
  return body.messages.find((m) => m.role === 'user')!.content;
}

/** A judge that calls UI glitches irrelevant, fails on one marker, garbles another, and calls the rest relevant. */
function scriptedJudge(request: RecordedRequest): OpenAIScenario {
  const message = userMessage(request);
  if (message.includes('TIMEOUT-ME')) return { status: 500 };
  if (message.includes('GARBLE')) return { content: 'Probably yes, it looks like security.' };
  if (message.includes('flickers')) return { content: JSON.stringify({ relevant: false, reason: 'A cosmetic UI glitch, not a security issue.' }) };
  return { content: JSON.stringify({ relevant: true, reason: 'Describes an exploitable flaw.' }) };
}

const base = { source: 'nvd' as const, kind: 'vulnerability' as const, facts: {}, references: [] };
const cve = (n: number, description: string): SourceRecord => ({ ...base, id: `nvd:CVE-2099-000${n}`, sourceId: `CVE-2099-000${n}`, title: `CVE-2099-000${n}`, description });
const records: SourceRecord[] = [
  cve(1, 'SQL injection in the login form of Acme Portal 3.1 allows remote attackers to execute arbitrary SQL commands via the user parameter.'),
  cve(2, 'The sidebar of the dashboard flickers when the window is resized on a second monitor.'),
  cve(3, 'A heap overflow in the GARBLE codec allows remote attackers to execute arbitrary code via a crafted file.'),
  cve(4, 'A stack overflow in the TIMEOUT-ME daemon allows remote attackers to execute arbitrary code via a long request.'),
  { ...base, source: 'attack', kind: 'technique', id: 'attack:T0800', sourceId: 'T0800', title: 'Activate Firmware Update Mode', description: 'Adversaries may activate firmware update mode on devices to prevent expected response functions.' },
];

describe('LLM relevance judge (official openai SDK against a local OpenAI-protocol server)', () => {
  it('judges records inside the band, records its reason, and applies the error policy to failed judgements', async () => {
    upstream.use(scriptedJudge);
    const llm = providerFromEnv();
    try {
      const { records: decided, counts } = await filterRecords(records, { llm, band: [0, 1] });
      const byId = new Map(decided.map((r) => [r.id, r.relevance!]));
      expect(byId.get('nvd:CVE-2099-0001')).toMatchObject({ keep: true, by: 'llm', reasons: [expect.stringMatching(/^classifier:/), 'llm:relevant: Describes an exploitable flaw.'] });
      // The judge's verdict decides; the classifier's score stays the score.
      expect(byId.get('nvd:CVE-2099-0002')).toMatchObject({ keep: false, by: 'llm', reasons: [expect.stringMatching(/^classifier:/), 'llm:irrelevant: A cosmetic UI glitch, not a security issue.'] });
      // Failed judgements keep the classifier's decision (the default policy), and say so.
      expect(byId.get('nvd:CVE-2099-0003')).toMatchObject({ keep: true, by: 'classifier', reasons: [expect.stringMatching(/^classifier:/), 'llm-error:unparseable', 'policy:classifier'] });
      expect(byId.get('nvd:CVE-2099-0004')).toMatchObject({ keep: true, by: 'classifier', reasons: [expect.stringMatching(/^classifier:/), 'llm-error:server', 'policy:classifier'] });
      // Rules decide catalogue entries; the LLM never sees them.
      expect(byId.get('attack:T0800')).toMatchObject({ by: 'rules' });
      expect(upstream.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(4);
      expect(counts.llm).toEqual({ judged: 4, relevant: 1, irrelevant: 1, errors: { unparseable: 1, server: 1 } });
      expect(counts.byReason).toEqual({ 'llm:kept': 1, 'llm:rejected': 1, 'classifier:kept': 2, 'rule:security-catalog': 1 });
      const body = upstream.requests[0]!.body as { response_format?: { type: string }; temperature?: number };
      expect(body.response_format?.type).toBe('json_schema');
      expect(body.temperature).toBe(0);

      const rejecting = await filterRecords(records, { llm, band: [0, 1], llmErrorPolicy: 'reject' });
      expect(rejecting.records.filter((r) => !r.relevance!.keep).map((r) => r.id)).toEqual(['nvd:CVE-2099-0002', 'nvd:CVE-2099-0003', 'nvd:CVE-2099-0004']);
      await expect(filterRecords(records, { llm, band: [0, 1], llmErrorPolicy: 'fail' })).rejects.toMatchObject({ code: 'W_LLM_ANSWER' });
    } finally {
      await llm.close?.();
    }
  });

  it('from a file, sends the judge\'s requests through the batch layer tracked in the store: a re-run asks nothing again', async () => {
    upstream.use(scriptedJudge);
    const input = join(dir, 'records.jsonl');
    await writeFile(input, [records[0], records[1], records[4]].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const llm = providerFromEnv();
    try {
      const options = { llm, band: [0, 1] as const, db: `sqlite:${join(dir, 'judge.db')}`, rejectedOut: join(dir, 'rejected.jsonl') };
      const first = await filterRecordsFile(input, join(dir, 'a.jsonl'), options);
      expect(first.llm).toEqual({ judged: 2, relevant: 1, irrelevant: 1, errors: {} });
      expect(upstream.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(2);
      const second = await filterRecordsFile(input, join(dir, 'b.jsonl'), options);
      expect(second.llm).toEqual(first.llm);
      expect(upstream.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(2);
      expect(await readFile(join(dir, 'b.jsonl'), 'utf8')).toBe(await readFile(join(dir, 'a.jsonl'), 'utf8'));
    } finally {
      await llm.close?.();
    }
  });

  it('sends nothing for records the classifier is sure about (the default band 0.3..0.7)', async () => {
    upstream.use(scriptedJudge);
    const llm = providerFromEnv();
    try {
      const { records: decided, counts } = await filterRecords(records.slice(0, 2), { llm });
      expect(upstream.requests).toHaveLength(0);
      expect(counts.llm).toEqual({ judged: 0, relevant: 0, irrelevant: 0, errors: {} });
      expect(decided.map((r) => r.relevance!.by)).toEqual(['classifier', 'classifier']);
    } finally {
      await llm.close?.();
    }
  });

  it('bounds the reason it records', async () => {
    upstream.use({ content: JSON.stringify({ relevant: true, reason: 'x'.repeat(5000) }) });
    const llm = providerFromEnv();
    try {
      const outcome = await judgeRecord(records[0]!, llm);
      expect(outcome).toMatchObject({ ok: true, relevant: true, model: 'judge-model' });
      expect(outcome.ok && outcome.reason.length).toBe(201);
    } finally {
      await llm.close?.();
    }
  });
});
