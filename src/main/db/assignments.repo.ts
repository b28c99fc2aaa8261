/**
 * The assignment cache: synchronous functions over the database. Each
 * assignment is kept whole as received (`json`), with the columns the queue
 * filters and orders on copied out beside it.
 */
import type { Assignment, AssignmentStatus } from '../../shared/protocol';
import { PRIORITIES } from '../../shared/protocol';
import type { LocalState, QueueItem, QueuePage, QueueQuery } from '../../shared/contract';
import type { Db } from './connection';

/** critical first: rank 0. */
export const priorityRank = (p: string): number => 3 - Math.max(0, PRIORITIES.indexOf(p as (typeof PRIORITIES)[number]));

const MAX_FTS_BODY = 8000;
/** Sorts after every ISO time: assignments without a due date come last. */
const NO_DUE = '9999-12-31T23:59:59.999Z';

/** All string leaves of the data, for full-text search. */
export function searchableText(data: unknown): string {
  const parts: string[] = [];
  let size = 0;
  const walk = (v: unknown, depth: number): void => {
    if (size > MAX_FTS_BODY || depth > 20) return;
    if (typeof v === 'string') {
      parts.push(v);
      size += v.length;
    } else if (typeof v === 'number') {
      parts.push(String(v));
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const x of Object.values(v)) walk(x, depth + 1);
    }
  };
  walk(data, 0);
  return parts.join(' ').slice(0, MAX_FTS_BODY);
}

