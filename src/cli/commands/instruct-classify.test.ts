import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import type { ClassifyReport } from '../../apps/instruct/classify/index.js';

let dir: string;
useTempDir((path) => (dir = path));
const io = useCliCapture(['instruct', 'classify']);

const record = { id: 'nvd:CVE-2024-0001', source: 'nvd', kind: 'vulnerability', sourceId: 'CVE-2024-0001', title: 'CVE-2024-0001', description: 'Cross-site scripting in the admin page.', facts: { cwes: ['CWE-79'], cvss: [{ version: '3.1', score: 6.1 }] }, references: [] };
const pair = { id: 'nvd:CVE-2024-0001#vulnerability.severity', instruction: 'Assess the severity of CVE-2024-0001.', response: 'NVD rates CVE-2024-0001 with CVSS v3.1 base score 6.1.', metadata: { source: 'nvd', kind: 'vulnerability', source_ids: ['nvd:CVE-2024-0001'], template: 'vulnerability.severity', seed: 42 } };

async function inputs(): Promise<{ pairs: string; records: string }> {
  const pairs = join(dir, 'pairs.jsonl');
  const records = join(dir, 'records.jsonl');
  await writeFile(pairs, JSON.stringify(pair) + '\n');
  await writeFile(records, JSON.stringify(record) + '\n');
  return { pairs, records };
}

describe('warden instruct classify', () => {
  it('labels pairs from record facts and prints a summary or JSON', async () => {
    const { pairs, records } = await inputs();
    const out = join(dir, 'out', 'classified.jsonl');
    expect(await io.cli('-i', pairs, '-o', out, '--records', records)).toBe(0);
    expect(io.out).toMatch(/classified 1 pairs -> .*classified\.jsonl \(min confidence 0\.5\)/);
    expect(io.out).toMatch(/web_security\s+1/);
    expect(io.out).toMatch(/pairs\/s/);
    const classified = JSON.parse(await readFile(out, 'utf8')) as { metadata: { domains: string[]; domain_evidence: Record<string, string[]> } };
    expect(classified.metadata.domains).toEqual(expect.arrayContaining(['web_security', 'vulnerability_management']));
    expect(classified.metadata.domain_evidence.web_security).toContain('cwe:CWE-79');
    expect((await readdir(join(dir, 'out'))).filter((f) => f.startsWith('.tmp'))).toEqual([]);

    io.out = '';
    expect(await io.cli('-i', pairs, '-o', out, '--records', records, '--min-confidence', '0.999', '--json')).toBe(0);
    const report = JSON.parse(io.out) as ClassifyReport;
    expect(report).toMatchObject({ pairs: 1, unlabelled: 1, minConfidence: 0.999, missingRecords: 0 });
    io.out = '';
    expect(await io.cli('-i', pairs, '-o', out, '--quiet')).toBe(0);
    expect(io.out).toBe('');
  });

  it('exits 2 with file, line and field for bad input, and writes no output', async () => {
    const { pairs } = await inputs();
    const out = join(dir, 'o.jsonl');
    await writeFile(pairs, `${JSON.stringify(pair)}\n\n{not json\n`);
    expect(await io.cli('-i', pairs, '-o', out)).toBe(2);
    expect(io.err).toContain(`W_IO_BAD_JSONL: ${pairs}:3: invalid JSON`);
    await writeFile(pairs, `${JSON.stringify({ ...pair, metadata: { ...pair.metadata, source_ids: 'nvd:x' } })}\n`);
    expect(await io.cli('-i', pairs, '-o', out)).toBe(2);
    expect(io.err).toContain(`${pairs}:1 field metadata.source_ids`);
    const records = join(dir, 'bad-records.jsonl');
    await writeFile(records, JSON.stringify({ ...record, kind: 'nonsense' }) + '\n');
    await writeFile(pairs, JSON.stringify(pair) + '\n');
    expect(await io.cli('-i', pairs, '-o', out, '--records', records)).toBe(2);
    expect(io.err).toContain(`W_IO_BAD_RECORD: ${records}:1: field "kind"`);
    await expect(stat(out)).rejects.toThrow();
  });

  it('exits 2 on usage errors', async () => {
    const { pairs } = await inputs();
    expect(await io.cli('-o', join(dir, 'x.jsonl'))).toBe(2);
    expect(io.err).toContain('give --input');
    expect(await io.cli('-i', pairs)).toBe(2);
    expect(io.err).toContain('give --out');
    expect(await io.cli('-i', join(dir, 'missing.jsonl'), '-o', join(dir, 'x.jsonl'))).toBe(2);
    expect(io.err).toContain('W_IO_NOT_FOUND');
    expect(await io.cli('-i', pairs, '-o', join(dir, 'x.jsonl'), '--records', join(dir, 'nope.jsonl'))).toBe(2);
    expect(io.err).toContain('--records file does not exist');
    expect(await io.cli('-i', pairs, '-o', pairs)).toBe(2);
    expect(io.err).toContain('--out must differ from --input');
    for (const bad of ['1.5', '-0.1', 'high', '']) {
      expect(await io.cli('-i', pairs, '-o', join(dir, 'x.jsonl'), '--min-confidence', bad)).toBe(2);
      expect(io.err).toContain('--min-confidence must be a number from 0 to 1');
    }
    expect(await io.cli('-i', pairs, '-o', join(dir, 'x.jsonl'), '--model', join(dir, 'no-model'))).toBe(2);
    expect(io.err).toContain('W_MODEL_NOT_FOUND');
    vi.stubEnv('WARDEN_LLM_BASE_URL', '');
    vi.stubEnv('WARDEN_LLM_MODEL', '');
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    vi.stubEnv('WARDEN_LLM_PROVIDER', '');
    try {
      expect(await io.cli('-i', pairs, '-o', join(dir, 'x.jsonl'), '--llm')).toBe(2);
      expect(io.err).toContain('warden instruct classify --llm');
    } finally {
      vi.unstubAllEnvs();
    }
    await expect(stat(join(dir, 'x.jsonl'))).rejects.toThrow();
  });

  it('teaches with examples in --help', async () => {
    expect(await io.cli('--help')).toBe(0);
    expect(io.out).toContain('--min-confidence');
    expect(io.out).toContain('Examples:');
    expect(io.out).toContain('warden instruct classify -i out/pairs.jsonl -o out/classified.jsonl --records out/records.jsonl');
  });
});
