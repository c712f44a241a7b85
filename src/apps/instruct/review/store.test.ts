import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import { usePostgres } from '../../../../test/pg.js';
import type { Store } from '../../../store/index.js';
import { autoApprove, decide, editItem, noteItem, rateItem, readLog, undoLast } from './actions.js';
import { exportDecisions, writeApproved } from './export.js';
import { openReviewStore, reviewBatch } from './index.js';
import { readReviewPairs } from './read.js';
import { getItem, loadPairs, readIndex } from './store.js';
import { pair, writePairs } from './test-fixtures/pairs.js';

let dir: string;
useTempDir((path) => (dir = path));
const pg = usePostgres();

async function lines<T>(path: string): Promise<T[]> {
  return (await readFile(path, 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

const ID = (n: number) => pair(n).id;

describe.each(['sqlite', 'postgres'])('review store on %s', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await openReviewStore(engine === 'sqlite' ? `sqlite:${join(dir, 'instruct.db')}` : pg.url);
  });
  afterEach(async () => {
    if (engine === 'postgres') await store.exec('DROP TABLE instruct_review_items; DROP TABLE instruct_review_log; DELETE FROM warden_migrations');
    await store.close();
  });

  it('loads idempotently: new pairs appended, decisions kept, changed content flagged', async () => {
    const input = await writePairs(join(dir, 'a.jsonl'), [pair(1), pair(2), pair(3)]);
    expect(await loadPairs(store, readReviewPairs(input), 1000)).toEqual({ read: 3, added: 3, updated: 0, unchanged: 0, flagged: 0 });
    await decide(store, ID(1), 'alice', 'approved', 2000);
    await decide(store, ID(2), 'alice', 'rejected', 2000);
    expect(await loadPairs(store, readReviewPairs(input))).toEqual({ read: 3, added: 0, updated: 0, unchanged: 3, flagged: 0 });

    const next = await writePairs(join(dir, 'b.jsonl'), [pair(4), pair(1, {}, 'A new response.'), pair(2), pair(3, { score: 0.99 })]);
    expect(await loadPairs(store, readReviewPairs(next))).toEqual({ read: 4, added: 1, updated: 2, unchanged: 1, flagged: 1 });
    const index = await readIndex(store);
    expect(index.map((e) => [e.id, e.seq, e.status, e.changed])).toEqual([
      [ID(1), 1, 'approved', true],
      [ID(2), 2, 'rejected', false],
      [ID(3), 3, 'pending', false],
      [ID(4), 4, 'pending', false],
    ]);
    const one = (await getItem(store, ID(1)))!;
    expect(one.pair.response).toBe('A new response.');
    expect(one.reviewer).toBe('alice');
    expect((await getItem(store, ID(3)))!.score).toBe(0.99);

    // Re-deciding clears the flag.
    await decide(store, ID(1), 'bob', 'approved');
    expect((await getItem(store, ID(1)))!.changed).toBe(false);
  });

  it('two loads at once never give two items one seq: both land in order, or one fails loudly', async () => {
    const a = await writePairs(join(dir, 'a.jsonl'), Array.from({ length: 30 }, (_, i) => pair(i + 1)));
    const b = await writePairs(join(dir, 'b.jsonl'), Array.from({ length: 30 }, (_, i) => pair(i + 101)));
    const other = await openReviewStore(engine === 'sqlite' ? `sqlite:${join(dir, 'instruct.db')}` : pg.url);
    try {
      const results = await Promise.allSettled([loadPairs(store, readReviewPairs(a)), loadPairs(other, readReviewPairs(b))]);
      const loaded = results.filter((r) => r.status === 'fulfilled').length;
      const index = await readIndex(store);
      expect(index.length).toBe(loaded === 2 ? 60 : 30);
      expect(new Set(index.map((e) => e.seq)).size).toBe(index.length);
    } finally {
      await other.close();
    }
  });

  it('logs every action and undoes the reviewer\'s own latest one, step by step', async () => {
    await loadPairs(store, readReviewPairs(await writePairs(join(dir, 'a.jsonl'), [pair(1), pair(2)])));
    await decide(store, ID(1), 'alice', 'approved', 10);
    await rateItem(store, ID(1), 'alice', 'accuracy', 4, 11);
    await noteItem(store, ID(1), 'alice', 'check\u001b[31m CVSS\n', 12);
    await editItem(store, ID(1), 'alice', { response: 'Edited.', domains: ['web-security', 'cloud'] }, 13);
    let item = (await getItem(store, ID(1)))!;
    expect(item).toMatchObject({ status: 'approved', ratings: { accuracy: 4 }, notes: 'check [31m CVSS', edits: { response: 'Edited.' }, domains: ['web-security', 'cloud'], decidedAt: 10 });
    await expect(rateItem(store, ID(1), 'alice', 'relevance', 6)).rejects.toThrow(/1 to 5/);

    // Undo walks back: edit, note, rating, decision.
    const undone: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await undoLast(store, 'alice', 20 + i);
      if (!result || 'refused' in result) throw new Error('undo failed');
      undone.push(result.undone.action);
    }
    expect(undone).toEqual(['edit', 'note', 'rate', 'approve']);
    item = (await getItem(store, ID(1)))!;
    expect(item).toMatchObject({ status: 'pending', ratings: {}, notes: null, edits: null, reviewer: null, decidedAt: null, domains: ['ics', 'malware'] });
    expect(await undoLast(store, 'alice')).toBeUndefined();

    // Another reviewer's later change blocks undo instead of being erased.
    await decide(store, ID(2), 'alice', 'rejected', 30);
    await decide(store, ID(2), 'bob', 'approved', 31);
    const refused = await undoLast(store, 'alice');
    expect(refused && 'refused' in refused ? refused.refused : '').toMatch(/changed after your reject \(last by bob\)/);
    expect((await getItem(store, ID(2)))!.status).toBe('approved');

    const log = [];
    for await (const entry of readLog(store)) log.push(entry);
    expect(log.map((e) => `${e.reviewer}:${e.action}`)).toEqual([
      'alice:approve', 'alice:rate', 'alice:note', 'alice:edit', 'alice:undo', 'alice:undo', 'alice:undo', 'alice:undo', 'alice:reject', 'bob:approve',
    ]);
    expect(log[4]!.undoes).toBe(log[3]!.seq);
  });

  it('auto-approves undecided pairs above the score and writes approved pairs with edits and review metadata', async () => {
    await loadPairs(store, readReviewPairs(await writePairs(join(dir, 'a.jsonl'), [pair(1), pair(5), pair(6), pair(7), pair(8, { score: undefined })])));
    await decide(store, ID(7), 'alice', 'rejected', 5);
    await decide(store, ID(6), 'alice', 'skipped', 5);
    expect(await autoApprove(store, 0.5, 7)).toBe(1); // 6 (skipped, 0.6); not 5 (0.5 is not above), 7 (rejected), 8 (no score)
    expect((await getItem(store, ID(6)))!.reviewer).toBe('auto');
    await decide(store, ID(1), 'alice', 'approved', Date.UTC(2026, 0, 2));
    await editItem(store, ID(1), 'alice', { instruction: 'Explain it.', domains: ['cloud'] });
    await rateItem(store, ID(1), 'alice', 'relevance', 5);
    await noteItem(store, ID(1), 'alice', 'good');

    const out = join(dir, 'out', 'reviewed.jsonl');
    expect(await writeApproved(store, out)).toBe(2);
    const written = await lines<ReturnType<typeof pair>>(out);
    expect(written.map((p) => p.id)).toEqual([ID(1), ID(6)]);
    expect(written[0]).toMatchObject({
      instruction: 'Explain it.',
      response: pair(1).response,
      metadata: { domains: ['cloud'], template: 'vulnerability.explain', review: { reviewer: 'alice', ratings: { relevance: 5 }, notes: 'good', decided_at: '2026-01-02T00:00:00.000Z', edited: true } },
    });
    expect(written[1]!.metadata.review).toMatchObject({ reviewer: 'auto', edited: false });

    // An approved pair whose content changed is held back until decided again.
    await loadPairs(store, readReviewPairs(await writePairs(join(dir, 'b.jsonl'), [pair(6, {}, 'Changed.')])));
    expect(await writeApproved(store, out)).toBe(1);

    const csv = join(dir, 'decisions.csv');
    await noteItem(store, ID(5), 'alice', '=HYPERLINK("x"), "quoted"');
    expect(await exportDecisions(store, csv, 'csv')).toBe(5);
    const rows = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('id,status,reviewer,decided_at,relevance,accuracy,completeness,notes,edited,changed,source,domains');
    expect(rows[1]).toBe(`${ID(1)},approved,alice,2026-01-02T00:00:00.000Z,5,,,good,true,false,capec,cloud`);
    expect(rows[2]).toBe(`${ID(5)},pending,,,,,,"'=HYPERLINK(""x""), ""quoted""",false,false,capec,ics;malware`);
    expect(rows[3]).toContain(',approved,auto,');
    expect(rows[3]).toContain(',false,true,nvd,web-security');
    const jsonl = join(dir, 'log.jsonl');
    const entries = await exportDecisions(store, jsonl, 'jsonl', true);
    const log = await lines<{ action: string; reviewer: string; status_after: string }>(jsonl);
    expect(log).toHaveLength(entries);
    expect(log[0]).toMatchObject({ action: 'reject', reviewer: 'alice', status_after: 'rejected' });
  });
});

