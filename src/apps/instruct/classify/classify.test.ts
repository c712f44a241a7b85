import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWarden } from '../../../../test/cli.js';
import { useTempDir } from '../../../../test/helpers.js';
import type { InstructionPair } from '../assemble/types.js';
import type { SourceRecord } from '../types.js';
import { classifyPairsFile } from './index.js';

const sources = join(import.meta.dirname, '../../../../data/instruct/sources');
let dir: string;
useTempDir((path) => (dir = path));

interface Classified extends InstructionPair {
  metadata: InstructionPair['metadata'] & { domains: string[]; domain_scores: Record<string, number>; domain_evidence: Record<string, string[]>; score: number };
}

const readJsonl = async <T>(path: string): Promise<T[]> => (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as T);

/** collect -> structure over the bundled sources, once for the file (kept outside the per-test temp dir). */
let bundled: { records: string; pairs: string; recordsById: Map<string, SourceRecord> };
let base: string;
afterAll(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'warden-classify-e2e-'));
  expect((await runWarden('instruct', 'collect', '--offline', sources, '--out', base, '--quiet')).code).toBe(0);
  const records = join(base, 'records.jsonl');
  const pairs = join(base, 'pairs.jsonl');
  expect((await runWarden('instruct', 'structure', '-i', records, '-o', pairs, '--quiet')).code).toBe(0);
  bundled = { records, pairs, recordsById: new Map((await readJsonl<SourceRecord>(records)).map((r) => [r.id, r])) };
}, 60_000);

