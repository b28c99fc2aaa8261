/**
 * The per-viewer change log behind `/sync/assignments/` (see schema.ts for its
 * shape). Rows are compacted: `record` replaces the viewer's previous row for
 * the assignment with a new one at a fresh seq, so a change that lands while a
 * client pages moves past the client's cursor and shows up on a later page,
 * never nowhere.
 */
import type Database from 'better-sqlite3';

export type ChangeOp = 'upsert' | 'remove';
export type RemoveReason = 'reassigned' | 'cancelled' | 'deleted';

/** One page of a viewer's change log: its changes as the JSON of the feed's `changes` array, and where it ends. */
export interface FeedPage {
  /** `[…]`, UTF-8. */
  changes: Buffer;
  /** Seq of the page's last change (the `after` asked for on an empty page). */
  lastSeq: number;
  /** Whether the viewer has changes past this page. */
  hasMore: boolean;
}

export function createChangesStore(db: Database.Database) {
  const recordStmt = db.prepare('INSERT OR REPLACE INTO changes (user_id, assignment_id, op, reason) VALUES (?, ?, ?, ?)');
  const lastSeqStmt = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'changes'");
  /** Seq of the viewer's `limit`-th change after a seq, or null when there are fewer. */
  const nthSeqStmt = db
    .prepare<[number, number, number], number>(
      'SELECT seq FROM changes WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT 1 OFFSET ?',
    )
    .pluck();
  const lastOfStmt = db
    .prepare<[number, number], number | null>('SELECT max(seq) FROM changes WHERE user_id = ? AND seq > ?')
    .pluck();
  // The page is assembled by SQLite, from the stored docs as they are: a thousand rows handed to
  // JS as objects holding a Buffer each, then concatenated, cost twice as much (4 ms a page of
  // 1,000). In seq order, as the subquery reads them (group_concat's own ORDER BY sorts the whole
  // megabyte again: 5 ms); an assignment is in a viewer's log once, so nothing depends on the order
  // within a page. An upsert whose assignment is gone reads as its removal.
  const changesStmt = db
    .prepare<[number, number, number], Buffer | null>(
      `
      SELECT CAST('[' || coalesce(group_concat(
        CASE WHEN c.op = 'upsert' AND a.doc IS NOT NULL
          THEN '{"op":"upsert","assignment":' || a.doc || '}'
          ELSE '{"op":"remove","id":' || c.assignment_id || ',"reason":' || json_quote(coalesce(c.reason, 'deleted')) || '}'
        END, ','), '') || ']' AS BLOB)
      FROM (SELECT * FROM changes WHERE user_id = ? AND seq > ? AND seq <= ? ORDER BY seq) c
      LEFT JOIN assignments a ON c.op = 'upsert' AND a.id = c.assignment_id`,
    )
    .pluck();
  const purgeStmt = db.prepare("DELETE FROM changes WHERE op = 'remove' AND seq <= ?");

  return {
    record(userId: number, assignmentId: number, op: ChangeOp, reason: RemoveReason | null): void {
      recordStmt.run(userId, assignmentId, op, reason);
    },
    /** Highest seq ever handed out (0 before the first change). */
    lastSeq(): number {
      return lastSeqStmt.get()?.seq ?? 0;
    },
    /** The viewer's next `limit` changes after a seq. */
    page(userId: number, afterSeq: number, limit: number): FeedPage {
      const limitSeq = nthSeqStmt.get(userId, afterSeq, limit - 1);
      const lastSeq = limitSeq ?? lastOfStmt.get(userId, afterSeq) ?? afterSeq;
      const hasMore = limitSeq !== undefined && nthSeqStmt.get(userId, limitSeq, 0) !== undefined;
      return { changes: changesStmt.get(userId, afterSeq, lastSeq) ?? Buffer.from('[]'), lastSeq, hasMore };
    },
    /**
     * Removes are only needed by cursors older than them; once those cursors
     * are expired the rows can go. Upserts stay: they are the current state.
     */
    purgeRemovesUpTo(seq: number): void {
      if (seq > 0) purgeStmt.run(seq);
    },
  };
}
export type ChangesStore = ReturnType<typeof createChangesStore>;
