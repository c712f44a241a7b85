import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/log.js';
import type { Rec } from '../../../io/record.js';
import type { ShardContext, Stage } from '../../../pipeline/stage.js';
import { TextClassifier } from '../../../ml/classifier.js';
import type { Judgments } from '../judgment.js';
import { createBlocklistStage } from './blocklist.js';
import { createClassifierStage } from './classifier.js';

const MODEL = resolve(import.meta.dirname, '../../../../models/demo-filter');
let dir: string;
let terms: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-filter-stages-'));
  terms = join(dir, 'terms.txt');
  await writeFile(terms, '# stand-in terms\nglimmerfrost\nvorpal resin\nnullsalt\nash\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(drops: string[] = []): ShardContext {
  return {
    shard: 'part-00000',
    fields: { text: 'text', id: 'id' },
    onError: 'fail',
    log: silentLogger,
    drop: (_stage, record, reason) => drops.push(`${String(record.id)}: ${reason}`),
    fail: (_stage, _record, error) => {
      throw error;
    },
  };
}

async function runStage(stage: Stage, records: Rec[]): Promise<Rec[]> {
  await stage.init?.();
  const out: Rec[] = [];
  async function* source() {
    yield records;
  }
  for await (const batch of stage.run(source(), context())) out.push(...batch);
  return out;
}

const j = (record: Rec) => record.judgments as Judgments | undefined;

describe('blocklist stage', () => {
  it('counts distinct terms case-insensitively and escalates at --min-distinct-terms', async () => {
    const stage = createBlocklistStage({ terms_file: terms, min_distinct_terms: 2 });
    const out = await runStage(stage, [
      { id: 'a', text: 'GlimmerFrost and glimmerfrost again' },
      { id: 'b', text: 'glimmerfrost mixed with Vorpal Resin' },
      { id: 'c', text: 'nothing here' },
      { id: 'd', text: 42 },
    ]);
    expect(out.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(j(out[0]!)!.blocklist).toMatchObject({ terms: ['glimmerfrost'], distinct: 1, escalate: false });
    expect(j(out[1]!)!.blocklist).toMatchObject({ terms: ['glimmerfrost', 'vorpal resin'], distinct: 2, escalate: true });
    expect(j(out[2]!)!.blocklist).toMatchObject({ terms: [], distinct: 0, escalate: false });
    expect(j(out[3]!)!.blocklist!.distinct).toBe(0);
    expect(j(out[1]!)!.blocklist!.ms).toBeGreaterThanOrEqual(0);
  });

  it('matches whole words only with word_boundaries', async () => {
    const text = 'the ashes of nullsalt, and ash';
    const loose = await runStage(createBlocklistStage({ terms_file: terms, min_distinct_terms: 2 }), [{ id: 'x', text }]);
    expect(j(loose[0]!)!.blocklist!.terms).toEqual(['ash', 'nullsalt']);
    const words = await runStage(createBlocklistStage({ terms_file: terms, min_distinct_terms: 2, word_boundaries: true }), [{ id: 'x', text: 'the ashes of nullsalt' }]);
    expect(j(words[0]!)!.blocklist).toMatchObject({ terms: ['nullsalt'], escalate: false });
  });

  it('judges only what the previous stage escalated when it is not first', async () => {
    const stage = createBlocklistStage({ terms_file: terms, previous: 'classifier' });
    const out = await runStage(stage, [
      { id: 'a', text: 'glimmerfrost nullsalt', judgments: { classifier: { escalate: false } } },
      { id: 'b', text: 'glimmerfrost nullsalt', judgments: { classifier: { escalate: true } } },
    ]);
    expect(j(out[0]!)!.blocklist).toBeUndefined();
    expect(j(out[1]!)!.blocklist!.escalate).toBe(true);
  });

  it('refuses a term file that changed since the run was planned, and bad options', async () => {
    await expect(createBlocklistStage({ terms_file: terms, terms_sha256: '0'.repeat(64) }).init!()).rejects.toMatchObject({ code: 'W_RUN_MISMATCH' });
    expect(() => createBlocklistStage({ terms_file: terms, min_distinct_terms: 0 })).toThrow(/with\.min_distinct_terms/);
    expect(() => createBlocklistStage({ terms_file: terms, typo: 1 })).toThrow(/W_CONFIG_INVALID|Unrecognized/);
  });
});

describe('classifier stage', () => {
  it('scores every chunk: max, mean and min of the hazard probability; escalates on max >= threshold', async () => {
    const model = await TextClassifier.load(MODEL);
    const hazard = model.labels.indexOf('hazard');
    const benign = 'The ferry leaves at dawn and returns before the evening bell. '.repeat(8);
    const steps = 'Begin by measuring 4 drams of glimmerfrost into the copper retort. Add 3 measures of nullsalt and seal the retort so no vapour escapes. ';
    const text = benign + steps;
    const stage = createClassifierStage({ model_dir: MODEL, threshold: 0.5, chunk_tokens: 32 });
    const [record] = await runStage(stage, [{ id: 'a', text }]);
    const c = j(record!)!.classifier!;
    const chunks: number[] = [];
    const { chunkSpans } = await import('../chunks.js');
    chunkSpans(text, 32, (s, e) => chunks.push(model.probabilities(text.slice(s, e))[hazard]!));
    expect(c.chunks).toBe(chunks.length);
    expect(c.chunks).toBeGreaterThan(3);
    expect(c.max).toBeCloseTo(Math.max(...chunks), 12);
    expect(c.min).toBeCloseTo(Math.min(...chunks), 12);
    expect(c.mean).toBeCloseTo(chunks.reduce((a, b) => a + b, 0) / chunks.length, 12);
    expect(c.escalate).toBe(c.max >= 0.5);
    expect(c.min).toBeLessThan(0.5);
    // One chunk holding everything dilutes the steps: chunking is what finds them.
    const [whole] = await runStage(createClassifierStage({ model_dir: MODEL, threshold: 0.5 }), [{ id: 'a', text }]);
    expect(j(whole!)!.classifier!.chunks).toBe(1);
  });

  it('fails clearly on a missing model, a wrong label or a changed model', async () => {
    await expect(createClassifierStage({ model_dir: join(dir, 'nope') }).init!()).rejects.toMatchObject({ code: 'W_MODEL_NOT_FOUND' });
    await expect(createClassifierStage({ model_dir: MODEL, label: 'toxic' }).init!()).rejects.toThrow(/not a label of the model/);
    await expect(createClassifierStage({ model_dir: MODEL, model_sha256: 'f'.repeat(64) }).init!()).rejects.toMatchObject({ code: 'W_RUN_MISMATCH' });
    const manifest = JSON.parse(await readFile(join(MODEL, 'manifest.json'), 'utf8'));
    await expect(createClassifierStage({ model_dir: MODEL, model_sha256: manifest.weights.sha256 }).init!()).resolves.toBeUndefined();
  });
});
