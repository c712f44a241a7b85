import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOMAINS } from './domains.js';
import { classifierEvidence, defaultDomainModelDir, loadDomainModel } from './model.js';
import { evaluateMultiLabel } from './training/evaluate.js';
import { buildDomainRows, type DomainRow } from './training/rows.js';
import { syntheticRows } from './training/synthetic.js';

const root = join(import.meta.dirname, '../../../..');

async function shippedRows(): Promise<DomainRow[]> {
  return (await readFile(join(root, 'data/instruct/domains/rows.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as DomainRow);
}

describe('the shipped domain classifier', () => {
  it('loads with the eleven domains and a tuned threshold for each', async () => {
    const clf = await loadDomainModel(defaultDomainModelDir());
    expect([...clf.labels]).toEqual([...DOMAINS]);
    for (const d of DOMAINS) expect(clf.threshold(d)).toBeGreaterThan(0);
  });

  it('scores well on held-out rows (whole records and whole instruction frames it never saw)', async () => {
    const clf = await loadDomainModel(defaultDomainModelDir());
    const test = (await shippedRows()).filter((r) => r.split === 'test');
    const source = evaluateMultiLabel(clf, test.filter((r) => r.origin === 'source'));
    const synthetic = evaluateMultiLabel(clf, test.filter((r) => r.origin === 'synthetic'));
    expect(source.examples).toBeGreaterThan(300);
    expect(synthetic.examples).toBeGreaterThan(300);
    // Measured at build time: source micro F1 0.86 (precision 0.95), synthetic 1.0; see models/instruct-domains/report.json.
    expect(source.micro.f1).toBeGreaterThan(0.8);
    expect(source.micro.precision).toBeGreaterThan(0.9);
    expect(synthetic.micro.f1).toBeGreaterThan(0.95);
    expect(source.perLabel.ics_security!.f1).toBeGreaterThan(0.9);
  });

  it('gives classifier evidence for unseen security prose, and none for unrelated text', async () => {
    const clf = await loadDomainModel(defaultDomainModelDir());
    const domains = (text: string) => classifierEvidence(clf, text).map((e) => e.domain);
    expect(domains('How do I stop attackers from injecting script into our web application pages through unescaped form fields and URL parameters?')).toEqual(['web_security']);
    expect(domains('Our plant operators saw the PLC ladder logic change overnight; the SCADA historian shows unexpected Modbus writes.')).toEqual(['ics_security']);
    expect(domains('A staff member got a text with a link to reset their bank login, and the page looked just like the real one.')).toEqual(['phishing']);
    expect(domains('The weather in Paris is sunny and the museums are open late on Fridays.')).toEqual([]);
    expect(domains('Bake the bread for forty minutes at two hundred degrees.')).toEqual([]);
    for (const e of classifierEvidence(clf, 'Explain the SQL injection in the login form.')) expect(e.confidence).toBeGreaterThanOrEqual(clf.threshold(e.domain)!);
  });

  it('refuses a model whose labels are not domains', async () => {
    await expect(loadDomainModel(join(root, 'models/preclassifier'))).rejects.toMatchObject({ code: 'W_MODEL_INVALID' });
  });
});

describe('training rows', () => {
  it('data/instruct/domains/rows.jsonl is what the build script generates (deterministic)', async () => {
    const built = await buildDomainRows(join(root, 'data/instruct/sources'), 42);
    const shipped = await shippedRows();
    expect(shipped.length).toBe(built.length);
    expect(shipped).toEqual(built);
    expect(new Set(built.map((r) => r.label))).toEqual(new Set(DOMAINS));
    // No held-out group leaks into training.
    const trainGroups = new Set(built.filter((r) => r.split === 'train').map((r) => r.group));
    for (const r of built.filter((r) => r.split === 'test')) expect(trainGroups.has(r.group)).toBe(false);
  });

  it('synthetic rows vary with the seed and cover every domain evenly', () => {
    const a = syntheticRows(20, 1);
    expect(a).toHaveLength(20 * DOMAINS.length);
    expect(syntheticRows(20, 1)).toEqual(a);
    expect(syntheticRows(20, 2)).not.toEqual(a);
    for (const d of DOMAINS) expect(a.filter((r) => r.label === d)).toHaveLength(20);
  });
});
