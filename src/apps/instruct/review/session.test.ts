import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import type { Store } from '../../../store/index.js';
import { decide } from './actions.js';
import { openReviewStore } from './index.js';
import { readReviewPairs } from './read.js';
import { ReviewSession, parseFilter } from './session.js';
import { getItem, loadPairs } from './store.js';
import { pair, writePairs } from './test-fixtures/pairs.js';

let dir: string;
useTempDir((path) => (dir = path));
let store: Store;
const ID = (n: number) => pair(n).id;

beforeEach(async () => {
  store = await openReviewStore(`sqlite:${join(dir, 'instruct.db')}`);
  await loadPairs(store, readReviewPairs(await writePairs(join(dir, 'p.jsonl'), [1, 2, 3, 4, 5, 6].map((n) => pair(n)))));
});
afterEach(async () => {
  await store.close();
});

describe('parseFilter', () => {
  it('accepts domain, source and status terms and names a bad one', () => {
    expect(parseFilter(' domain:ics  status:changed ')).toEqual({ ok: true, filter: { domain: 'ics', status: 'changed' } });
    expect(parseFilter('')).toEqual({ ok: true, filter: {} });
    expect(parseFilter('status:done')).toMatchObject({ ok: false, error: expect.stringContaining('unknown status "done"') });
    expect(parseFilter('kind:x')).toMatchObject({ ok: false, error: expect.stringContaining('bad filter term "kind:x"') });
    expect(parseFilter('source:')).toMatchObject({ ok: false });
  });
});

describe('ReviewSession', () => {
  it('resumes at the first pending item and advances past decided ones', async () => {
    await decide(store, ID(1), 'alice', 'approved');
    const session = new ReviewSession(store, 'alice');
    expect(await session.open()).toBe('');
    expect([session.item!.id, session.position, session.view.length]).toEqual([ID(2), 2, 6]);
    expect(await session.apply({ type: 'decide', status: 'rejected' })).toBe(`rejected ${ID(2)}`);
    expect(session.item!.id).toBe(ID(3));
    expect(await session.apply({ type: 'move', delta: -2 })).toBe('');
    expect(session.item!.id).toBe(ID(1));
    expect(await session.apply({ type: 'move', delta: -1 })).toBe('at the first item');
    expect(session.counts()).toEqual({ total: 6, pending: 4, approved: 1, rejected: 1, skipped: 0, changed: 0 });
  });

  it('filters by domain, source and status; a decision that leaves the filter moves on', async () => {
    const session = new ReviewSession(store, 'bob');
    await session.open('domain:ics status:pending');
    expect(session.view.map((e) => e.id)).toEqual([ID(1), ID(3), ID(5)]);
    await session.apply({ type: 'decide', status: 'approved' });
    expect(session.view.map((e) => e.id)).toEqual([ID(3), ID(5)]);
    expect([session.item!.id, session.position]).toEqual([ID(3), 1]);
    expect(await session.apply({ type: 'filter', expr: 'source:nvd' })).toBe('3 item(s) match "source:nvd"');
    expect(session.view.map((e) => e.id)).toEqual([ID(2), ID(4), ID(6)]);
    expect(await session.apply({ type: 'filter', expr: 'colour:red' })).toMatch(/bad filter term/);
    expect(session.filterExpr).toBe('source:nvd');
    // Undo brings the approved item back into a status:pending view.
    await session.apply({ type: 'filter', expr: 'status:pending' });
    expect(await session.apply({ type: 'undo' })).toBe(`undid approve of ${ID(1)}`);
    expect(session.item!.id).toBe(ID(1));
    expect(session.view).toHaveLength(6);
  });

  it('jumps by number or id (clearing a filter that hides it), and saves ratings, notes and edits', async () => {
    const session = new ReviewSession(store, 'carol');
    await session.open('source:nvd');
    expect(await session.apply({ type: 'jump', target: '3' })).toBe('');
    expect(session.item!.id).toBe(ID(6));
    expect(await session.apply({ type: 'jump', target: '9' })).toBe('no item 9: the view has 3');
    expect(await session.apply({ type: 'jump', target: ID(5) })).toBe('filter cleared to show that item');
    expect([session.item!.id, session.filterExpr]).toEqual([ID(5), '']);
    expect(await session.apply({ type: 'jump', target: 'nope' })).toBe('no item with id "nope"');
    await session.apply({ type: 'rate', field: 'completeness', value: 2 });
    expect(await session.apply({ type: 'note', text: 'needs a source' })).toBe('note saved');
    expect(await session.saveEdit({ domains: ['cloud'] })).toBe('edit saved (domains)');
    await session.apply({ type: 'filter', expr: 'domain:cloud' });
    expect(session.view.map((e) => e.id)).toEqual([ID(5)]);
    expect(await getItem(store, ID(5))).toMatchObject({ ratings: { completeness: 2 }, notes: 'needs a source', domains: ['cloud'], status: 'pending' });
  });
});