describe('reviewBatch', () => {
  it('loads, auto-approves and writes; a re-run is idempotent', async () => {
    const input = await writePairs(join(dir, 'classified.jsonl'), [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => pair(n)));
    const options = { input, out: join(dir, 'reviewed.jsonl'), db: `sqlite:${join(dir, 'instruct.db')}`, reviewer: 'ci', autoApproveAbove: 0.65 };
    const first = await reviewBatch(options);
    expect(first).toMatchObject({ total: 9, approved: 3, rejected: 0, pending: 6, skipped: 0, autoApproved: 3, edited: 0, written: 3, load: { added: 9 } });
    const bytes = await readFile(options.out, 'utf8');
    const again = await reviewBatch(options);
    expect(again).toMatchObject({ total: 9, approved: 3, autoApproved: 0, written: 3, load: { added: 0, unchanged: 9 } });
    expect(await readFile(options.out, 'utf8')).toBe(bytes);
  });

  it('names the file, line and field of a bad input line', async () => {
    const input = join(dir, 'bad.jsonl');
    await writePairs(input, [pair(1), { ...pair(2), response: 7 as unknown as string }]);
    await expect(reviewBatch({ input, out: join(dir, 'r.jsonl'), db: `sqlite:${join(dir, 'x.db')}`, reviewer: 'ci' })).rejects.toThrow(`${input}:2 field response`);
    await writePairs(input, [pair(1), pair(1)]);
    await expect(reviewBatch({ input, out: join(dir, 'r.jsonl'), db: `sqlite:${join(dir, 'x.db')}`, reviewer: 'ci' })).rejects.toThrow(/duplicate id/);
  });
});
