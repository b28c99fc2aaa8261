import { call } from '../api';
import type { LocalState, QueueFacets, QueuePage } from '../../shared/contract';
import type { AssignmentStatus } from '../../shared/protocol';
import type { AppError, Result } from '../../shared/result';
import { describeError } from './error-words';
import type { QueueMemory } from './persist';
import { createFacetsLoader, type FacetsState } from './queue-facets';
import { DEFAULT_FILTERS, toQuery, type QueueFilters } from './queue-filters';
import {
  PAGE_SIZE,
  indexOfId,
  needsDecision,
  pageOf,
  pagesCovering,
  rowAt,
  settleSelection,
  updateRow,
  type Pages,
} from './queue-rows';
import type { LoadStatus, SliceCreator } from './types';

export interface QueueSlice {
  filters: QueueFilters;
  /** Loaded rows, page by page (see queue-rows.ts). */
  pages: Pages;
  /** Rows matching the filters, loaded or not. */
  total: number;
  /** Counts per status, from the facets (empty until main has counted). */
  countsByStatus: Partial<Record<AssignmentStatus, number>>;
  /** Counts per filter value, asked apart from the list while the filter panel is open (queue-facets.ts). */
  facets: QueueFacets | null;
  facetsState: FacetsState;
  queueStatus: LoadStatus;
  queueError: AppError | null;
  /** Bumped when new filters replace the list, so the list scrolls back to the top. */
  listKey: number;
  selectedId: number | null;
  /** Position of the selection; kept even while its row is not loaded yet. */
  selectedIndex: number;
  /** Rows the list shows [start, end), so a refresh reloads what the reviewer is looking at. */
  viewport: { start: number; end: number };
  /** Project names learned from opened assignments (`metadata.project_name`); main has no projects channel. */
  projectNames: Record<number, string>;
  setFilters(patch: Partial<QueueFilters>): Promise<void>;
  resetFilters(): Promise<void>;
  /** Loads the list for the current filters, showing the loading state. */
  loadQueue(): Promise<void>;
  /** Loads the queue unless this workspace's first load has begun (the session starts it, AppShell makes sure). */
  ensureQueue(): Promise<void>;
  /** Re-queries quietly after a change: the first page and the pages on screen. */
  refreshQueue(): Promise<void>;
  /** The filter panel is open: its counts are fetched unless the ones shown are current. */
  ensureFacets(): void;
  /** The list shows rows [start, end): loads the pages they are on. */
  showRange(start: number, end: number): void;
  selectItem(id: number | null): void;
  selectIndex(index: number): void;
  moveSelection(delta: number): void;
  /** Optimistic marker after a decision, until the re-query lands. */
  markLocalState(id: number, localState: LocalState): void;
  /**
   * The next row after `id` that still needs a decision. With `load`, fetches
   * the page it is on when that is not loaded; without, looks at loaded rows only.
   */
  nextToReview(id: number, options?: { load?: boolean }): Promise<number | null>;
  learnProjectName(project: number, name: string): void;
}

export function initialQueueState(memory: QueueMemory | null = null) {
  return {
    filters: memory?.filters ?? DEFAULT_FILTERS,
    pages: {} as Pages,
    total: 0,
    countsByStatus: {} as Partial<Record<AssignmentStatus, number>>,
    facets: null as QueueFacets | null,
    facetsState: 'idle' as FacetsState,
    queueStatus: 'idle' as LoadStatus,
    queueError: null as AppError | null,
    listKey: 0,
    selectedId: memory?.selectedId ?? null,
    selectedIndex: memory?.selectedIndex ?? 0,
    viewport: { start: 0, end: 0 },
  };
}

/** How far `nextToReview` looks before giving up (rows). */
const NEXT_SCAN_LIMIT = 2 * PAGE_SIZE;

