/**
 * The filter panel's counts, asked of main apart from the list (`queue:facets`).
 * Counting 100,000 cached assignments takes main some 200 ms, a page a few:
 * the list never waits for counts, and counts are asked only while the panel
 * is open. After new filters they follow shortly; after a change the reviewer
 * did not ask for (a decision, a pull) the old counts stay, marked as
 * updating, until the reviewer pauses.
 */
import { call } from '../api';
import type { QueueFacetsQuery } from '../../shared/contract';
import { toQuery, type QueueFilters } from './queue-filters';
import type { AppState } from './types';

/** Counts on screen: none yet, being fetched, current, outdated (new ones on the way), or main could not count. */
export type FacetsState = 'idle' | 'loading' | 'ready' | 'stale' | 'error';

/** After new filters: long enough that typing a search asks once, not per keystroke. */
export const FACETS_AFTER_FILTERS_MS = 150;
/** After a decision or a pull: the reviewer working through the queue does not pay for counts after each one. */
export const FACETS_AFTER_CHANGE_MS = 1500;

export function toFacetsQuery(f: QueueFilters): QueueFacetsQuery {
  const { limit: _l, offset: _o, facets: _f, ordering: _order, ...q } = toQuery(f, 1, 0, false);
  return q;
}

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

export function createFacetsLoader(set: Set, get: Get) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped whenever the counts on screen may no longer be right (other filters, changed data). */
  let epoch = 0;
  /** The epoch of the request in flight, if any. */
  let inflight: number | null = null;

  const wanted = () => get().filtersOpen && get().queueStatus === 'ready';

  function schedule(ms: number): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, ms);
  }

  async function load(): Promise<void> {
    if (!wanted() || inflight === epoch) return;
    const mine = (inflight = epoch);
    const filters = get().filters;
    set({ facetsState: get().facets ? 'stale' : 'loading' });
    const res = await call('queue:facets', toFacetsQuery(filters));
    if (inflight === mine) inflight = null;
    // New filters meanwhile: these counts belong to other ones.
    if (get().filters !== filters) return;
    if (!res.ok) {
      if (mine === epoch) set({ facetsState: get().facets ? 'stale' : 'error' });
      return;
    }
    // Data changed meanwhile: newer than what was shown, still not current (another request is scheduled).
    set({ facets: res.value, countsByStatus: res.value.status, facetsState: mine === epoch ? 'ready' : 'stale' });
  }

  return {
    /** The list was replaced: new filters, a reload, or a quiet refresh after a change. */
    replaced(kind: 'filters' | 'reload' | 'refresh'): void {
      epoch++;
      if (get().facets) set({ facetsState: 'stale' });
      if (!get().filtersOpen) return;
      schedule(kind === 'filters' ? FACETS_AFTER_FILTERS_MS : kind === 'reload' ? 0 : FACETS_AFTER_CHANGE_MS);
    },
    /** The panel opened: counts now, unless the ones on screen are current. */
    ensure(): void {
      const state = get().facetsState;
      if (state === 'ready' || (inflight === epoch && timer === null)) return;
      schedule(0);
    },
  };
}
