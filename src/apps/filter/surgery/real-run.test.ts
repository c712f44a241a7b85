import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import { runFilter } from '../run.js';
import { replaceRemoved } from './replace.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
let dir: string;
useTempDir((path) => (dir = path));

describe('dataset replace on a real `warden filter run`', () => {
  it('makes up the removed documents and tokens of the demo cascade run', async () => {
    const run = join(dir, 'run');
    const filtered = await runFilter(
      {
        input: [join(repo, 'data/demo/filter/corpus.jsonl')],
        output: run,
        filters: ['blocklist', 'classifier'],
        blocklist: join(repo, 'data/demo/filter/terms.txt'),
        classifier: join(repo, 'models/demo-filter'),
        saveEvery: 0.25,
        workers: 1,
      },
      { progress: false },
    );
    const { records, removed } = filtered.report.totals as { records: number; removed: number };
    expect(removed).toBeGreaterThan(0);

    const docs = await replaceRemoved({ runDir: run, strategy: 'duplicate-approved', budget: 'documents', seed: 1 });
    expect(docs.manifest.splits[0]).toMatchObject({ removed_records: removed, added_records: removed, output_records: records });
    const lines = (await readFile(join(docs.output, 'data', 'part-00000.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(records);

    const tokens = await replaceRemoved({ runDir: run, strategy: 'duplicate-approved', budget: 'tokens', seed: 1, tokenizer: 'cl100k_base' });
    const split = tokens.manifest.splits[0]!;
    expect(split.added_tokens!).toBeGreaterThanOrEqual(split.removed_tokens!);
    expect(tokens.output).toBe(join(run, 'surgery', 'duplicate-approved-tokens-seed-1'));
  });
});
