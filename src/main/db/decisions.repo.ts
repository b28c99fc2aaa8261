/**
 * Local decisions, the outbox that carries them (and tag changes and
 * releases) to the backend, and the audit log. A decision, its outbox row and
 * its audit entry are always written in one transaction, keyed by the
 * decision id, which is also the request's Idempotency-Key: a crash can leave
 * all three or none, never one.
 */
import type { Assignment, DecisionBody, FormRef } from '../../shared/protocol';
import type { DecidedOn, DecisionState, LocalDecision, OutboxKind, TagChange } from '../../shared/contract';
import type { Db } from './connection';

/** A tag change as queued: `before` holds each assignment's tags before it, so a refusal can be undone exactly. */
export interface TagsBody extends TagChange {
  before: Record<string, number[]>;
}
/** A release as queued: the assignment as it was, restored to the cache if the server refuses. */
export interface ReleaseBody {
  assignment: Assignment;
}

interface OutboxBase {
  seq: number;
  key: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
}
export type OutboxItem =
  | (OutboxBase & { kind: 'decision'; assignmentId: number; body: DecisionBody })
  | (OutboxBase & { kind: 'set_tags'; assignmentId: null; body: TagsBody })
  | (OutboxBase & { kind: 'release'; assignmentId: number; body: ReleaseBody });

/** Beyond what the UI sees: a refused decision the reviewer replaced (`superseded`) or dropped (`discarded`). */
export type StoredDecisionState = DecisionState | 'superseded' | 'discarded';

export interface StoredDecision extends LocalDecision {
  assignmentId: number;
  storedState: StoredDecisionState;
  form: FormRef;
  baseVersion: number;
  durationMs: number | null;
  /** The server's current assignment, from its 409 answer. */
  server: Assignment | null;
  /** The version and data the reviewer decided on, while the server has not accepted the decision. */
  decidedOn: DecidedOn | null;
}

interface DecisionRow {
  decision_id: string;
  assignment_id: number;
  outcome: string;
  values_json: string;
  comment: string | null;
  form_id: string;
  form_version: number;
  base_version: number;
  duration_ms: number | null;
  state: StoredDecisionState;
  created_at: string;
  error_json: string | null;
  server_json: string | null;
  /** Added by migration 7: absent from rows salvaged out of an older file. */
  decided_on_json?: string | null;
}

interface OutboxRow {
  seq: number;
  idempotency_key: string;
  kind: OutboxKind;
  assignment_id: number | null;
  body_json: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
}

const KINDS = "('decision', 'set_tags', 'release')";

