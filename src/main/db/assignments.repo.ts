/**
 * The assignment cache: synchronous functions over the database. Each
 * assignment is kept whole as received (assignment_bodies), with the columns
 * the queue filters and orders on copied into the narrow `assignments` table.
 * A body is read back through the feed's own check (parseStoredAssignment):
 * a first sync keeps the server's JSON byte for byte.
 */
import type { Assignment } from '../../shared/protocol';
import { parseStoredAssignment } from '../sync/change-parse';
import type { LocalState, QueueItem } from '../../shared/contract';

type DesktopItem = Pick<QueueItem, 'id' | 'title' | 'priority' | 'status' | 'dueAt' | 'localState'>;
import type { Db } from './connection';
import { COLUMNS, FTS_SIG, NEW_BODY, NEW_COUNT, NEW_ROW_SQL, NEW_TAG, STATUS, TAGS, TITLE, newRowWrites, rowOf } from './new-row';
import { createQueueQueries } from './queue-query';
import { createSearchIndex } from './search-index';
import { createStatusMirror } from './status-mirror';

export { toFtsQuery } from './queue-query';
export { NEW_ROW_COUNT, NEW_ROW_SQL, newRowWritesOf, priorityRank, type RowWrite } from './new-row';

export function createAssignmentsRepo(db: Db) {
  const newRowStmts = NEW_ROW_SQL.map((sql) => db.prepare(sql));
  const beforeStmt = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM assignments WHERE id = ?`).raw();
  /**
   * An update writes only the columns that changed: every index holding a
   * column that is set is rewritten, changed or not, and a decision's answer
   * changes three columns of sixteen (68 → 34 µs on 100,000 assignments).
   * One statement per set of columns, prepared on first use.
   */
  const updates = new Map<number, { run(...p: unknown[]): unknown }>();
  const updateFor = (mask: number) => {
    let stmt = updates.get(mask);
    if (!stmt) {
      const set = COLUMNS.filter((_c, i) => mask & (1 << i)).map((c) => `${c} = ?`);
      stmt = db.prepare(`UPDATE assignments SET ${set.join(', ')} WHERE id = ?`);
      updates.set(mask, stmt);
    }
    return stmt;
  };
  const bodyInsert = newRowStmts[NEW_BODY]!;
  const bodyUpdate = db.prepare('UPDATE assignment_bodies SET json = ? WHERE id = ?');
  const bodyDelete = db.prepare('DELETE FROM assignment_bodies WHERE id = ?');
  const tagsDelete = db.prepare('DELETE FROM assignment_tags WHERE assignment_id = ?');
  const tagInsert = newRowStmts[NEW_TAG]!;
  /** Counts writes, so cached search results know when they are stale. */
  let writes = 0;
  const statuses = createStatusMirror(db);
  const queries = createQueueQueries(db, () => writes, statuses);
  const search = createSearchIndex(db);
  const deleteStmt = db.prepare('DELETE FROM assignments WHERE id = ?');
  // Counts per status (migration 8) move with every write here, in the caller's transaction.
  const countStatus = newRowStmts[NEW_COUNT]!;
  const getStmt = db.prepare(
    'SELECT b.json, a.local_state FROM assignments a JOIN assignment_bodies b ON b.id = a.id WHERE a.id = ?',
  );
  const localStateStmt = db.prepare('SELECT local_state FROM assignments WHERE id = ?');
  const setLocalStmt = db.prepare('UPDATE assignments SET local_state = ? WHERE id = ?');
  // Kept per status by triggers (migration 8): a count(*) walked 100,000 rows on every status emit.
  const countStmt = db.prepare('SELECT coalesce(sum(n), 0) AS n FROM assignment_status_counts');
  // `+a.status`: walk the partial has_files index in order and stop at the limit; left to itself the
  // planner took the status index and sorted 80,000 open rows (260 ms on 100,000 assignments, after every sync).
  const withFilesStmt = db.prepare(`
    SELECT b.json FROM assignments a JOIN assignment_bodies b ON b.id = a.id
    WHERE a.has_files = 1 AND +a.status IN ('pending', 'in_progress')
    ORDER BY a.priority_rank, a.due_sort LIMIT ?`);
  const idsStmt = db.prepare('SELECT id FROM assignments');
  const idsAfterStmt = db.prepare('SELECT id FROM assignments WHERE id > ? ORDER BY id LIMIT ?').pluck();
  const desktopStmt = db.prepare(`
    SELECT id, title, priority, status, due_at, local_state FROM assignments
    WHERE status IN ('pending', 'in_progress') OR local_state <> 'none'
    ORDER BY priority_rank, due_sort LIMIT ?`);

  const holdStmt = db.prepare('INSERT OR REPLACE INTO held_changes (assignment_id, json) VALUES (?, ?)');
  const heldStmt = db.prepare('SELECT json FROM held_changes WHERE assignment_id = ?');
  const unholdStmt = db.prepare('DELETE FROM held_changes WHERE assignment_id = ?');

  return {
    /** Keeps the feed's word on an assignment with an unsent decision (null: removed), for when the outbox has answered. */
    hold(id: number, a: Assignment | null): void {
      holdStmt.run(id, a === null ? null : JSON.stringify(a));
    },

    /** The held word, if any, consumed: `{ assignment: null }` means the feed removed it. */
    takeHeld(id: number): { assignment: Assignment | null } | null {
      const row = heldStmt.get(id) as { json: string | null } | undefined;
      if (!row) return null;
      unholdStmt.run(id);
      return { assignment: row.json === null ? null : (JSON.parse(row.json) as Assignment) };
    },

    /** Writes one assignment; the caller owns the transaction. */
    upsert(a: Assignment): void {
      writes++;
      statuses.touch(a.id);
      const before = beforeStmt.get(a.id) as unknown[] | undefined;
      const row = rowOf(a);
      if (!before) {
        for (const w of newRowWrites(a, row)) newRowStmts[w[0]]!.run(...w.slice(1));
        return;
      }
      const { values, body, text } = row;
      const tagsJson = values[TAGS];
      const sig = values[FTS_SIG];
      let mask = 0;
      const changed: unknown[] = [];
      for (let i = 0; i < values.length; i++) {
        if (values[i] === before[i]) continue;
        mask |= 1 << i;
        changed.push(values[i]);
      }
      // Words change: the old ones go first, read from the body about to be replaced (search-index.ts).
      const reword = before[FTS_SIG] !== sig;
      const retracted = !reword || search.retract(a.id, before[TITLE] as string, before[FTS_SIG] as number | null);
      if (mask !== 0) updateFor(mask).run(...changed, a.id);
      if (bodyUpdate.run(body, a.id).changes === 0) bodyInsert.run(a.id, body);
      if (before[STATUS] !== a.status) {
        countStatus.run(before[STATUS], -1);
        countStatus.run(a.status, 1);
      }
      // Most updates (a decision's answer, a priority change) leave tags and words alone: skip re-indexing them.
      if (before[TAGS] !== tagsJson) {
        tagsDelete.run(a.id);
        for (const t of a.tags) tagInsert.run(t, a.id);
      }
      if (!retracted) search.rebuild();
      else if (reword) search.add(a.id, a.title, text);
    },

    /** Whether the assignment is cached. */
    has(id: number): boolean {
      return localStateStmt.get(id) !== undefined;
    },

    remove(id: number): void {
      writes++;
      statuses.touch(id);
      const before = beforeStmt.get(id) as unknown[] | undefined;
      const retracted = !before || search.retract(id, before[TITLE] as string, before[FTS_SIG] as number | null);
      if (before) {
        deleteStmt.run(id);
        countStatus.run(before[STATUS], -1);
      }
      bodyDelete.run(id);
      tagsDelete.run(id);
      if (!retracted) search.rebuild();
    },

    get(id: number): { assignment: Assignment; localState: LocalState } | null {
      const row = getStmt.get(id) as { json: string; local_state: LocalState } | undefined;
      return row ? { assignment: parseStoredAssignment(row.json), localState: row.local_state } : null;
    },

    localState(id: number): LocalState | null {
      const row = localStateStmt.get(id) as { local_state: LocalState } | undefined;
      return row ? row.local_state : null;
    },

    setLocalState(id: number, state: LocalState): void {
      setLocalStmt.run(state, id);
    },

    /** Open assignments that have files, most urgent first: what the offline file cache downloads. */
    openWithFiles(limit: number): Assignment[] {
      return (withFilesStmt.all(limit) as { json: string }[]).map((r) => parseStoredAssignment(r.json));
    },

    /** The most urgent open or locally-touched assignments, as the tray and notifications see them. */
    desktopItems(limit: number): DesktopItem[] {
      return (
        desktopStmt.all(limit) as {
          id: number;
          title: string;
          priority: DesktopItem['priority'];
          status: DesktopItem['status'];
          due_at: string | null;
          local_state: LocalState;
        }[]
      ).map((r) => ({
        id: r.id,
        title: r.title,
        priority: r.priority,
        status: r.status,
        dueAt: r.due_at,
        localState: r.local_state,
      }));
    },

    count(): number {
      return (countStmt.get() as { n: number }).n;
    },

    /** Upserts and removals made through this repository so far: equal counts, no write in between. */
    writeCount: (): number => writes,

    allIds(): number[] {
      return (idsStmt.all() as { id: number }[]).map((r) => r.id);
    },

    /** Up to `limit` ids above `after`, in order: the whole cache a page at a time. */
    idsAfter(after: number, limit: number): number[] {
      return idsAfterStmt.all(after, limit) as number[];
    },

    /** Queue reads (filters, ordering, facets) live in queue-query.ts. */
    list: queries.list,
    countsByStatus: queries.countsByStatus,
    explain: queries.explain,
  };
}

export type AssignmentsRepo = ReturnType<typeof createAssignmentsRepo>;
