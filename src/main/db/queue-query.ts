/**
 * The queue's read side: filters, ordering, paging and facet counts over the
 * narrow `assignments` table. Every filter is a SQL fragment with its
 * parameters, so a facet can be counted with all filters but its own.
 */
import type { QueueFacets, QueuePage, QueueQuery } from '../../shared/contract';
import type { Db } from './connection';
import { PRIORITIES, STATUSES } from '../../shared/protocol';
import type { StatusMirror } from './status-mirror';

import { priorityRank } from './new-row';

export { priorityRank };

/**
 * `broad`: a filter most rows pass (status, priority). When listing a page,
 * its index is not worth using: walking the ordering's index and skipping the
 * few rows that fail finds a page of 200 at once, where the filter's index
 * would hand SQLite 80,000 rows to sort (170 ms on 100,000 assignments).
 */
type Filter = { sql: string; params: unknown[]; broad?: boolean };
type FilterKey = 'search' | 'status' | 'priority' | 'project' | 'kind' | 'tag' | 'due' | 'local';

export type ListQuery = Required<Pick<QueueQuery, 'limit' | 'offset'>> & QueueQuery;

/**
 * A search is broad, and checked row by row along the ordering (a binary
 * search per row, ~1 µs) rather than its hits looked up and sorted (~1 µs a
 * hit), when the walk to the page's end is the shorter: with h hits among n
 * rows it takes (offset + limit) · n / h rows, so when h² > (offset + limit) · n.
 */
function isBroadSearch(hits: number, end: number, rows: number): boolean {
  return hits * hits > end * rows;
}

/** A search's matches: ids in ascending order (as FTS5 returns them), also as JSON for json_each. */
interface Hits {
  term: string;
  version: string;
  ids: number[];
  json: string;
  byStatus: Record<string, number> | null;
}

/** Each instance's own membership function: its hits, not another repository's on the same connection. */
let instances = 0;

const ORDER_SQL = {
  // Overdue and soon-due first within a priority; undated last (due_sort).
  priority: 'a.priority_rank, a.due_sort, a.id',
  due: 'a.due_sort, a.priority_rank, a.id',
  age: 'a.created_at, a.id',
  updated: 'a.updated_at DESC, a.id DESC',
} as const;

const inList = (column: string, values: readonly unknown[]): Filter => ({
  sql: `${column} IN (${values.map(() => '?').join(',')})`,
  params: [...values],
});

/**
 * The reviewer types words, not FTS5 syntax: each word becomes a quoted
 * prefix term, so `refund 55` finds "Refund for order 5521" and stray quotes
 * or operators cannot make the query fail.
 */
export function toFtsQuery(search: string | undefined): string | null {
  if (!search) return null;
  const words = search
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '').trim())
    .filter(Boolean)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** End of the reviewer's local day, as an ISO instant: "due today" means before local midnight. */
function endOfLocalDay(now: Date): string {
  const d = new Date(now);
  d.setHours(23, 59, 59, 999);
  return d.toISOString();
}

/**
 * `search` carries the hits: a few are a list SQLite walks by primary key;
 * many (broad, see isBroadSearch) are checked by `hitFn`, a binary search per
 * row along the ordering's index.
 */
function buildFilters(
  q: QueueQuery,
  now: Date,
  search: { hits: Hits; hitFn: string; broad: boolean } | null,
): Map<FilterKey, Filter> {
  const f = new Map<FilterKey, Filter>();
  if (search) {
    f.set(
      'search',
      search.broad
        ? { sql: `${search.hitFn}(a.id)`, params: [], broad: true }
        : { sql: 'a.id IN (SELECT value FROM json_each(?))', params: [search.hits.json] },
    );
  }
  if (q.statuses?.length) f.set('status', { ...inList('a.status', q.statuses), broad: true });
  // priority_rank, not the text column: it is part of every ordering index, so the filter is answered from the index.
  if (q.priorities?.length) f.set('priority', { ...inList('a.priority_rank', q.priorities.map(priorityRank)), broad: true });
  if (q.projects?.length) f.set('project', inList('a.project', q.projects));
  if (q.kinds?.length) f.set('kind', inList('a.kind', q.kinds));
  if (q.tags?.length) {
    f.set('tag', {
      sql: `a.id IN (SELECT assignment_id FROM assignment_tags WHERE tag_id IN (${q.tags.map(() => '?').join(',')}))`,
      params: [...q.tags],
    });
  }
  if (q.due?.length) {
    const nowIso = now.toISOString();
    const parts: string[] = [];
    const params: unknown[] = [];
    for (const d of new Set(q.due)) {
      if (d === 'overdue') {
        parts.push('(a.due_at IS NOT NULL AND a.due_at < ?)');
        params.push(nowIso);
      } else if (d === 'today') {
        parts.push('(a.due_at >= ? AND a.due_at <= ?)');
        params.push(nowIso, endOfLocalDay(now));
      } else {
        parts.push('a.due_at IS NULL');
      }
    }
    f.set('due', { sql: `(${parts.join(' OR ')})`, params });
  }
  if (q.local?.length) f.set('local', inList('a.local_state', q.local));
  return f;
}

