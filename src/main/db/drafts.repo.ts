/** Autosaved drafts: the reviewer's values and comment for an assignment not decided yet. */
import type { Draft } from '../../shared/contract';
import type { Db } from './connection';

export function createDraftsRepo(db: Db) {
  const getStmt = db.prepare('SELECT values_json, comment, updated_at FROM drafts WHERE assignment_id = ?');
  const putStmt = db.prepare(`
    INSERT INTO drafts (assignment_id, values_json, comment, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(assignment_id) DO UPDATE SET values_json = excluded.values_json, comment = excluded.comment, updated_at = excluded.updated_at`);
  const delStmt = db.prepare('DELETE FROM drafts WHERE assignment_id = ?');
  const allStmt = db.prepare('SELECT assignment_id, values_json, comment, updated_at FROM drafts');
  type Row = { assignment_id?: number; values_json: string; comment: string | null; updated_at: string };
  const toDraft = (id: number, r: Row): Draft => ({
    assignmentId: id,
    values: JSON.parse(r.values_json) as Record<string, unknown>,
    comment: r.comment,
    updatedAt: r.updated_at,
  });
  return {
    get(assignmentId: number): Draft | null {
      const r = getStmt.get(assignmentId) as Row | undefined;
      return r ? toDraft(assignmentId, r) : null;
    },
    put(d: Draft): void {
      putStmt.run(d.assignmentId, JSON.stringify(d.values), d.comment, d.updatedAt);
    },
    delete(assignmentId: number): void {
      delStmt.run(assignmentId);
    },
    all(): Draft[] {
      return (allStmt.all() as Row[]).map((r) => toDraft(r.assignment_id!, r));
    },
  };
}
export type DraftsRepo = ReturnType<typeof createDraftsRepo>;
