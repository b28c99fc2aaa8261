/**
 * Recorded decisions, keyed by their idempotency key (decision_id). Each row
 * keeps the exact response text of its first recording so a replay answers
 * byte for byte the same.
 */
import type Database from 'better-sqlite3';

export interface DecisionRow {
  decision_id: string;
  user_id: number;
  assignment_id: number;
  outcome: string;
  body_hash: string;
  /** The decision object (JSON) as returned under `decision`. */
  record: string;
  response: string;
  duration_ms: number | null;
  received_at: string;
  assignment_created_at: string;
  /** 1 when the decision ended the assignment (not a request_changes round). */
  final: number;
}

export interface DecisionStats {
  completed_today: number;
  average_handle_ms: number | null;
  average_response_hours: number | null;
}

export function createDecisionsRepo(db: Database.Database) {
  const getStmt = db.prepare<[string], DecisionRow>('SELECT * FROM decisions WHERE decision_id = ?');
  const insertStmt = db.prepare(`
    INSERT INTO decisions (decision_id, user_id, assignment_id, outcome, body_hash, record, response,
                           duration_ms, received_at, assignment_created_at, final)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const pageAll = db.prepare<[number, number], { record: string }>(
    'SELECT record FROM decisions ORDER BY received_at, decision_id LIMIT ? OFFSET ?',
  );
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM decisions');
  const pageFor = db.prepare<[number, number, number], { record: string }>(
    'SELECT record FROM decisions WHERE assignment_id = ? ORDER BY received_at, decision_id LIMIT ? OFFSET ?',
  );
  const countFor = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM decisions WHERE assignment_id = ?');
  // julianday() reads ISO 8601 with a trailing Z, so the hours need no JS loop.
  const statsSql = (where: string) => `
    SELECT
      sum(CASE WHEN final = 1 AND received_at >= @day_start THEN 1 ELSE 0 END) AS completed_today,
      avg(duration_ms) AS average_handle_ms,
      avg((julianday(received_at) - julianday(assignment_created_at)) * 24.0) AS average_response_hours
    FROM decisions ${where}`;
  const statsAll = db.prepare<[{ day_start: string }], DecisionStats>(statsSql(''));
  const statsFor = db.prepare<[{ day_start: string; user_id: number }], DecisionStats>(statsSql('WHERE user_id = @user_id'));

  return {
    get: (decisionId: string): DecisionRow | undefined => getStmt.get(decisionId),
    insert(row: DecisionRow): void {
      // Positional: binding named parameters looks each one up on the object.
      insertStmt.run(
        row.decision_id,
        row.user_id,
        row.assignment_id,
        row.outcome,
        row.body_hash,
        row.record,
        row.response,
        row.duration_ms,
        row.received_at,
        row.assignment_created_at,
        row.final,
      );
    },
    /** Records (JSON text) in the order they were received. */
    page(assignmentId: number | undefined, limit: number, offset: number): { count: number; records: string[] } {
      if (assignmentId === undefined) {
        return { count: countAll.get()?.n ?? 0, records: pageAll.all(limit, offset).map((r) => r.record) };
      }
      return {
        count: countFor.get(assignmentId)?.n ?? 0,
        records: pageFor.all(assignmentId, limit, offset).map((r) => r.record),
      };
    },
    stats(userId: number | undefined, dayStart: string): DecisionStats {
      const row =
        userId === undefined ? statsAll.get({ day_start: dayStart }) : statsFor.get({ day_start: dayStart, user_id: userId });
      return {
        completed_today: row?.completed_today ?? 0,
        average_handle_ms: row?.average_handle_ms ?? null,
        average_response_hours: row?.average_response_hours ?? null,
      };
    },
  };
}
export type DecisionsRepo = ReturnType<typeof createDecisionsRepo>;