function whereOf(filters: Map<FilterKey, Filter>, except?: FilterKey, orderedPage = false): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [k, f] of filters) {
    if (k === except) continue;
    // A unary + keeps SQLite from using the column's index for this term (see Filter.broad).
    parts.push(orderedPage && f.broad ? `+${f.sql}` : f.sql);
    params.push(...f.params);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * `version()` changes whenever this repository writes an assignment (and
 * data_version when another connection does): the words matching a search
 * are looked up once per search and version, as one JSON array of ids from
 * FTS5 (no row per hit crosses into JavaScript), then shared by the page, its
 * total, its counts and every further page. Totals and counts by status come
 * from the status counts table (migration 8), or for a search from `mirror`.
 */
export function createQueueQueries(db: Db, version: () => number, mirror: StatusMirror) {
  const hitsStmt = db.prepare('SELECT json_group_array(rowid) FROM assignments_fts WHERE assignments_fts MATCH ?').pluck();
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const statusCounts = db.prepare('SELECT status, n FROM assignment_status_counts WHERE n > 0');
  const schemaVersion = db.prepare('PRAGMA schema_version').pluck();
  const indexStmt = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").pluck();
  const hitFn = `rd_search_hit_${++instances}`;
  let hitsFor: Hits | null = null;
  db.function(hitFn, { deterministic: false }, (id: unknown) => (hitsFor && has(hitsFor.ids, Number(id)) ? 1 : 0));

  /** The search's filter for a page ending at `end`. */
  function searchFor(q: QueueQuery, end: number): { hits: Hits; hitFn: string; broad: boolean } | null {
    const hits = prepareSearch(q);
    if (!hits) return null;
    const rows = Object.values(quickStatusCounts(null)).reduce((a, b) => a + b, 0);
    return { hits, hitFn, broad: isBroadSearch(hits.ids.length, end, rows) };
  }

  function prepareSearch(q: QueueQuery): Hits | null {
    const term = toFtsQuery(q.search);
    if (term === null) return null;
    const v = `${version()}:${String(dataVersion.get())}`;
    if (hitsFor?.term === term && hitsFor.version === v) return hitsFor;
    const json = (hitsStmt.get(term) as string | null) ?? '[]';
    hitsFor = { term, version: v, ids: JSON.parse(json) as number[], json, byStatus: null };
    return hitsFor;
  }

  /** The hits per status, once per search and version. */
  function hitsByStatus(hits: Hits): Record<string, number> {
    if (!hits.byStatus) {
      const statuses = mirror.current();
      const n = STATUSES.map(() => 0);
      for (const id of hits.ids) {
        const c = statuses.statusOf(id);
        if (c >= 0) n[c]!++;
      }
      hits.byStatus = {};
      STATUSES.forEach((s, i) => {
        if (n[i]! > 0) hits.byStatus![s] = n[i]!;
      });
    }
    return hits.byStatus;
  }

  /** Per status for the search (or the whole cache), when no other filter applies: no row is read. */
  function quickStatusCounts(hits: Hits | null): Record<string, number> {
    if (hits) return { ...hitsByStatus(hits) };
    const out: Record<string, number> = {};
    for (const r of statusCounts.all() as { status: string; n: number }[]) out[r.status] = r.n;
    return out;
  }

  let indexesAt: unknown = null;
  const indexKnown = new Map<string, boolean>();
  /** Whether an index is there to be named: a first sync builds some of them only at its end (bulk-load.ts). */
  function hasIndex(name: string): boolean {
    const sv = schemaVersion.get();
    if (sv !== indexesAt) {
      indexesAt = sv;
      indexKnown.clear();
    }
    let known = indexKnown.get(name);
    if (known === undefined) {
      known = indexStmt.get(name) !== undefined;
      indexKnown.set(name, known);
    }
    return known;
  }

  type Stmt = { all(...p: unknown[]): unknown[]; get(...p: unknown[]): unknown };
  const cache = new Map<string, Stmt>();
  // Statements are keyed by their SQL: the same shape of query is prepared once.
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql) as unknown as Stmt;
      if (cache.size > 500) cache.clear();
      cache.set(sql, s);
    }
    return s;
  };

  /** Names the facets index where it exists (see hasIndex). */
  const facetsIndex = () => (hasIndex('assignments_facets') ? 'INDEXED BY assignments_facets' : '');

  /** Only the search (and status) filters apply: counts per status need no row read. */
  const onlySearchAndStatus = (filters: Map<FilterKey, Filter>) =>
    [...filters.keys()].every((k) => k === 'search' || k === 'status');

  function countBy(column: string, filters: Map<FilterKey, Filter>, except: FilterKey, extraWhere = ''): Record<string, number> {
    if (column === 'a.status' && except === 'status' && !extraWhere && onlySearchAndStatus(filters)) {
      return quickStatusCounts(filters.has('search') ? hitsFor : null);
    }
    const w = whereOf(filters, except);
    const where = extraWhere ? (w.sql ? `${w.sql} AND ${extraWhere}` : `WHERE ${extraWhere}`) : w.sql;
    // The facets index covers every column a facet reads; left to itself the planner picked
    // narrower indexes and then read 80,000 table rows per facet (migration 6).
    const rows = stmt(`SELECT ${column} AS k, count(*) AS n FROM assignments a ${facetsIndex()} ${where} GROUP BY 1`).all(
      ...w.params,
    ) as {
      k: string | number | null;
      n: number;
    }[];
    const out: Record<string, number> = {};
    for (const r of rows) if (r.k !== null) out[String(r.k)] = r.n;
    return out;
  }

  /** Items matching the filters: from the counts per status where only status (and search) apply. */
  function total(q: QueueQuery, filters: Map<FilterKey, Filter>): number {
    if (onlySearchAndStatus(filters)) {
      const counts = quickStatusCounts(filters.has('search') ? hitsFor : null);
      const statuses = q.statuses?.length ? q.statuses : Object.keys(counts);
      return statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
    }
    const w = whereOf(filters);
    return (stmt(`SELECT count(*) AS n FROM assignments a ${w.sql}`).get(...w.params) as { n: number }).n;
  }

  function facets(filters: Map<FilterKey, Filter>, now: Date): QueueFacets {
    const nowIso = now.toISOString();
    const eod = endOfLocalDay(now);
    const w = whereOf(filters, 'tag');
    const tagRows = stmt(
      `SELECT t.tag_id AS k, count(*) AS n FROM assignment_tags t JOIN assignments a ${facetsIndex()} ON a.id = t.assignment_id ${w.sql} GROUP BY 1`,
    ).all(...w.params) as { k: number; n: number }[];
    const dueW = whereOf(filters, 'due');
    const due = stmt(
      `SELECT sum(a.due_at IS NOT NULL AND a.due_at < ?) AS overdue, sum(a.due_at >= ? AND a.due_at <= ?) AS today,
              sum(a.due_at IS NULL) AS none FROM assignments a ${facetsIndex()} ${dueW.sql}`,
    ).get(nowIso, nowIso, eod, ...dueW.params) as { overdue: number | null; today: number | null; none: number | null };
    return {
      status: countBy('a.status', filters, 'status'),
      // By rank, which the facets index holds, named afterwards.
      priority: Object.fromEntries(
        Object.entries(countBy('a.priority_rank', filters, 'priority')).map(([rank, n]) => [PRIORITIES[3 - Number(rank)], n]),
      ),
      project: countBy('a.project', filters, 'project'),
      kind: countBy('a.kind', filters, 'kind'),
      tag: Object.fromEntries(tagRows.map((r) => [String(r.k), r.n])),
      due: { overdue: due.overdue ?? 0, today: due.today ?? 0, none: due.none ?? 0 },
      local: countBy('a.local_state', filters, 'local', "a.local_state <> 'none'"),
    };
  }

  return {
    list(q: ListQuery, now: Date = new Date()): QueuePage {
      const filters = buildFilters(q, now, searchFor(q, q.offset + q.limit));
      const paged = whereOf(filters, undefined, true);
      const order = ORDER_SQL[q.ordering ?? 'priority'];
      const items = stmt(
        `SELECT a.id, a.title, a.kind, a.project, a.priority, a.status, a.due_at, a.updated_at, a.tags, a.local_state
         FROM assignments a ${paged.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
      ).all(...paged.params, q.limit, q.offset) as QueueRow[];
      // Counting costs more than the page itself on a large cache: only when asked (the first page of a query).
      const f = q.facets ? facets(filters, now) : undefined;
      return {
        items: items.map(toItem),
        total: total(q, filters),
        countsByStatus: f?.status ?? {},
        ...(f ? { facets: f } : {}),
      };
    },

    /** Cached assignments per status, for a search (the status filter does not apply to its own counts). */
    countsByStatus(search?: string): QueuePage['countsByStatus'] {
      return quickStatusCounts(prepareSearch({ search }));
    },

    /** The plan SQLite picks for a query, for tests that keep every filter and ordering indexed. */
    explain(q: ListQuery, now: Date = new Date()): string[] {
      const filters = buildFilters(q, now, searchFor(q, q.offset + q.limit));
      const w = whereOf(filters, undefined, true);
      const rows = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT a.id FROM assignments a ${w.sql} ORDER BY ${ORDER_SQL[q.ordering ?? 'priority']} LIMIT 200`,
        )
        .all(...w.params) as { detail: string }[];
      return rows.map((r) => r.detail);
    },
  };
}
export type QueueQueries = ReturnType<typeof createQueueQueries>;

/** Binary search in ascending ids. */
function has(ids: number[], id: number): boolean {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

interface QueueRow {
  id: number;
  title: string;
  kind: string;
  project: number;
  priority: QueuePage['items'][number]['priority'];
  status: QueuePage['items'][number]['status'];
  due_at: string | null;
  updated_at: string;
  tags: string;
  local_state: QueuePage['items'][number]['localState'];
}

const toItem = (r: QueueRow): QueuePage['items'][number] => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  project: r.project,
  priority: r.priority,
  status: r.status,
  dueAt: r.due_at,
  updatedAt: r.updated_at,
  tags: JSON.parse(r.tags) as number[],
  localState: r.local_state,
});
