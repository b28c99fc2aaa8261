/**
 * The queue's read side: filters, ordering, paging and facet counts over the
 * narrow `assignments` table. Every filter is a SQL fragment with its
 * parameters, so a facet can be counted with all filters but its own.
 */
import type { QueueFacets, QueuePage, QueueQuery } from '../../shared/contract';
import type { Db } from './connection';
import { PRIORITIES } from '../../shared/protocol';

/** critical first: rank 0. */
export const priorityRank = (p: string): number => 3 - Math.max(0, PRIORITIES.indexOf(p as (typeof PRIORITIES)[number]));

/**
 * `broad`: a filter most rows pass (status, priority). When listing a page,
 * its index is not worth using: walking the ordering's index and skipping the
 * few rows that fail finds a page of 200 at once, where the filter's index
 * would hand SQLite 80,000 rows to sort (170 ms on 100,000 assignments).
 */
type Filter = { sql: string; params: unknown[]; broad?: boolean };
type FilterKey = 'search' | 'status' | 'priority' | 'project' | 'kind' | 'tag' | 'due' | 'local';

export type ListQuery = Required<Pick<QueueQuery, 'limit' | 'offset'>> & QueueQuery;

/** Above this many hits, a search is checked row by row along the ordering rather than sorted. */
const BROAD_SEARCH = 2000;

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

function buildFilters(q: QueueQuery, now: Date): Map<FilterKey, Filter> {
  const f = new Map<FilterKey, Filter>();
  const fts = toFtsQuery(q.search);
  // A probe into the hits' primary key per row, rather than a list SQLite would rebuild for every statement.
  if (fts) f.set('search', { sql: 'EXISTS (SELECT 1 FROM temp.search_hits h WHERE h.term = ? AND h.id = a.id)', params: [fts] });
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
 * `version()` changes whenever an assignment is written: the words matching a
 * search are computed once per search and version into a temp table, then
 * shared by the page, its total, its counts and every further page.
 */
export function createQueueQueries(db: Db, version: () => number) {
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS search_hits (term TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (term, id)) WITHOUT ROWID',
  );
  const clearHits = db.prepare('DELETE FROM temp.search_hits');
  const fillHits = db.prepare(
    'INSERT INTO temp.search_hits (term, id) SELECT ?, rowid FROM assignments_fts WHERE assignments_fts MATCH ?',
  );
  const hitCounts = db.prepare(
    'SELECT a.status AS k, count(*) AS n FROM temp.search_hits h JOIN assignments a ON a.id = h.id WHERE h.term = ? GROUP BY a.status',
  );
  let hitsFor: { term: string; version: number; count: number; byStatus: Record<string, number> | null } | null = null;
  function prepareSearch(q: QueueQuery): number {
    const term = toFtsQuery(q.search);
    if (term === null) return 0;
    if (hitsFor?.term === term && hitsFor.version === version()) return hitsFor.count;
    let count = 0;
    db.transaction(() => {
      clearHits.run();
      count = fillHits.run(term, term).changes;
    })();
    hitsFor = { term, version: version(), count, byStatus: null };
    return count;
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

  function countBy(column: string, filters: Map<FilterKey, Filter>, except: FilterKey, extraWhere = ''): Record<string, number> {
    const w = whereOf(filters, except);
    const where = extraWhere ? (w.sql ? `${w.sql} AND ${extraWhere}` : `WHERE ${extraWhere}`) : w.sql;
    // The facets index covers every column a facet reads; left to itself the planner picked
    // narrower indexes and then read 80,000 table rows per facet (migration 6).
    const rows = stmt(
      `SELECT ${column} AS k, count(*) AS n FROM assignments a INDEXED BY assignments_facets ${where} GROUP BY 1`,
    ).all(...w.params) as {
      k: string | number | null;
      n: number;
    }[];
    const out: Record<string, number> = {};
    for (const r of rows) if (r.k !== null) out[String(r.k)] = r.n;
    return out;
  }

  /** Counts a search's matches from its hits, looking up only those rows for the other filters. */
  function countSearch(filters: Map<FilterKey, Filter>): number {
    const others = whereOf(filters, 'search');
    if (!others.sql) return hitsFor?.count ?? 0;
    const term = filters.get('search')!.params[0];
    return (
      stmt(
        `SELECT count(*) AS n FROM temp.search_hits h JOIN assignments a ON a.id = h.id
         ${others.sql.replace(/^WHERE /, 'WHERE h.term = ? AND ')}`,
      ).get(term, ...others.params) as { n: number }
    ).n;
  }

  function facets(filters: Map<FilterKey, Filter>, now: Date): QueueFacets {
    const nowIso = now.toISOString();
    const eod = endOfLocalDay(now);
    const w = whereOf(filters, 'tag');
    const tagRows = stmt(
      `SELECT t.tag_id AS k, count(*) AS n FROM assignment_tags t JOIN assignments a INDEXED BY assignments_facets ON a.id = t.assignment_id ${w.sql} GROUP BY 1`,
    ).all(...w.params) as { k: number; n: number }[];
    const dueW = whereOf(filters, 'due');
    const due = stmt(
      `SELECT sum(a.due_at IS NOT NULL AND a.due_at < ?) AS overdue, sum(a.due_at >= ? AND a.due_at <= ?) AS today,
              sum(a.due_at IS NULL) AS none FROM assignments a INDEXED BY assignments_facets ${dueW.sql}`,
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
      const hits = prepareSearch(q);
      const filters = buildFilters(q, now);
      // A search that matches thousands is broad too: walk the ordering and check membership.
      const search = filters.get('search');
      if (search && hits > BROAD_SEARCH) search.broad = true;
      const w = whereOf(filters);
      const paged = whereOf(filters, undefined, true);
      const order = ORDER_SQL[q.ordering ?? 'priority'];
      const items = stmt(
        `SELECT a.id, a.title, a.kind, a.project, a.priority, a.status, a.due_at, a.updated_at, a.tags, a.local_state
         FROM assignments a ${paged.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
      ).all(...paged.params, q.limit, q.offset) as QueueRow[];
      const total = search
        ? countSearch(filters)
        : (stmt(`SELECT count(*) AS n FROM assignments a ${w.sql}`).get(...w.params) as { n: number }).n;
      // Counting costs more than the page itself on a large cache: only when asked (the first page of a query).
      const f = q.facets ? facets(filters, now) : undefined;
      return { items: items.map(toItem), total, countsByStatus: f?.status ?? {}, ...(f ? { facets: f } : {}) };
    },

    /** Cached assignments per status, for a search (the status filter does not apply to its own counts). */
    countsByStatus(search?: string): QueuePage['countsByStatus'] {
      if (prepareSearch({ search }) === 0 && toFtsQuery(search) === null) return countBy('a.status', new Map(), 'status');
      // Counted once per search and version, on first demand.
      if (!hitsFor!.byStatus) {
        const byStatus: Record<string, number> = {};
        for (const r of hitCounts.all(hitsFor!.term) as { k: string; n: number }[]) byStatus[r.k] = r.n;
        hitsFor!.byStatus = byStatus;
      }
      return { ...hitsFor!.byStatus };
    },

    /** The plan SQLite picks for a query, for tests that keep every filter and ordering indexed. */
    explain(q: ListQuery, now: Date = new Date()): string[] {
      prepareSearch(q);
      const filters = buildFilters(q, now);
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
