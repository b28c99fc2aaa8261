import { call } from '../api';
import type { LocalState, Ordering, QueueItem, QueueQuery } from '../../shared/contract';
import type { AssignmentStatus, Priority } from '../../shared/protocol';
import type { AppError } from '../../shared/result';
import type { LoadStatus, SliceCreator } from './types';

export interface QueueFilters {
  search: string;
  /** Empty means every status. */
  statuses: AssignmentStatus[];
  /** Empty means every priority. */
  priorities: Priority[];
  ordering: Ordering;
}

/** What a reviewer still has to do, most urgent first. */
export const DEFAULT_FILTERS: QueueFilters = {
  search: '',
  statuses: ['pending', 'in_progress'],
  priorities: [],
  ordering: 'priority',
};

export const PAGE_SIZE = 200;
/** The contract's cap on one `queue:list` call. */
const MAX_LIMIT = 1000;

export interface QueueSlice {
  filters: QueueFilters;
  items: QueueItem[];
  total: number;
  countsByStatus: Partial<Record<AssignmentStatus, number>>;
  queueStatus: LoadStatus;
  queueError: AppError | null;
  loadingMore: boolean;
  selectedId: number | null;
  setFilters(patch: Partial<QueueFilters>): Promise<void>;
  /** Loads the first page, showing the loading state. */
  loadQueue(): Promise<void>;
  /** Re-queries quietly after a change, keeping as many rows as are loaded. */
  refreshQueue(): Promise<void>;
  loadMore(): Promise<void>;
  selectItem(id: number | null): void;
  moveSelection(delta: number): void;
  /** Optimistic marker after a decision, until the re-query lands. */
  markLocalState(id: number, localState: LocalState): void;
}

export function initialQueueState() {
  return {
    filters: DEFAULT_FILTERS,
    items: [] as QueueItem[],
    total: 0,
    countsByStatus: {} as Partial<Record<AssignmentStatus, number>>,
    queueStatus: 'idle' as LoadStatus,
    queueError: null as AppError | null,
    loadingMore: false,
    selectedId: null as number | null,
  };
}

export function isFiltered(f: QueueFilters): boolean {
  const sameStatuses =
    f.statuses.length === DEFAULT_FILTERS.statuses.length && DEFAULT_FILTERS.statuses.every((s) => f.statuses.includes(s));
  return f.search.trim() !== '' || f.priorities.length > 0 || !sameStatuses;
}

function toQuery(f: QueueFilters, limit: number, offset: number): QueueQuery {
  const q: QueueQuery = { ordering: f.ordering, limit, offset };
  const search = f.search.trim();
  if (search) q.search = search;
  if (f.statuses.length) q.statuses = f.statuses;
  if (f.priorities.length) q.priorities = f.priorities;
  return q;
}

/** Keeps the selection on the same row, or on the row that took its place. */
function keepSelection(before: QueueItem[], after: QueueItem[], selectedId: number | null): number | null {
  if (after.length === 0) return null;
  if (selectedId !== null && after.some((i) => i.id === selectedId)) return selectedId;
  const oldIndex =
    selectedId === null
      ? 0
      : Math.max(
          0,
          before.findIndex((i) => i.id === selectedId),
        );
  return (after[Math.min(oldIndex, after.length - 1)] ?? after[0])?.id ?? null;
}

export const createQueueSlice: SliceCreator<QueueSlice> = (set, get) => {
  // Bumped by every query that replaces the list, so a slow answer to an
  // older query (typing fast in the search box) cannot overwrite a newer one.
  let generation = 0;

  async function replaceList(limit: number, showLoading: boolean): Promise<void> {
    const mine = ++generation;
    if (showLoading) set({ queueStatus: 'loading', queueError: null });
    const res = await call('queue:list', toQuery(get().filters, limit, 0));
    if (mine !== generation) return;
    if (!res.ok) {
      // A failed quiet refresh keeps the rows on screen rather than blanking the list.
      if (showLoading || get().queueStatus !== 'ready') set({ queueStatus: 'error', queueError: res.error, loadingMore: false });
      return;
    }
    const { items, total, countsByStatus } = res.value;
    set((s) => ({
      items,
      total,
      countsByStatus,
      queueStatus: 'ready',
      queueError: null,
      loadingMore: false,
      selectedId: keepSelection(s.items, items, s.selectedId),
    }));
  }

  return {
    ...initialQueueState(),

    async setFilters(patch) {
      set((s) => ({ filters: { ...s.filters, ...patch } }));
      await replaceList(PAGE_SIZE, true);
    },

    loadQueue: () => replaceList(PAGE_SIZE, true),

    async refreshQueue() {
      const { queueStatus, items } = get();
      if (queueStatus === 'idle') return;
      await replaceList(Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, items.length)), queueStatus === 'error');
    },

    async loadMore() {
      const { items, total, loadingMore, queueStatus } = get();
      if (loadingMore || queueStatus !== 'ready' || items.length >= total) return;
      const mine = generation;
      set({ loadingMore: true });
      const res = await call('queue:list', toQuery(get().filters, PAGE_SIZE, items.length));
      if (mine !== generation) return;
      if (!res.ok) {
        set({ loadingMore: false });
        get().pushToast(`Could not load more assignments. ${res.error.message}`, 'error');
        return;
      }
      set((s) => {
        // Rows can shift between pages while syncing; never show one twice.
        const seen = new Set(s.items.map((i) => i.id));
        const fresh = res.value.items.filter((i) => !seen.has(i.id));
        return {
          items: [...s.items, ...fresh],
          total: res.value.total,
          countsByStatus: res.value.countsByStatus,
          loadingMore: false,
        };
      });
    },

    selectItem(id) {
      set({ selectedId: id });
    },

    moveSelection(delta) {
      const { items, selectedId } = get();
      if (items.length === 0) return;
      const at = items.findIndex((i) => i.id === selectedId);
      const next = at === -1 ? (delta > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + delta));
      set({ selectedId: items[next]?.id ?? null });
    },

    markLocalState(id, localState) {
      set((s) => ({ items: s.items.map((i) => (i.id === id ? { ...i, localState } : i)) }));
    },
  };
};
