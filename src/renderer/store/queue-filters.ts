/** The queue's filters, their defaults and how they become a `queue:list` query. */
import type { DueFilter, LOCAL_FILTERS, Ordering, QueueQuery } from '../../shared/contract';
import type { AssignmentStatus, Priority } from '../../shared/protocol';

export type LocalFilter = (typeof LOCAL_FILTERS)[number];

export interface QueueFilters {
  search: string;
  /** Each list: empty means "any". */
  statuses: AssignmentStatus[];
  priorities: Priority[];
  projects: number[];
  kinds: string[];
  tags: number[];
  due: DueFilter[];
  local: LocalFilter[];
  ordering: Ordering;
}

/** The filters a facet group edits (everything but search and ordering). */
export type FilterGroup = Exclude<keyof QueueFilters, 'search' | 'ordering'>;

/** What a reviewer still has to do, most urgent first. */
export const DEFAULT_FILTERS: QueueFilters = {
  search: '',
  statuses: ['pending', 'in_progress'],
  priorities: [],
  projects: [],
  kinds: [],
  tags: [],
  due: [],
  local: [],
  ordering: 'priority',
};

export const FILTER_GROUPS: readonly FilterGroup[] = ['statuses', 'priorities', 'due', 'local', 'projects', 'kinds', 'tags'];

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** How many filter groups differ from the defaults (for the "Filters n" button). */
export function activeFilterCount(f: QueueFilters): number {
  return FILTER_GROUPS.filter((g) => !sameSet(f[g] as unknown[], DEFAULT_FILTERS[g] as unknown[])).length;
}

/** True when the reviewer narrowed the queue beyond the default "to do" view. */
export function isFiltered(f: QueueFilters): boolean {
  return f.search.trim() !== '' || activeFilterCount(f) > 0;
}

export function toQuery(f: QueueFilters, limit: number, offset: number, facets: boolean): QueueQuery {
  const q: QueueQuery = { ordering: f.ordering, limit, offset };
  const search = f.search.trim();
  if (search) q.search = search;
  if (f.statuses.length) q.statuses = f.statuses;
  if (f.priorities.length) q.priorities = f.priorities;
  if (f.projects.length) q.projects = f.projects;
  if (f.kinds.length) q.kinds = f.kinds;
  if (f.tags.length) q.tags = f.tags;
  if (f.due.length) q.due = f.due;
  if (f.local.length) q.local = f.local;
  // Counting costs main a little: only the first page of a query asks.
  if (facets) q.facets = true;
  return q;
}