export const createQueueSlice: SliceCreator<QueueSlice> = (set, get) => {
  // Bumped by every query that replaces the list, so a slow answer to an
  // older query (typing fast in the search box) cannot overwrite a newer one.
  let generation = 0;
  // Pages being fetched for the current generation, and pages that failed
  // (not retried on every scroll event; the next replace clears them).
  const inflight = new Map<number, Promise<void>>();
  const failed = new Set<number>();
  // A long pull reports changes many times a second: one refresh runs at a
  // time, and changes that land meanwhile make exactly one more.
  let refreshing: Promise<void> | null = null;
  let refreshAgain = false;

  const facets = createFacetsLoader(set, get);

  // Pages never ask for counts: they cost main far more than a page (queue-facets.ts asks for them apart).
  const fetchPage = (page: number): Promise<Result<QueuePage>> =>
    call('queue:list', toQuery(get().filters, PAGE_SIZE, page * PAGE_SIZE, false));

  async function replaceList(kind: 'filters' | 'reload' | 'refresh'): Promise<void> {
    const mine = ++generation;
    inflight.clear();
    failed.clear();
    const before = get();
    const wanted = new Set<number>([0]);
    if (kind !== 'filters') {
      for (const p of pagesCovering(before.viewport.start, Math.min(before.viewport.end, before.total))) wanted.add(p);
      wanted.add(pageOf(before.selectedIndex));
    }
    if (kind !== 'refresh') set({ queueStatus: 'loading', queueError: null });
    if (kind === 'filters') set({ listKey: before.listKey + 1 });
    const list = [...wanted];
    const answers = await Promise.all(list.map((p) => fetchPage(p)));
    if (mine !== generation) return;
    const first = answers[0]!;
    if (!first.ok) {
      // A failed quiet refresh keeps the rows on screen rather than blanking the list.
      if (kind !== 'refresh' || get().queueStatus !== 'ready') set({ queueStatus: 'error', queueError: first.error });
      return;
    }
    const pages: Record<number, QueuePage['items']> = {};
    list.forEach((p, i) => {
      const answer = answers[i];
      if (answer?.ok) pages[p] = answer.value.items;
    });
    const { total } = first.value;
    set((s) => ({
      pages,
      total,
      queueStatus: 'ready',
      queueError: null,
      // New filters start from the top unless the selected row is still on the first page.
      ...settleSelection(pages, total, kind === 'filters' ? { selectedId: s.selectedId, selectedIndex: 0 } : s),
    }));
    facets.replaced(kind);
  }

  function loadPage(page: number): Promise<void> {
    const existing = inflight.get(page);
    if (existing) return existing;
    const mine = generation;
    const run = (async () => {
      const res = await fetchPage(page);
      if (mine !== generation) return;
      inflight.delete(page);
      if (!res.ok) {
        failed.add(page);
        get().pushToast(`Could not load more assignments. ${describeError(res.error)}`, 'error');
        return;
      }
      set((s) => {
        const pages = { ...s.pages, [page]: res.value.items };
        // A selection that moved onto this page before it arrived gets its row now.
        const fill =
          s.selectedId === null && pageOf(s.selectedIndex) === page
            ? { selectedId: rowAt(pages, s.selectedIndex)?.id ?? null }
            : {};
        return { pages, total: res.value.total, ...fill };
      });
    })();
    inflight.set(page, run);
    return run;
  }

  function select(index: number): void {
    const { total, pages } = get();
    if (total === 0) return;
    const clamped = Math.min(Math.max(0, index), total - 1);
    const row = rowAt(pages, clamped);
    set({ selectedIndex: clamped, selectedId: row?.id ?? null });
    if (!row) void loadPage(pageOf(clamped));
  }

  return {
    ...initialQueueState(),
    projectNames: {},

    async setFilters(patch) {
      set((s) => ({ filters: { ...s.filters, ...patch } }));
      await replaceList('filters');
    },

    resetFilters: () => get().setFilters(DEFAULT_FILTERS),

    loadQueue: () => replaceList('reload'),

    ensureQueue: () => (get().queueStatus === 'idle' ? replaceList('reload') : Promise.resolve()),

    refreshQueue() {
      if (get().queueStatus === 'idle') return Promise.resolve();
      if (refreshing) {
        refreshAgain = true;
        return refreshing;
      }
      refreshing = (async () => {
        do {
          refreshAgain = false;
          await replaceList(get().queueStatus === 'error' ? 'reload' : 'refresh');
        } while (refreshAgain);
      })().finally(() => (refreshing = null));
      return refreshing;
    },

    ensureFacets: () => facets.ensure(),

    showRange(start, end) {
      const { pages, total, queueStatus, viewport } = get();
      if (viewport.start !== start || viewport.end !== end) set({ viewport: { start, end } });
      if (queueStatus !== 'ready') return;
      for (const p of pagesCovering(start, Math.min(end, total))) {
        if (!pages[p] && !failed.has(p)) void loadPage(p);
      }
    },

    selectItem(id) {
      if (id === null) return set({ selectedId: null });
      const at = indexOfId(get().pages, id);
      set(at === -1 ? { selectedId: id } : { selectedId: id, selectedIndex: at });
    },

    selectIndex: (index) => select(index),

    // From the index, not the id: the row there may still be loading (a fast j across a page boundary).
    moveSelection: (delta) => select(get().selectedIndex + delta),

    markLocalState(id, localState) {
      set((s) => ({ pages: updateRow(s.pages, id, (row) => ({ ...row, localState })) }));
    },

    async nextToReview(id, options = {}) {
      const found = indexOfId(get().pages, id);
      const from = found === -1 ? get().selectedIndex : found + 1;
      const last = Math.min(get().total, from + NEXT_SCAN_LIMIT);
      for (let i = from; i < last; i++) {
        let row = rowAt(get().pages, i);
        if (!row && options.load && !failed.has(pageOf(i))) {
          await loadPage(pageOf(i));
          row = rowAt(get().pages, i);
        }
        if (!row) return null;
        if (row.id !== id && needsDecision(row)) return row.id;
      }
      return null;
    },

    learnProjectName(project, name) {
      if (get().projectNames[project] === name) return;
      set((s) => ({ projectNames: { ...s.projectNames, [project]: name } }));
    },
  };
};
