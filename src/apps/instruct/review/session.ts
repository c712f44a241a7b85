/**
 * A reviewer's session over the store: the in-memory index (for filters and movement), the
 * cursor, and the store writes behind each effect. Terminal-free, so it is tested directly.
 */
import type { Store } from '../../../store/index.js';
import { decide, editItem, noteItem, rateItem, undoLast } from './actions.js';
import type { Effect } from './keys.js';
import { getItem, readIndex } from './store.js';
import type { ItemIndexEntry, PairEdits, ReviewItem, ReviewStatus } from './types.js';
import { REVIEW_STATUSES } from './types.js';

export interface Filter {
  domain?: string;
  source?: string;
  status?: ReviewStatus | 'changed';
}

export type ParsedFilter = { ok: true; filter: Filter } | { ok: false; error: string };

/**
 * Parses `domain:X source:Y status:Z` (any subset, space-separated, combined with AND).
 *
 * @example
 * parseFilter('domain:web-security status:pending'); // { ok: true, filter: { domain: 'web-security', status: 'pending' } }
 */
export function parseFilter(expr: string): ParsedFilter {
  const filter: Filter = {};
  for (const term of expr.split(/\s+/).filter(Boolean)) {
    const colon = term.indexOf(':');
    const key = colon === -1 ? '' : term.slice(0, colon);
    const value = term.slice(colon + 1);
    if (value === '' || !['domain', 'source', 'status'].includes(key)) return { ok: false, error: `bad filter term "${term.slice(0, 40)}": use domain:X, source:Y or status:Z` };
    if (key === 'status') {
      if (value !== 'changed' && !REVIEW_STATUSES.includes(value as ReviewStatus)) return { ok: false, error: `unknown status "${value.slice(0, 20)}": use ${[...REVIEW_STATUSES, 'changed'].join(', ')}` };
      filter.status = value as Filter['status'];
    } else filter[key as 'domain' | 'source'] = value;
  }
  return { ok: true, filter };
}

export function matches(entry: ItemIndexEntry, filter: Filter): boolean {
  if (filter.domain !== undefined && !entry.domains.includes(filter.domain)) return false;
  if (filter.source !== undefined && entry.source !== filter.source) return false;
  if (filter.status === 'changed') return entry.changed;
  return filter.status === undefined || entry.status === filter.status;
}

export interface Counts {
  total: number;
  pending: number;
  approved: number;
  rejected: number;
  skipped: number;
  changed: number;
}

export class ReviewSession {
  private index: ItemIndexEntry[] = [];
  private byId = new Map<string, ItemIndexEntry>();
  private cachedCounts: Counts | undefined;
  /** The filtered items, in load order. */
  view: ItemIndexEntry[] = [];
  filter: Filter = {};
  /** The filter as the reviewer typed it ('' for none). */
  filterExpr = '';
  /** The current item (undefined when the view is empty). */
  item: ReviewItem | undefined;

  constructor(
    readonly store: Store,
    readonly reviewer: string,
  ) {}

  /** Reads the index and opens the first undecided item of the view (or the first one). */
  async open(filterExpr = ''): Promise<string> {
    await this.reload();
    const parsed = parseFilter(filterExpr);
    if (parsed.ok) [this.filter, this.filterExpr] = [parsed.filter, filterExpr.trim()];
    this.view = this.index.filter((e) => matches(e, this.filter));
    const first = this.view.find((e) => e.status === 'pending') ?? this.view[0];
    await this.show(first);
    return parsed.ok ? '' : parsed.error;
  }

  private async reload(): Promise<void> {
    this.index = await readIndex(this.store);
    this.byId = new Map(this.index.map((e) => [e.id, e]));
    this.cachedCounts = undefined;
  }

  /** 1-based position of the current item in the view, 0 when none. */
  get position(): number {
    return this.item ? this.view.findIndex((e) => e.id === this.item!.id) + 1 : 0;
  }

  /** Per-status counts over every item (not only the view); recounted when an item changes. */
  counts(): Counts {
    if (this.cachedCounts) return this.cachedCounts;
    const c: Counts = { total: this.index.length, pending: 0, approved: 0, rejected: 0, skipped: 0, changed: 0 };
    for (const e of this.index) {
      c[e.status]++;
      if (e.changed) c.changed++;
    }
    return (this.cachedCounts = c);
  }