describe('classify over the bundled sources (collect -> structure -> classify)', () => {
  it('labels every ICS ATT&CK pair ics_security, XSS CVEs web_security, every CVE vulnerability_management', async () => {
    const out = join(dir, 'classified.jsonl');
    const report = await classifyPairsFile(bundled.pairs, out, { records: bundled.records });
    const pairs = await readJsonl<Classified>(out);
    expect(report.pairs).toBe(pairs.length);
    expect(pairs.length).toBeGreaterThan(900);
    expect(report.missingRecords).toBe(0);
    const record = (p: Classified) => bundled.recordsById.get(p.metadata.source_ids[0]!)!;

    const attack = pairs.filter((p) => p.metadata.source === 'attack');
    expect(attack.length).toBeGreaterThan(200);
    for (const p of attack) expect(p.metadata.domains, p.id).toContain('ics_security');

    const xss = pairs.filter((p) => p.metadata.source === 'nvd' && /cross-site scripting|\bXSS\b/i.test(record(p).description));
    expect(xss.length).toBeGreaterThan(5);
    for (const p of xss) expect(p.metadata.domains, p.id).toContain('web_security');
    const sqli = pairs.filter((p) => p.metadata.source === 'nvd' && /SQL injection/i.test(record(p).description));
    for (const p of sqli) expect(p.metadata.domains, p.id).toContain('web_security');

    for (const p of pairs.filter((p) => p.metadata.source === 'nvd')) expect(p.metadata.domains, p.id).toContain('vulnerability_management');
    for (const p of pairs.filter((p) => p.id.startsWith('capec:CAPEC-163#'))) expect(p.metadata.domains).toContain('phishing');
    const memory = pairs.filter((p) => (record(p).facts.cwes ?? []).includes('CWE-120'));
    for (const p of memory) expect(p.metadata.domain_evidence.vulnerability_management).toContain('cwe:CWE-120');

    // Every domain the issue names is assigned somewhere, or reported at zero.
    expect(Object.keys(report.byDomain).sort()).toEqual(['cloud_security', 'cryptography', 'ics_security', 'identity_access_management', 'iot_security', 'malware', 'network_security', 'phishing', 'vulnerability_management', 'web_security', 'zero_day']);
    for (const d of ['ics_security', 'web_security', 'vulnerability_management', 'identity_access_management', 'network_security', 'cryptography', 'malware', 'phishing', 'iot_security']) expect(report.byDomain[d], d).toBeGreaterThan(0);
  }, 60_000);

  it('writes consistent metadata and counts, keeps other metadata, and is idempotent', async () => {
    const out = join(dir, 'a.jsonl');
    const before = await stat(bundled.pairs);
    const report = await classifyPairsFile(bundled.pairs, out, { records: bundled.records });
    const input = await readJsonl<InstructionPair>(bundled.pairs);
    const pairs = await readJsonl<Classified>(out);
    expect(pairs.map((p) => p.id)).toEqual(input.map((p) => p.id));
    let labels = 0;
    pairs.forEach((p, i) => {
      const m = p.metadata;
      expect({ ...m, domains: undefined, domain_scores: undefined, domain_evidence: undefined, score: undefined }).toEqual({ ...input[i]!.metadata, domains: undefined, domain_scores: undefined, domain_evidence: undefined, score: undefined });
      expect(p.instruction).toBe(input[i]!.instruction);
      expect(p.response).toBe(input[i]!.response);
      const scores = m.domains.map((d) => m.domain_scores[d]!);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const s of scores) expect(s).toBeGreaterThanOrEqual(0.5);
      for (const [d, s] of Object.entries(m.domain_scores)) {
        expect(m.domain_evidence[d]!.length).toBeGreaterThan(0);
        if (s >= 0.5) expect(m.domains).toContain(d);
      }
      const top = Math.max(0, ...Object.values(m.domain_scores));
      expect(m.score).toBeCloseTo(Math.sqrt(top), 3);
      labels += m.domains.length;
    });
    expect(Object.values(report.byDomain).reduce((a, b) => a + b, 0)).toBe(labels);
    expect(report.unlabelled).toBe(pairs.filter((p) => p.metadata.domains.length === 0).length);
    expect((await stat(bundled.pairs)).mtimeMs).toBe(before.mtimeMs);
    const again = join(dir, 'b.jsonl');
    await classifyPairsFile(bundled.pairs, again, { records: bundled.records });
    expect(await readFile(again, 'utf8')).toBe(await readFile(out, 'utf8'));
    // Classifying classified pairs replaces the stage's own fields: same result.
    const twice = join(dir, 'c.jsonl');
    await classifyPairsFile(out, twice, { records: bundled.records });
    expect(await readFile(twice, 'utf8')).toBe(await readFile(out, 'utf8'));
  }, 60_000);

  it('uses the filter stage relevance in the review score, and --min-confidence', async () => {
    const record = [...bundled.recordsById.values()].find((r) => r.id === 'attack:T0800')!;
    const records = join(dir, 'records.jsonl');
    await writeFile(records, JSON.stringify({ ...record, relevance: { keep: true, score: 0.25, reasons: ['classifier:0.25'], by: 'classifier' } }) + '\n');
    const pairs = join(dir, 'pairs.jsonl');
    const mine = (await readJsonl<InstructionPair>(bundled.pairs)).filter((p) => p.metadata.source_ids[0] === 'attack:T0800');
    await writeFile(pairs, mine.map((p) => JSON.stringify(p)).join('\n') + '\n');
    const out = join(dir, 'out.jsonl');
    await classifyPairsFile(pairs, out, { records });
    for (const p of await readJsonl<Classified>(out)) {
      const top = Math.max(...Object.values(p.metadata.domain_scores));
      expect(p.metadata.score).toBeCloseTo(Math.sqrt(0.25 * top), 3);
      expect(p.metadata.domain_evidence.ics_security).toContain('attack-ics:T0800');
    }
    const strict = await classifyPairsFile(bundled.pairs, join(dir, 'strict.jsonl'), { records: bundled.records, minConfidence: 0.95 });
    const loose = await classifyPairsFile(bundled.pairs, join(dir, 'loose.jsonl'), { records: bundled.records });
    expect(strict.unlabelled).toBeGreaterThan(loose.unlabelled);
    // Without records only text evidence remains: fewer facts, more unlabelled pairs.
    const textOnly = await classifyPairsFile(bundled.pairs, join(dir, 'text.jsonl'), {});
    expect(textOnly.bySource.facts).toBe(0);
    expect(textOnly.unlabelled).toBeGreaterThan(loose.unlabelled);
  }, 60_000);

  it('reports pairs whose records are missing, and rejects bad options and input', async () => {
    const pairs = join(dir, 'pairs.jsonl');
    await writeFile(pairs, JSON.stringify({ id: 'x#1', instruction: 'What is ransomware?', response: 'Ransomware encrypts files and demands payment.', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: ['nvd:CVE-0000-0000'] } }) + '\n');
    const report = await classifyPairsFile(pairs, join(dir, 'o.jsonl'), { records: bundled.records });
    expect(report.missingRecords).toBe(1);
    expect(report.byDomain.malware).toBe(1);
    await expect(classifyPairsFile(pairs, pairs, {})).rejects.toMatchObject({ code: 'W_USAGE' });
    await expect(classifyPairsFile(pairs, join(dir, 'p.jsonl'), { minConfidence: 1.5 })).rejects.toMatchObject({ code: 'W_USAGE' });
    await expect(classifyPairsFile(pairs, join(dir, 'p.jsonl'), { model: join(dir, 'nope') })).rejects.toMatchObject({ code: 'W_MODEL_NOT_FOUND' });
    await writeFile(pairs, '{"id":"a","instruction":"i","response":"r","metadata":{"source":"nvd","kind":"k","source_ids":[]}}\n{"id":"a","instruction":"i","response":"r","metadata":{"source":"nvd","kind":"k","source_ids":[]}}\n');
    await expect(classifyPairsFile(pairs, join(dir, 'p.jsonl'), {})).rejects.toThrow(/duplicate id "a"/);
    await expect(stat(join(dir, 'p.jsonl'))).rejects.toThrow();
  }, 60_000);
});
