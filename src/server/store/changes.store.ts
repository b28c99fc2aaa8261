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

export interface FeedRow {
  seq: number;
  op: ChangeOp;
  reason: string | null;
  assignment_id: number;
  /** The assignment's current doc for upserts (UTF-8 JSON), null for removes. */
  doc: Buffer | null;
}

export function createChangesStore(db: Database.Database) {
  const recordStmt = db.prepare('INSERT OR REPLACE INTO changes (user_id, assignment_id, op, reason) VALUES (?, ?, ?, ?)');
  const lastSeqStmt = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'changes'");
  // The doc as its UTF-8 bytes: the feed is assembled from them without a round trip through JS strings.
  const pageStmt = db.prepare<[number, number, number], FeedRow>(`
    SELECT c.seq, c.op, c.reason, c.assignment_id, CAST(a.doc AS BLOB) AS doc
    FROM changes c
    LEFT JOIN assignments a ON c.op = 'upsert' AND a.id = c.assignment_id
    WHERE c.user_id = ? AND c.seq > ?
    ORDER BY c.seq
    LIMIT ?`);
  const purgeStmt = db.prepare("DELETE FROM changes WHERE op = 'remove' AND seq <= ?");

  return {
    record(userId: number, assignmentId: number, op: ChangeOp, reason: RemoveReason | null): void {
      recordStmt.run(userId, assignmentId, op, reason);
    },
    /** Highest seq ever handed out (0 before the first change). */
    lastSeq(): number {
      return lastSeqStmt.get()?.seq ?? 0;
    },
    page(userId: number, afterSeq: number, limit: number): FeedRow[] {
      return pageStmt.all(userId, afterSeq, limit);
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
