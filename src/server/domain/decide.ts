/**
 * Recording one decision, with the protocol's exact semantics (shared by the
 * single and the batch route): idempotent by key, then conflicts (409), then
 * form validation (422), then the write. Runs inside ctx.tx and never throws
 * for a client mistake: every answer is a status and a JSON text.
 */
import { outcomesOf, type Assignment, type AssignmentStatus } from '../../shared/protocol';
import { hashJson } from '../canonical-json';
import { nowIso, type ServerContext } from '../context';
import { addFieldError, type FieldErrors } from '../http/errors';
import { zodFieldErrors } from '../http/zod-errors';
import { serializeAssignment } from '../store/assignments.repo';
import type { User } from '../store/users.repo';
import { schemaFieldErrors } from '../validation/json-schema';
import { updateAssignment } from './assignment-writer';
import { ServerDecisionBodySchema, type ServerDecisionBody } from './inputs';

export interface Answer {
  status: number;
  /** The response body, already JSON. */
  text: string;
}

const errorAnswer = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Answer => ({
  status,
  text: JSON.stringify({ detail, code, ...extra }),
});

const invalid = (errors: FieldErrors, detail = 'Invalid decision.'): Answer => errorAnswer(422, 'validation', detail, { errors });

/** 409 with the assignment as it is now, so the client can show the conflict. */
export function conflictAnswer(code: string, detail: string, a: Assignment): Answer {
  return { status: 409, text: `{"detail":${JSON.stringify(detail)},"code":"${code}","assignment":${serializeAssignment(a)}}` };
}

function statusAfter(outcome: string): AssignmentStatus {
  if (outcome === 'reject') return 'rejected';
  if (outcome === 'request_changes') return 'pending'; // the revision loop: back to the queue
  return 'completed';
}

function checkAgainstForm(ctx: ServerContext, a: Assignment, body: ServerDecisionBody): FieldErrors {
  const errors: FieldErrors = {};
  if (body.form.id !== a.form.id || body.form.version !== a.form.version) {
    addFieldError(errors, 'form', `This assignment uses form ${a.form.id} v${a.form.version}.`);
    return errors;
  }
  const form = ctx.store.forms.get(a.form.id, a.form.version);
  if (!form) {
    addFieldError(errors, 'form', 'The assignment’s form is not published on this server.');
    return errors;
  }
  const outcome = outcomesOf(form).find((o) => o.value === body.outcome);
  if (!outcome) {
    const allowed = outcomesOf(form).map((o) => o.value);
    addFieldError(errors, 'outcome', `Choose one of: ${allowed.join(', ')}.`);
    return errors;
  }
  if (outcome.requires_comment && !(body.comment ?? '').trim()) {
    addFieldError(errors, 'comment', 'A comment is required for this outcome.');
  }
  if (outcome.validate !== false) {
    for (const [field, messages] of Object.entries(schemaFieldErrors(form.schema, body.values, 'values'))) {
      for (const m of messages) addFieldError(errors, field, m);
    }
  }
  return errors;
}

export function decide(
  ctx: ServerContext,
  user: User,
  assignmentId: number,
  raw: unknown,
  headerKey: string | undefined,
): Answer {
  const parsed = ServerDecisionBodySchema.safeParse(raw);
  if (!parsed.success) return invalid(zodFieldErrors(parsed.error));
  const body = parsed.data;
  if (headerKey !== undefined && headerKey !== body.decision_id) {
    return invalid({ decision_id: ['Must equal the Idempotency-Key header.'] });
  }
  const key = body.decision_id;
  const request = { ...body, assignment_id: assignmentId, comment: body.comment ?? null, duration_ms: body.duration_ms ?? null };
  const hash = hashJson(request);

  const prior = ctx.store.decisions.get(key);
  if (prior) {
    if (prior.user_id === user.id && prior.body_hash === hash) return { status: 200, text: prior.response };
    return errorAnswer(422, 'idempotency_mismatch', 'This Idempotency-Key was already used with a different request.');
  }

  const stored = ctx.store.assignments.get(assignmentId);
  if (!stored) return errorAnswer(404, 'not_found', 'No such assignment.');
  const a = stored.assignment;
  if (a.assignee !== user.id) return conflictAnswer('not_assignee', 'This assignment is no longer yours.', a);
  if (a.status === 'cancelled') return conflictAnswer('cancelled', 'This assignment was cancelled.', a);
  if (a.status === 'completed' || a.status === 'rejected') {
    return conflictAnswer('already_decided', 'This assignment already has a decision.', a);
  }
  if (body.base_version < stored.contentVersion || body.base_version > a.version) {
    return conflictAnswer('stale', 'The assignment’s data or form changed after you opened it.', a);
  }
  const errors = checkAgainstForm(ctx, a, body);
  if (Object.keys(errors).length > 0) return invalid(errors, 'The decision does not satisfy the form.');

  const received_at = nowIso(ctx);
  const record = {
    decision_id: key,
    assignment_id: assignmentId,
    reviewer: user.id,
    outcome: body.outcome,
    values: body.values,
    comment: body.comment ?? null,
    form: { id: body.form.id, version: body.form.version },
    base_version: body.base_version,
    client_submitted_at: body.client_submitted_at,
    duration_ms: body.duration_ms ?? null,
    received_at,
  };
  const status = statusAfter(body.outcome);
  const assignmentCreatedAt = a.created_at;
  const updated = updateAssignment(
    ctx,
    assignmentId,
    (next) => {
      next.status = status;
      if (body.outcome === 'request_changes') {
        const history = Array.isArray(next.metadata.previous_decisions) ? next.metadata.previous_decisions : [];
        next.metadata.previous_decisions = [
          ...history,
          { outcome: body.outcome, comment: record.comment, values: body.values, decided_at: received_at },
        ];
      }
    },
    // Read above in this transaction: not read and parsed a second time.
    { stored },
  );
  if (!updated) return errorAnswer(404, 'not_found', 'No such assignment.');
  const recordText = JSON.stringify(record);
  const response = `{"decision":${recordText},"assignment":${updated.doc ?? serializeAssignment(updated.assignment)}}`;
  ctx.store.decisions.insert({
    decision_id: key,
    user_id: user.id,
    assignment_id: assignmentId,
    outcome: body.outcome,
    body_hash: hash,
    record: recordText,
    response,
    duration_ms: body.duration_ms ?? null,
    received_at,
    assignment_created_at: assignmentCreatedAt,
    final: status === 'pending' ? 0 : 1,
  });
  return { status: 201, text: response };
}