export function createDecisionsRepo(db: Db) {
  const insertDecision = db.prepare(`
    INSERT INTO decisions (decision_id, assignment_id, outcome, values_json, comment, form_id, form_version, base_version,
                           client_submitted_at, duration_ms, state, created_at, updated_at, decided_on_json)
    VALUES (@decision_id, @assignment_id, @outcome, @values_json, @comment, @form_id, @form_version, @base_version,
            @client_submitted_at, @duration_ms, 'unsent', @now, @now, @decided_on_json)`);
  const insertOutbox = db.prepare(
    'INSERT INTO outbox (idempotency_key, kind, assignment_id, body_json, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertAudit = db.prepare(
    'INSERT INTO audit_log (at, action, assignment_id, decision_id, detail_json) VALUES (?, ?, ?, ?, ?)',
  );
  const latestForAssignment = db.prepare(
    `SELECT * FROM decisions WHERE assignment_id = ? AND state NOT IN ('superseded', 'discarded')
     ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const getDecision = db.prepare('SELECT * FROM decisions WHERE decision_id = ?');
  const attentionStmt = db.prepare(
    "SELECT * FROM decisions WHERE state IN ('conflict', 'parked') ORDER BY updated_at, rowid LIMIT ? OFFSET ?",
  );
  const dueStmt = db.prepare(
    `SELECT * FROM outbox WHERE seq > ? AND kind IN ${KINDS} AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
     ORDER BY seq LIMIT ?`,
  );
  const pageStmt = db.prepare(`SELECT * FROM outbox WHERE kind IN ${KINDS} ORDER BY seq LIMIT ? OFFSET ?`);
  const tagRowsStmt = db.prepare("SELECT * FROM outbox WHERE kind = 'set_tags' ORDER BY seq");
  const outboxRowStmt = db.prepare('SELECT * FROM outbox WHERE idempotency_key = ?');
  const pendingCount = db.prepare('SELECT count(*) AS n FROM outbox');
  const attentionCount = db.prepare("SELECT count(*) AS n FROM decisions WHERE state IN ('conflict', 'parked')");
  const attentionByState = db.prepare(
    "SELECT state, count(*) AS n FROM decisions WHERE state IN ('conflict', 'parked') GROUP BY state",
  );
  const nextAttempt = db.prepare('SELECT min(next_attempt_at) AS t FROM outbox');
  const deleteOutbox = db.prepare('DELETE FROM outbox WHERE idempotency_key = ?');
  const attemptsStmt = db.prepare('SELECT attempts FROM outbox WHERE idempotency_key = ?');
  const deleteDecision = db.prepare('DELETE FROM decisions WHERE decision_id = ?');
  const replaceValues = db.prepare('UPDATE decisions SET values_json = ? WHERE decision_id = ?');
  const setState = db.prepare(
    'UPDATE decisions SET state = ?, error_json = ?, server_json = ?, updated_at = ? WHERE decision_id = ?',
  );
  const setStateOnly = db.prepare('UPDATE decisions SET state = ?, updated_at = ?, decided_on_json = NULL WHERE decision_id = ?');
  // Accepted: what it was decided on is no longer needed (a conflict view is the only reader).
  const forgetDecidedOn = db.prepare('UPDATE decisions SET decided_on_json = NULL WHERE decision_id = ?');
  const deferStmt = db.prepare(
    'UPDATE outbox SET attempts = attempts + ?, next_attempt_at = ?, last_error = ? WHERE idempotency_key = ?',
  );
  const retryAll = db.prepare('UPDATE outbox SET next_attempt_at = NULL WHERE next_attempt_at IS NOT NULL');
  const hasUnsent = db.prepare('SELECT 1 FROM outbox WHERE assignment_id = ? LIMIT 1');
  const anyUnsent = db.prepare('SELECT 1 FROM outbox LIMIT 1');
  // Done: recorded and standing (unsent, on its way or accepted). Refused ones are not done yet; an undone one is gone.
  const doneSinceStmt = db.prepare(
    "SELECT count(*) AS n FROM decisions WHERE created_at >= ? AND state IN ('unsent', 'sending', 'sent')",
  );

  return {
    /** How often this outbox item was tried; null when it is not (or no longer) in the outbox. */
    attempts(key: string): number | null {
      const r = attemptsStmt.get(key) as { attempts: number } | undefined;
      return r ? r.attempts : null;
    },

    /** Takes back a decision that never left this machine: its outbox row and the decision itself go. */
    withdraw(key: string): void {
      deleteOutbox.run(key);
      deleteDecision.run(key);
    },

    /**
     * Records a decision with its outbox row and audit entry; the caller wraps this in a transaction with the assignment's local state.
     * `auditValues`: the values as the audit log may keep them (secrets redacted, forms/secrets.ts).
     * `decidedOn`: the assignment's version and data the reviewer saw, for a conflict view after a restart.
     */
    record(
      body: DecisionBody,
      assignmentId: number,
      now: string,
      auditValues: Record<string, unknown> = body.values,
      decidedOn: DecidedOn | null = null,
    ): void {
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
        decided_on_json: decidedOn ? JSON.stringify(decidedOn) : null,
      });
      insertOutbox.run(body.decision_id, 'decision', assignmentId, JSON.stringify(body), now);
      this.audit(now, 'decision.recorded', assignmentId, body.decision_id, {
        outcome: body.outcome,
        values: auditValues,
        comment: body.comment ?? null,
        base_version: body.base_version,
      });
    },

    /** Queues a tag change (no single assignment: `assignment_id` stays null) or a release; the caller owns the transaction. */
    enqueue(
      kind: 'set_tags' | 'release',
      key: string,
      assignmentId: number | null,
      body: TagsBody | ReleaseBody,
      now: string,
    ): void {
      insertOutbox.run(key, kind, assignmentId, JSON.stringify(body), now);
    },

    audit(at: string, action: string, assignmentId: number | null, decisionId: string | null, detail: unknown): void {
      insertAudit.run(at, action, assignmentId, decisionId, JSON.stringify(detail ?? {}));
    },

    /** The newest decision on this assignment the reviewer still stands by (not replaced, not discarded). */
    latestFor(assignmentId: number): LocalDecision | null {
      const r = latestForAssignment.get(assignmentId) as DecisionRow | undefined;
      return r ? toLocal(r) : null;
    },

    get(decisionId: string): StoredDecision | null {
      const r = getDecision.get(decisionId) as DecisionRow | undefined;
      return r ? toStored(r) : null;
    },

    /** Decisions the server refused, waiting for the reviewer, oldest first. */
    attention(limit: number, offset: number): StoredDecision[] {
      return (attentionStmt.all(limit, offset) as DecisionRow[]).map(toStored);
    },

    /** Overwrites a decision's stored values: secrets are wiped once the server has them (or the decision is dropped). */
    replaceValues(decisionId: string, values: Record<string, unknown>): void {
      replaceValues.run(JSON.stringify(values), decisionId);
    },

    /** A refused decision leaves the reviewer's attention: replaced by a new one, or dropped. */
    resolve(decisionId: string, state: 'superseded' | 'discarded', now: string): void {
      setStateOnly.run(state, now, decisionId);
    },

    /** Outbox items after `afterSeq` whose retry time has come, oldest first. */
    due(nowIso: string, limit: number, afterSeq = 0): OutboxItem[] {
      return (dueStmt.all(afterSeq, nowIso, limit) as OutboxRow[]).map(toItem);
    },

    /** Everything in the outbox, oldest first, for the reviewer's list. */
    page(limit: number, offset: number): OutboxItem[] {
      return (pageStmt.all(limit, offset) as OutboxRow[]).map(toItem);
    },

    /** Every queued tag change, oldest first (few: they are sent within a sync of being made). */
    pendingTagChanges(): OutboxItem[] {
      return (tagRowsStmt.all() as OutboxRow[]).map(toItem);
    },

    item(key: string): OutboxItem | null {
      const r = outboxRowStmt.get(key) as OutboxRow | undefined;
      return r ? toItem(r) : null;
    },

    /** The server has answered for this decision (sent, conflict or parked): it leaves the outbox. */
    settle(key: string, state: DecisionState, now: string, error: LocalDecision['error'], server: unknown): void {
      setState.run(state, error ? JSON.stringify(error) : null, server ? JSON.stringify(server) : null, now, key);
      if (state === 'sent') forgetDecidedOn.run(key);
      deleteOutbox.run(key);
    },

    /** The server has answered for a tag change or release: it leaves the outbox. */
    drop(key: string): void {
      deleteOutbox.run(key);
    },

    /** A retryable failure: try again at `nextAt`. `counted` false: waiting behind another item, not a failure of its own. */
    defer(key: string, nextAt: string, error: string, counted = true): void {
      deferStmt.run(counted ? 1 : 0, nextAt, error, key);
    },

    /** Back online: everything waiting for a retry goes at once. */
    retryAllNow(): void {
      retryAll.run();
    },

    hasUnsent(assignmentId: number): boolean {
      return hasUnsent.get(assignmentId) !== undefined;
    },

    /** Whether the outbox holds anything for any assignment. */
    anyUnsent(): boolean {
      return anyUnsent.get() !== undefined;
    },

    /** Decisions done (see doneSinceStmt) at or after an ISO instant. */
    doneSince(iso: string): number {
      return (doneSinceStmt.get(iso) as { n: number }).n;
    },

    pendingCount(): number {
      return (pendingCount.get() as { n: number }).n;
    },
    attentionCount(): number {
      return (attentionCount.get() as { n: number }).n;
    },
    attentionCounts(): { conflict: number; parked: number } {
      const counts = { conflict: 0, parked: 0 };
      for (const r of attentionByState.all() as { state: 'conflict' | 'parked'; n: number }[]) counts[r.state] = r.n;
      return counts;
    },
    nextAttemptAt(): string | null {
      return (nextAttempt.get() as { t: string | null }).t;
    },
  };
}
export type DecisionsRepo = ReturnType<typeof createDecisionsRepo>;

function toLocal(r: DecisionRow): LocalDecision {
  return {
    decisionId: r.decision_id,
    outcome: r.outcome,
    values: JSON.parse(r.values_json) as Record<string, unknown>,
    comment: r.comment,
    // Replaced and discarded decisions never reach the UI as such (latestFor and attention skip them).
    state: r.state as DecisionState,
    createdAt: r.created_at,
    error: r.error_json ? (JSON.parse(r.error_json) as LocalDecision['error']) : null,
  };
}

function toStored(r: DecisionRow): StoredDecision {
  return {
    ...toLocal(r),
    assignmentId: r.assignment_id,
    storedState: r.state,
    form: { id: r.form_id, version: r.form_version },
    baseVersion: r.base_version,
    durationMs: r.duration_ms,
    server: r.server_json ? (JSON.parse(r.server_json) as Assignment) : null,
    decidedOn: r.decided_on_json ? (JSON.parse(r.decided_on_json) as DecidedOn) : null,
  };
}

function toItem(r: OutboxRow): OutboxItem {
  const base: OutboxBase = {
    seq: r.seq,
    key: r.idempotency_key,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
  };
  const body = JSON.parse(r.body_json) as unknown;
  if (r.kind === 'set_tags') return { ...base, kind: 'set_tags', assignmentId: null, body: body as TagsBody };
  if (r.kind === 'release') return { ...base, kind: 'release', assignmentId: r.assignment_id!, body: body as ReleaseBody };
  return { ...base, kind: 'decision', assignmentId: r.assignment_id!, body: body as DecisionBody };
}