  private async show(entry: ItemIndexEntry | undefined): Promise<void> {
    this.item = entry ? await getItem(this.store, entry.id) : undefined;
  }

  /** Brings the index entry of a changed item up to date and re-applies the filter. */
  private update(item: ReviewItem): void {
    const entry = this.byId.get(item.id);
    if (entry) Object.assign(entry, { status: item.status, domains: item.domains, changed: item.changed });
    this.cachedCounts = undefined;
    this.view = this.index.filter((e) => matches(e, this.filter));
  }

  /** The first item of the view after `seq` in load order (wrapping to none at the end). */
  private after(seq: number): ItemIndexEntry | undefined {
    return this.view.find((e) => e.seq > seq);
  }

  /**
   * Applies one effect (all but `edit` and `quit`, which need the terminal) and returns the
   * message to show.
   */
  async apply(effect: Effect): Promise<string> {
    const item = this.item;
    switch (effect.type) {
      case 'move': {
        if (!item) return 'nothing to show: change the filter (f)';
        const i = this.position - 1 + effect.delta;
        if (i < 0) return 'at the first item';
        if (i >= this.view.length) return 'at the last item';
        await this.show(this.view[i]);
        return '';
      }
      case 'jump':
        return this.jump(effect.target);
      case 'filter': {
        const parsed = parseFilter(effect.expr);
        if (!parsed.ok) return parsed.error;
        [this.filter, this.filterExpr] = [parsed.filter, effect.expr.trim()];
        // Re-read the index: it picks up pairs other reviewers decided since this session opened.
        await this.reload();
        this.view = this.index.filter((e) => matches(e, this.filter));
        const keep = item && this.view.find((e) => e.id === item.id);
        await this.show(keep ?? this.view[0]);
        return `${this.view.length} item(s) match${effect.expr ? ` "${effect.expr}"` : ' (no filter)'}`;
      }
      case 'undo': {
        const result = await undoLast(this.store, this.reviewer);
        if (!result) return 'nothing to undo';
        if ('refused' in result) return `cannot undo: ${result.refused}`;
        this.update(result.item);
        const entry = this.view.find((e) => e.id === result.item.id);
        this.item = entry ? result.item : this.item;
        return `undid ${result.undone.action} of ${result.item.id}${entry ? '' : ' (hidden by the filter)'}`;
      }
      case 'edit':
      case 'quit':
        return '';
      default:
        break;
    }
    if (!item) return 'nothing to act on: change the filter (f)';
    if (effect.type === 'decide') {
      const updated = await decide(this.store, item.id, this.reviewer, effect.status);
      this.update(updated);
      const next = this.after(updated.seq);
      if (next) await this.show(next);
      else if (this.view.some((e) => e.id === updated.id)) this.item = updated;
      else await this.show(this.view.at(-1));
      return `${effect.status} ${updated.id}${next ? '' : ' (last item of the view)'}`;
    }
    if (effect.type === 'rate') {
      this.item = await rateItem(this.store, item.id, this.reviewer, effect.field, effect.value);
      this.update(this.item);
      return `${effect.field} rated ${effect.value}`;
    }
    this.item = await noteItem(this.store, item.id, this.reviewer, effect.text);
    this.update(this.item);
    return this.item.notes ? 'note saved' : 'note cleared';
  }

  /** Saves edits made in the editor to the current item. */
  async saveEdit(edits: PairEdits): Promise<string> {
    if (!this.item) return 'nothing to edit';
    this.item = await editItem(this.store, this.item.id, this.reviewer, edits);
    this.update(this.item);
    return `edit saved (${Object.keys(edits).sort().join(', ') || 'back to the original'})`;
  }

  private async jump(target: string): Promise<string> {
    if (/^\d+$/.test(target)) {
      const n = Number(target);
      if (n < 1 || n > this.view.length) return `no item ${n}: the view has ${this.view.length}`;
      await this.show(this.view[n - 1]);
      return '';
    }
    const entry = this.byId.get(target);
    if (!entry) return `no item with id "${target.slice(0, 60)}"`;
    if (!this.view.includes(entry)) {
      [this.filter, this.filterExpr] = [{}, ''];
      this.view = [...this.index];
      await this.show(entry);
      return 'filter cleared to show that item';
    }
    await this.show(entry);
    return '';
  }
}
