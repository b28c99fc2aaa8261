/**
 * Local decisions, the outbox that carries them to the backend, and the audit
 * log. A decision, its outbox row and its audit entry are always written in
 * one transaction, keyed by the decision id, which is also the request's
 * Idempotency-Key: a crash can leave all three or none, never one.
 */
import type { DecisionBody } from '../../shared/protocol';
import type { DecisionState, LocalDecision } from '../../shared/contract';
import type { Db } from './connection';

export interface OutboxItem {
  seq: number;
  key: string;
  kind: 'decision';
  assignmentId: number;
  body: DecisionBody;
  attempts: number;
}

interface DecisionRow {
  decision_id: string;
  outcome: string;
  values_json: string;
  comment: string | null;
  state: DecisionState;
  created_at: string;
  error_json: string | null;
}

export function createDecisionsRepo(db: Db) {
  const insertDecision = db.prepare(`
    INSERT INTO decisions (decision_id, assignment_id, outcome, values_json, comment, form_id, form_version, base_version,
                           client_submitted_at, duration_ms, state, created_at, updated_at)
    VALUES (@decision_id, @assignment_id, @outcome, @values_json, @comment, @form_id, @form_version, @base_version,
            @client_submitted_at, @duration_ms, 'unsent', @now, @now)`);
  const insertOutbox = db.prepare(`
    INSERT INTO outbox (idempotency_key, kind, assignment_id, body_json, created_at) VALUES (?, 'decision', ?, ?, ?)`);
  const insertAudit = db.prepare(
    'INSERT INTO audit_log (at, action, assignment_id, decision_id, detail_json) VALUES (?, ?, ?, ?, ?)',
  );
  const latestForAssignment = db.prepare(
    'SELECT * FROM decisions WHERE assignment_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  );
  const dueStmt = db.prepare(
    `SELECT seq, idempotency_key, kind, assignment_id, body_json, attempts FROM outbox
     WHERE next_attempt_at IS NULL OR next_attempt_at <= ? ORDER BY seq LIMIT ?`,
  );
  const pendingCount = db.prepare('SELECT count(*) AS n FROM outbox');
  const attentionCount = db.prepare("SELECT count(*) AS n FROM decisions WHERE state IN ('conflict', 'parked')");
  const nextAttempt = db.prepare('SELECT min(next_attempt_at) AS t FROM outbox');
  const deleteOutbox = db.prepare('DELETE FROM outbox WHERE idempotency_key = ?');
  const setState = db.prepare(
    'UPDATE decisions SET state = ?, error_json = ?, server_json = ?, updated_at = ? WHERE decision_id = ?',
  );
  const deferStmt = db.prepare(
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE idempotency_key = ?',
  );
  const hasUnsent = db.prepare('SELECT 1 FROM outbox WHERE assignment_id = ? LIMIT 1');

  return {
    /** Records a decision with its outbox row and audit entry; the caller wraps this in a transaction with the assignment's local state. */
    record(body: DecisionBody, assignmentId: number, now: string): void {
      insertDecision.run({
        decision_id: body.decision_id,
        assignment_id: assignmentId,
        outcome: body.outcome,
        values_json: JSON.stringify(body.values),
        comment: body.comment ?? null,
        form_id: body.form.id,
        form_version: body.form.version,
        base_version: body.base_version,
        client_submitted_at: body.client_submitted_at,
        duration_ms: body.duration_ms ?? null,
        now,
      });
      insertOutbox.run(body.decision_id, assignmentId, JSON.stringify(body), now);
      this.audit(now, 'decision.recorded', assignmentId, body.decision_id, {
        outcome: body.outcome,
        values: body.values,
        comment: body.comment ?? null,
        base_version: body.base_version,
      });
    },

    audit(at: string, action: string, assignmentId: number | null, decisionId: string | null, detail: unknown): void {
      insertAudit.run(at, action, assignmentId, decisionId, JSON.stringify(detail ?? {}));
    },

    latestFor(assignmentId: number): LocalDecision | null {
      const r = latestForAssignment.get(assignmentId) as DecisionRow | undefined;
      if (!r) return null;
      return {
        decisionId: r.decision_id,
        outcome: r.outcome,
        values: JSON.parse(r.values_json) as Record<string, unknown>,
        comment: r.comment,
        state: r.state,
        createdAt: r.created_at,
        error: r.error_json ? (JSON.parse(r.error_json) as LocalDecision['error']) : null,
      };
    },

    /** Outbox items whose retry time has come, oldest first. */
    due(nowIso: string, limit: number): OutboxItem[] {
      const rows = dueStmt.all(nowIso, limit) as {
        seq: number;
        idempotency_key: string;
        kind: 'decision';
        assignment_id: number;
        body_json: string;
        attempts: number;
      }[];
      return rows.map((r) => ({
        seq: r.seq,
        key: r.idempotency_key,
        kind: r.kind,
        assignmentId: r.assignment_id,
        body: JSON.parse(r.body_json) as DecisionBody,
        attempts: r.attempts,
      }));
    },

    /** The server has answered for this item (sent, conflict or parked): it leaves the outbox. */
    settle(key: string, state: DecisionState, now: string, error: LocalDecision['error'], server: unknown): void {
      setState.run(state, error ? JSON.stringify(error) : null, server ? JSON.stringify(server) : null, now, key);
      deleteOutbox.run(key);
    },

    /** A retryable failure: try again at `nextAt`. */
    defer(key: string, nextAt: string, error: string): void {
      deferStmt.run(nextAt, error, key);
    },

    hasUnsent(assignmentId: number): boolean {
      return hasUnsent.get(assignmentId) !== undefined;
    },

    pendingCount(): number {
      return (pendingCount.get() as { n: number }).n;
    },
    attentionCount(): number {
      return (attentionCount.get() as { n: number }).n;
    },
    nextAttemptAt(): string | null {
      return (nextAttempt.get() as { t: string | null }).t;
    },
  };
}
export type DecisionsRepo = ReturnType<typeof createDecisionsRepo>;
