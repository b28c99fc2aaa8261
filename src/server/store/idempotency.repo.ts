/**
 * Stored responses of keyed, non-decision operations (release), so that a
 * retried request gets the first answer back instead of acting twice.
 * Decisions keep their own responses in the decisions table.
 */
import type Database from 'better-sqlite3';

export interface IdempotentResponse {
  user_id: number;
  request_hash: string;
  status: number;
  response: string;
}

export function createIdempotencyRepo(db: Database.Database) {
  const getStmt = db.prepare<[string], IdempotentResponse>(
    'SELECT user_id, request_hash, status, response FROM idempotency WHERE key = ?',
  );
  const putStmt = db.prepare(
    'INSERT INTO idempotency (key, user_id, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return {
    get: (key: string): IdempotentResponse | undefined => getStmt.get(key),
    put(key: string, r: IdempotentResponse, createdAt: string): void {
      putStmt.run(key, r.user_id, r.request_hash, r.status, r.response, createdAt);
    },
  };
}
export type IdempotencyRepo = ReturnType<typeof createIdempotencyRepo>;
