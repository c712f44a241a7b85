import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { collectRecords } from '../collect/index.js';
import { INSTRUCT_DEMO_SOURCES } from '../demo.js';
import { decide, openReviewStore } from '../review/index.js';
import { hashPath } from './fingerprint.js';
import { PIPELINE_FILES, runInstructPipeline, type InstructPipelineOptions, type PipelineResult, type StageName } from './index.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-instruct-pipeline-');

const FILES = ['records.jsonl', 'relevant.jsonl', 'rejected.jsonl', 'pairs.jsonl', 'classified.jsonl', 'reviewed.jsonl', 'aligned.jsonl', 'dataset'];
const base = (): InstructPipelineOptions => ({ out: join(dir, 'run'), offline: INSTRUCT_DEMO_SOURCES, autoApproveAbove: 0.5, reviewPending: 'reject' });
const statuses = (r: PipelineResult): Record<string, string> => Object.fromEntries(r.stages.map((s) => [s.stage, s.status]));
const lines = async (file: string): Promise<string[]> => (await readFile(join(dir, 'run', file), 'utf8')).trim().split('\n');

async function fingerprints(): Promise<Record<string, { sha: string | undefined; mtime: number }>> {
  const out: Record<string, { sha: string | undefined; mtime: number }> = {};
  for (const f of FILES) out[f] = { sha: await hashPath(join(dir, 'run', f)), mtime: (await stat(join(dir, 'run', f))).mtimeMs };
  return out;
}

it('runs the seven stages offline on the bundled sources, then a re-run skips every stage and touches no output', async () => {
  const first = await runInstructPipeline(base());
  expect(first.status).toBe('complete');
  expect(first.stages.map((s) => [s.stage, s.status])).toEqual(['collect', 'filter', 'structure', 'classify', 'review', 'align', 'assemble'].map((s) => [s, 'ran']));
  expect(first.dataset).toBe(join(dir, 'run', 'dataset'));
  expect(await lines('records.jsonl')).toHaveLength(517);
  const relevant = (await lines('relevant.jsonl')).length;
  const rejected = (await readFile(join(dir, 'run', 'rejected.jsonl'), 'utf8')).split('\n').filter(Boolean).length;
  expect(relevant + rejected).toBe(517);
  const classified = (await lines('classified.jsonl')).map((l) => JSON.parse(l));
  expect(classified.length).toBe((await lines('pairs.jsonl')).length);
  const reviewed = (await lines('reviewed.jsonl')).map((l) => JSON.parse(l));
  // Exactly the pairs scored above 0.5 are approved; the rest stay pending (policy reject).
  expect(reviewed.length).toBe(classified.filter((p) => p.metadata.score > 0.5).length);
  expect(first.pending).toBe(classified.length - reviewed.length);
  const aligned = (await lines('aligned.jsonl')).map((l) => JSON.parse(l));
  expect(aligned.filter((p) => p.metadata.aligned === true).length).toBe(Math.round((reviewed.length * 0.2) / 0.8));
  const card = await readFile(join(dir, 'run', 'dataset', 'README.md'), 'utf8');
  expect(card).toContain('# Cybersecurity instruction dataset');
  // The card records how every stage was configured, not only assemble.
  const config = JSON.parse(card.slice(card.indexOf('```json') + 7, card.lastIndexOf('```')));
  expect(Object.keys(config.upstream)).toEqual(['collect', 'filter', 'structure', 'classify', 'review', 'align']);
  expect(config.upstream.review).toMatchObject({ autoApproveAbove: 0.5, pending: 'reject' });
  expect(config.upstream.align).toMatchObject({ ratio: 0.2, seed: 42 });
  const manifest = JSON.parse(await readFile(join(dir, 'run', 'pipeline.json'), 'utf8'));
  expect(manifest.status).toBe('complete');
  expect(manifest.stages.structure).toMatchObject({ status: 'done', inputs: [{ path: 'relevant.jsonl' }], outputs: [{ path: 'pairs.jsonl', sha256: await hashPath(join(dir, 'run', 'pairs.jsonl')) }], options: { seed: 42, templatesPerRecord: 2 } });
  expect(manifest.stages.assemble.outputs[0].sha256).toBe(await hashPath(join(dir, 'run', 'dataset')));
  for (const stage of Object.values(manifest.stages) as { options_hash: string; input_sha256: string; started_at: string; finished_at: string; report: unknown }[]) {
    expect(stage.options_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(stage.finished_at)).toBeGreaterThanOrEqual(Date.parse(stage.started_at));
    expect(stage.report).toBeTruthy();
  }

  const before = await fingerprints();
  const second = await runInstructPipeline(base());
  expect(second.status).toBe('complete');
  expect(Object.values(statuses(second))).toEqual(Array(7).fill('skipped'));
  expect(second.stages.find((s) => s.stage === 'review')!.reason).toBe('up to date (store state unchanged)');
  expect(await fingerprints()).toEqual(before);
  expect((await readdir(join(dir, 'run'))).filter((f) => f.startsWith('.'))).toEqual([]);
}, 120_000);

