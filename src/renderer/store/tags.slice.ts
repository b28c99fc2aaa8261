import { call } from '../api';
import type { TagAction } from '../../shared/contract';
import type { Tag } from '../../shared/protocol';
import { describeError } from './error-words';
import { indexOfId, rowAt } from './queue-rows';
import type { SliceCreator } from './types';

/**
 * Tag names and colours (`tags:list`), and the queue's multi-selection with
 * bulk tag changes (`tags:set`, queued in the outbox like a decision). The
 * multi-selection ("checked" rows) is separate from the single selected row
 * that j/k moves and Enter opens.
 */
export interface TagsSlice {
  /** Known tags by id; empty until `tags:list` answers. */
  tagsById: Record<number, Tag>;
  /** Ids in the order the server lists them (for pickers). */
  tagOrder: number[];
  /** True when the list could not be refreshed and is the last one known. */
  tagsStale: boolean;
  /** Rows checked for a bulk action, by assignment id. */
  checked: ReadonlySet<number>;
  /** Where a Shift+click or Shift+j/k range starts (an index in the list). */
  checkAnchor: number | null;
  tagging: boolean;
  loadTags(refresh?: boolean): Promise<void>;
  /** Checks or unchecks one row (Space, x, Ctrl+click); it becomes the anchor. */
  toggleChecked(id: number): void;
  /** Checks every row from the anchor to `index` (Shift+click). */
  checkRangeTo(index: number): void;
  /** Shift+j/k: checks the selected row and the next one, and moves the selection there. */
  extendChecked(delta: number): void;
  clearChecked(): void;
  /** Adds or removes one tag on the checked rows; resolves true when queued. */
  bulkTag(tag: number, action: TagAction): Promise<boolean>;
}

const NO_CHECKS: ReadonlySet<number> = new Set();

export function initialTagsState() {
  return { checked: NO_CHECKS, checkAnchor: null as number | null, tagging: false };
}

/** Only a plain hex colour from the server ever reaches a style. */
export function safeColor(color: string | null | undefined): string | null {
  return typeof color === 'string' && /^#[0-9a-f]{3,8}$/i.test(color.trim()) ? color.trim() : null;
}

export const createTagsSlice: SliceCreator<TagsSlice> = (set, get) => ({
  tagsById: {},
  tagOrder: [],
  tagsStale: false,
  ...initialTagsState(),

  async loadTags(refresh = false) {
    const res = await call('tags:list', refresh ? { refresh: true } : undefined);
    if (!res.ok) return; // names are a comfort: ids still show
    const tagsById: Record<number, Tag> = {};
    for (const t of res.value.tags) tagsById[t.id] = t;
    set({ tagsById, tagOrder: res.value.tags.map((t) => t.id), tagsStale: res.value.stale });
  },

  toggleChecked(id) {
    const next = new Set(get().checked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    const at = indexOfId(get().pages, id);
    set({ checked: next, checkAnchor: at === -1 ? get().checkAnchor : at });
  },

  checkRangeTo(index) {
    const { pages, checkAnchor, selectedIndex } = get();
    const from = checkAnchor ?? selectedIndex;
    const next = new Set(get().checked);
    for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
      const row = rowAt(pages, i);
      if (row) next.add(row.id);
    }
    set({ checked: next, checkAnchor: from });
  },

  extendChecked(delta) {
    const { pages, selectedIndex, total } = get();
    const target = Math.min(Math.max(0, selectedIndex + delta), total - 1);
    const next = new Set(get().checked);
    for (const i of [selectedIndex, target]) {
      const row = rowAt(pages, i);
      if (row) next.add(row.id);
    }
    set({ checked: next, checkAnchor: get().checkAnchor ?? selectedIndex });
    get().selectIndex(target);
  },

  clearChecked() {
    if (get().checked.size > 0 || get().checkAnchor !== null) set(initialTagsState());
  },

  async bulkTag(tag, action) {
    const ids = [...get().checked];
    if (ids.length === 0 || get().tagging) return false;
    set({ tagging: true });
    const res = await call('tags:set', { ids, tags: [tag], action });
    set({ tagging: false });
    const name = get().tagsById[tag]?.name ?? `Tag #${tag}`;
    const what = `${ids.length} assignment${ids.length === 1 ? '' : 's'}`;
    if (!res.ok) {
      get().pushToast(`Could not change the tags. ${describeError(res.error)}`, 'error');
      return false;
    }
    get().pushToast(
      action === 'add' ? `Queued: tag “${name}” added to ${what}.` : `Queued: tag “${name}” removed from ${what}.`,
      'success',
      'tags',
    );
    return true;
  },
});