export function createAssignmentsRepo(db: Db) {
  const upsertStmt = db.prepare(`
    INSERT INTO assignments (id, project, status, priority, priority_rank, kind, title, due_at, due_sort, created_at, updated_at,
                             version, form_id, form_version, tags)
    VALUES (@id, @project, @status, @priority, @priority_rank, @kind, @title, @due_at, @due_sort, @created_at, @updated_at,
            @version, @form_id, @form_version, @tags)
    ON CONFLICT(id) DO UPDATE SET project = excluded.project, status = excluded.status, priority = excluded.priority,
      priority_rank = excluded.priority_rank, kind = excluded.kind, title = excluded.title, due_at = excluded.due_at,
      due_sort = excluded.due_sort, created_at = excluded.created_at, updated_at = excluded.updated_at,
      version = excluded.version, form_id = excluded.form_id, form_version = excluded.form_version, tags = excluded.tags`);
  const bodyStmt = db.prepare('INSERT OR REPLACE INTO assignment_bodies (id, json) VALUES (?, ?)');
  const bodyDelete = db.prepare('DELETE FROM assignment_bodies WHERE id = ?');
  const ftsDelete = db.prepare('DELETE FROM assignments_fts WHERE rowid = ?');
  const ftsInsert = db.prepare('INSERT INTO assignments_fts (rowid, title, body) VALUES (?, ?, ?)');
  const deleteStmt = db.prepare('DELETE FROM assignments WHERE id = ?');
  const getStmt = db.prepare(
    'SELECT b.json, a.local_state FROM assignments a JOIN assignment_bodies b ON b.id = a.id WHERE a.id = ?',
  );
  const localStateStmt = db.prepare('SELECT local_state FROM assignments WHERE id = ?');
  const setLocalStmt = db.prepare('UPDATE assignments SET local_state = ? WHERE id = ?');
  const countStmt = db.prepare('SELECT count(*) AS n FROM assignments');
  const idsStmt = db.prepare('SELECT id FROM assignments');

  function countsBy(where: string[], params: unknown[]): QueuePage['countsByStatus'] {
    const rows = db
      .prepare(
        `SELECT a.status, count(*) AS n FROM assignments a ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY a.status`,
      )
      .all(...params) as { status: AssignmentStatus; n: number }[];
    const counts: QueuePage['countsByStatus'] = {};
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  return {
    /** Writes one assignment; the caller owns the transaction. */
    upsert(a: Assignment): void {
      upsertStmt.run({
        id: a.id,
        project: a.project,
        status: a.status,
        priority: a.priority,
        priority_rank: priorityRank(a.priority),
        kind: a.kind,
        title: a.title,
        due_at: a.due_at,
        due_sort: a.due_at ?? NO_DUE,
        created_at: a.created_at,
        updated_at: a.updated_at,
        version: a.version,
        form_id: a.form.id,
        form_version: a.form.version,
        tags: JSON.stringify(a.tags),
      });
      bodyStmt.run(a.id, JSON.stringify(a));
      ftsDelete.run(a.id);
      ftsInsert.run(a.id, a.title, searchableText(a.data));
    },

    remove(id: number): void {
      deleteStmt.run(id);
      bodyDelete.run(id);
      ftsDelete.run(id);
    },

    get(id: number): { assignment: Assignment; localState: LocalState } | null {
      const row = getStmt.get(id) as { json: string; local_state: LocalState } | undefined;
      return row ? { assignment: JSON.parse(row.json) as Assignment, localState: row.local_state } : null;
    },

    localState(id: number): LocalState | null {
      const row = localStateStmt.get(id) as { local_state: LocalState } | undefined;
      return row ? row.local_state : null;
    },

    setLocalState(id: number, state: LocalState): void {
      setLocalStmt.run(state, id);
    },

    count(): number {
      return (countStmt.get() as { n: number }).n;
    },

    allIds(): number[] {
      return (idsStmt.all() as { id: number }[]).map((r) => r.id);
    },

    list(q: Required<Pick<QueueQuery, 'limit' | 'offset'>> & QueueQuery): QueuePage {
      const where: string[] = [];
      const params: unknown[] = [];
      const search = toFtsQuery(q.search);
      if (search) {
        where.push('a.id IN (SELECT rowid FROM assignments_fts WHERE assignments_fts MATCH ?)');
        params.push(search);
      }
      const baseWhere = [...where];
      const baseParams = [...params];
      if (q.priorities?.length) {
        where.push(`a.priority IN (${q.priorities.map(() => '?').join(',')})`);
        params.push(...q.priorities);
        baseWhere.push(where[where.length - 1] as string);
        baseParams.push(...q.priorities);
      }
      if (q.statuses?.length) {
        where.push(`a.status IN (${q.statuses.map(() => '?').join(',')})`);
        params.push(...q.statuses);
      }
      const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const order = ORDER_SQL[q.ordering ?? 'priority'];
      const rows = db
        .prepare(
          `SELECT a.id, a.title, a.kind, a.project, a.priority, a.status, a.due_at, a.updated_at, a.tags, a.local_state
           FROM assignments a ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`,
        )
        .all(...params, q.limit, q.offset) as QueueRow[];
      const total = (db.prepare(`SELECT count(*) AS n FROM assignments a ${whereSql}`).get(...params) as { n: number }).n;
      return { items: rows.map(toItem), total, countsByStatus: countsBy(baseWhere, baseParams) };
    },

    /** Cached assignments per status, for a search (the status filter does not apply to its own counts). */
    countsByStatus(search?: string): QueuePage['countsByStatus'] {
      const q = toFtsQuery(search);
      return q ? countsBy(['a.id IN (SELECT rowid FROM assignments_fts WHERE assignments_fts MATCH ?)'], [q]) : countsBy([], []);
    },
  };
}

export type AssignmentsRepo = ReturnType<typeof createAssignmentsRepo>;

const ORDER_SQL = {
  // Overdue and soon-due first within a priority; undated last.
  priority: 'a.priority_rank, a.due_sort, a.id',
  due: 'a.due_sort, a.priority_rank, a.id',
  age: 'a.created_at, a.id',
  updated: 'a.updated_at DESC, a.id DESC',
} as const;

interface QueueRow {
  id: number;
  title: string;
  kind: string;
  project: number;
  priority: QueueItem['priority'];
  status: QueueItem['status'];
  due_at: string | null;
  updated_at: string;
  tags: string;
  local_state: LocalState;
}

const toItem = (r: QueueRow): QueueItem => ({
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