it('a changed option re-runs its stage and the later ones; a human decision in the store re-runs review and what follows', async () => {
  await runInstructPipeline(base());
  const pairs = await hashPath(join(dir, 'run', 'pairs.jsonl'));
  const seeded = await runInstructPipeline({ ...base(), seed: 7 });
  expect(statuses(seeded)).toEqual({ collect: 'skipped', filter: 'skipped', structure: 'ran', classify: 'ran', review: 'ran', align: 'ran', assemble: 'ran' });
  expect(seeded.stages.find((s) => s.stage === 'structure')!.reason).toBe('options changed');
  expect(await hashPath(join(dir, 'run', 'pairs.jsonl'))).not.toBe(pairs);

  const ratio = await runInstructPipeline({ ...base(), seed: 7, alignRatio: 0.1 });
  expect(statuses(ratio)).toEqual({ collect: 'skipped', filter: 'skipped', structure: 'skipped', classify: 'skipped', review: 'skipped', align: 'ran', assemble: 'ran' });

  // A reviewer rejects one approved pair in `warden instruct review`: the next run picks it up.
  const victim = JSON.parse((await lines('reviewed.jsonl'))[0]!).id as string;
  const store = await openReviewStore(`sqlite:${join(dir, 'run', 'instruct.db')}`);
  try {
    await decide(store, victim, 'alice', 'rejected');
  } finally {
    await store.close();
  }
  const after = await runInstructPipeline({ ...base(), seed: 7, alignRatio: 0.1 });
  expect(statuses(after)).toEqual({ collect: 'skipped', filter: 'skipped', structure: 'skipped', classify: 'skipped', review: 'ran', align: 'ran', assemble: 'ran' });
  expect(after.stages.find((s) => s.stage === 'review')!.reason).toBe('store state changed');
  expect((await lines('aligned.jsonl')).some((l) => JSON.parse(l).id === victim)).toBe(false);
}, 180_000);

it('stops after review while pairs are pending (default policy wait), and goes on once they are decided', async () => {
  const options: InstructPipelineOptions = { out: join(dir, 'run'), offline: INSTRUCT_DEMO_SOURCES };
  const waiting = await runInstructPipeline(options);
  expect(waiting.status).toBe('waiting-for-review');
  const classified = (await lines('classified.jsonl')).length;
  expect(waiting.pending).toBe(classified);
  expect(waiting.reviewCommand).toBe(`warden instruct review --db sqlite:${join(dir, 'run', 'instruct.db')} -i ${join(dir, 'run', 'classified.jsonl')} -o ${join(dir, 'run', 'reviewed.jsonl')}`);
  expect(statuses(waiting)).toMatchObject({ review: 'waiting', align: 'not-run', assemble: 'not-run' });
  expect(waiting.dataset).toBeUndefined();

  const approved = await runInstructPipeline({ ...options, reviewPending: 'approve' });
  expect(approved.status).toBe('complete');
  expect(approved.pending).toBe(0);
  expect(statuses(approved)).toMatchObject({ collect: 'skipped', classify: 'skipped', review: 'ran', align: 'ran', assemble: 'ran' });
  expect(await lines('reviewed.jsonl')).toHaveLength(classified);
}, 120_000);

it('--until, --from and --only select stages; a missing input or a bad option is a usage error', async () => {
  const until = await runInstructPipeline({ ...base(), until: 'structure' });
  expect(until.status).toBe('stopped');
  expect(until.stages.filter((s) => s.status === 'ran').map((s) => s.stage)).toEqual(['collect', 'filter', 'structure'] as StageName[]);
  await expect(stat(join(dir, 'run', PIPELINE_FILES.classified))).rejects.toThrow();

  const only = await expectWardenError(runInstructPipeline({ ...base(), only: 'align' }));
  expect(only.code).toBe('W_USAGE');
  expect(only.message).toContain(`stage align needs ${join(dir, 'run', 'reviewed.jsonl')}, which does not exist`);

  const rest = await runInstructPipeline(base());
  expect(statuses(rest)).toMatchObject({ collect: 'skipped', structure: 'skipped', classify: 'ran', assemble: 'ran' });
  const from = await runInstructPipeline({ ...base(), from: 'align' });
  expect(statuses(from)).toMatchObject({ classify: 'skipped', review: 'skipped', align: 'ran', assemble: 'ran' });
  expect(from.stages.find((s) => s.stage === 'align')!.reason).toBe('--from');

  // A pair file edited by hand is noticed and rebuilt.
  await writeFile(join(dir, 'run', 'pairs.jsonl'), '');
  const repaired = await runInstructPipeline(base());
  expect(repaired.stages.find((s) => s.stage === 'structure')!.reason).toBe('pairs.jsonl was modified');
  expect(statuses(repaired)).toMatchObject({ filter: 'skipped', structure: 'ran', classify: 'skipped' });

  for (const bad of [{ autoApproveAbove: 2 }, { formats: ['xml'] }, { reviewPending: 'later' as never }, { sources: ['nvd', 'myspace'] }]) {
    expect((await expectWardenError(runInstructPipeline({ ...base(), ...bad }))).code).toBe('W_USAGE');
  }
}, 180_000);

it('without --offline or --since, uses the records.jsonl that `warden instruct collect` wrote into the run folder', async () => {
  const out = join(dir, 'ext');
  const missing = await expectWardenError(runInstructPipeline({ out, until: 'filter' }));
  expect(missing.code).toBe('W_USAGE');
  expect(missing.message).toContain(`give --offline DIR (snapshot files) or --since DATE (online collection), or collect into ${out} first`);
  await collectRecords({ sources: ['capec'], offline: INSTRUCT_DEMO_SOURCES, db: `sqlite:${join(out, 'instruct.db')}`, exportPath: join(out, 'records.jsonl') });
  const first = await runInstructPipeline({ out, until: 'filter' });
  expect(first.stages[0]).toMatchObject({ stage: 'collect', status: 'ran', summary: `${join(out, 'records.jsonl')} as collected by \`warden instruct collect\`` });
  expect(first.stages[1]!.summary).toMatch(/ of 100$/);
  const again = await runInstructPipeline({ out, until: 'filter' });
  expect(statuses(again)).toMatchObject({ collect: 'skipped', filter: 'skipped' });
}, 60_000);
