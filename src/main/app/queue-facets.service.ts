/**
 * Counts per filter value (`queue:facets`), asked apart from the list's
 * pages. On 100,000 cached assignments they take some 200 ms to count
 * (queue-query.ts), against a few ms for a page: counted with every page,
 * they held up start-up, each search and the refresh after every decision.
 * Here they are counted once per query and kept until the cache changes
 * (`dataVersion`, bumped with every `queue:changed`) or a minute has passed
 * (the due counts move with the clock).
 */
import type { QueueFacets, QueueFacetsQuery } from '../../shared/contract';
import type { ActiveSession } from './session';

const MAX_ENTRIES = 16;
/** "Overdue" and "due today" move with the clock: counts older than this are counted again. */
const FRESH_MS = 60_000;

interface Entry {
  version: number;
  at: number;
  facets: QueueFacets;
}

/** Equal filters make equal keys, whatever the order of their values; ordering does not change counts. */
export function facetsKey(q: QueueFacetsQuery): string {
  const sorted = (v: readonly (string | number)[] | undefined) =>
    v && v.length ? [...v].sort((a, b) => String(a).localeCompare(String(b))) : undefined;
  return JSON.stringify({
    search: q.search?.trim() || undefined,
    statuses: sorted(q.statuses),
    priorities: sorted(q.priorities),
    projects: sorted(q.projects),
    kinds: sorted(q.kinds),
    tags: sorted(q.tags),
    due: sorted(q.due),
    local: sorted(q.local),
  });
}

export function createQueueFacets(deps: { now: () => Date; dataVersion: () => number }) {
  let owner: ActiveSession | null = null;
  // A Map keeps insertion order: re-inserting on use makes the first key the least recently used.
  const entries = new Map<string, Entry>();

  return {
    get(s: ActiveSession, q: QueueFacetsQuery): QueueFacets {
      if (owner !== s) {
        entries.clear();
        owner = s;
      }
      const key = facetsKey(q);
      const now = deps.now();
      const version = deps.dataVersion();
      const hit = entries.get(key);
      entries.delete(key);
      const age = hit ? now.getTime() - hit.at : -1;
      if (hit && hit.version === version && age >= 0 && age < FRESH_MS) {
        entries.set(key, hit);
        return hit.facets;
      }
      // One row: the page is not wanted, only the counts that come with it.
      const { facets } = s.cache.assignments.list({ ...q, facets: true, limit: 1, offset: 0 }, now);
      const counted = facets ?? { status: {}, priority: {}, project: {}, kind: {}, tag: {}, due: {}, local: {} };
      entries.set(key, { version, at: now.getTime(), facets: counted });
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      return counted;
    },

    /** Signed out, or another account: nothing counted for the old cache is kept. */
    clear(): void {
      entries.clear();
      owner = null;
    },
  };
}
export type QueueFacetsService = ReturnType<typeof createQueueFacets>;
