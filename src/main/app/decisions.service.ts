/**
 * Recording a decision: the values are checked again here (the renderer's
 * check is for the reviewer's comfort, this one is the rule), then the
 * decision, its outbox row, its audit entry and the assignment's local state
 * are written in one transaction, and the sync engine is told to send it.
 */
import { randomUUID } from 'node:crypto';
import type { Draft, SubmitInput, SubmitResult } from '../../shared/contract';
import { checkDecision, cleanValues, redactSecrets, withoutSecrets } from '../../shared/forms';
import type { Assignment, DecisionBody, Form } from '../../shared/protocol';
import { AppFailure } from '../../shared/result';
import type { ActiveSession } from './session';

export interface DecisionDraft {
  outcome: string;
  values: Record<string, unknown>;
  comment?: string;
  durationMs?: number;
}

/** Checks a decision against its form and builds the body the backend will get, under a fresh decision id. */
export function prepareDecision(form: Form, assignment: Assignment, draft: DecisionDraft, at: string, id: string): DecisionBody {
  const comment = draft.comment?.trim() ? draft.comment : undefined;
  const check = checkDecision(form, draft.outcome, draft.values, comment);
  if (!check.ok) throw new AppFailure('validation', check.message, check.fields);
  return {
    decision_id: id,
    outcome: draft.outcome,
    values: cleanValues(form, draft.values),
    ...(comment !== undefined ? { comment } : {}),
    form: assignment.form,
    base_version: assignment.version,
    client_submitted_at: at,
    ...(draft.durationMs !== undefined ? { duration_ms: draft.durationMs } : {}),
  };
}

export function submitDecision(
  s: ActiveSession,
  input: Required<Pick<SubmitInput, 'assignmentId' | 'outcome' | 'values'>> & SubmitInput,
  now: () => Date,
  newId: () => string = randomUUID,
): SubmitResult {
  const cached = s.cache.assignments.get(input.assignmentId);
  if (!cached) throw new AppFailure('not_found', 'This assignment is no longer in your queue.');
  const { assignment } = cached;
  if (s.cache.decisions.hasUnsent(assignment.id)) {
    throw new AppFailure('conflict', 'You already decided this assignment; that decision is waiting to be sent.');
  }
  const form = s.cache.forms.get(assignment.form);
  if (!form)
    throw new AppFailure('validation', 'The form for this assignment has not been downloaded yet. Sync, then try again.');
  const at = now().toISOString();
  const body = prepareDecision(form, assignment, input, at, newId());
  s.cache.db.transaction(() => {
    s.cache.decisions.record(body, assignment.id, at, redactSecrets(body.values, form.schema), {
      version: assignment.version,
      data: assignment.data,
    });
    s.cache.assignments.setLocalState(assignment.id, 'unsent');
    s.cache.drafts.delete(assignment.id); // the draft became the decision
  })();
  s.engine.notifyLocalChange();
  return { decisionId: body.decision_id, state: 'unsent' };
}

/**
 * Undo of the last decision while it is still unsent. Only a decision that
 * never left this machine can be taken back: once a request carried it
 * (even one that failed without an answer) the server may have recorded it,
 * and an undo would then be a lie. The reviewer's values come back as a draft.
 */
export function undoDecision(s: ActiveSession, decisionId: string, now: () => Date): { assignmentId: number; draft: Draft } {
  const attempts = s.cache.decisions.attempts(decisionId);
  const decision = s.cache.decisions.get(decisionId);
  if (!decision || attempts === null) {
    throw new AppFailure('conflict', 'This decision has already been sent; it cannot be undone here.');
  }
  if (attempts > 0 || s.cache.inFlight.has(decisionId)) {
    throw new AppFailure(
      'conflict',
      'This decision is on its way to the server (or may have reached it), so it cannot be undone.',
    );
  }
  const at = now().toISOString();
  // Secrets go back to the screen (the reviewer is still at it) but never into the stored draft.
  const schema = s.cache.forms.get(decision.form)?.schema;
  const draft: Draft = { assignmentId: decision.assignmentId, values: decision.values, comment: decision.comment, updatedAt: at };
  const stored: Draft = { ...draft, values: withoutSecrets(decision.values, schema) };
  s.cache.db.transaction(() => {
    s.cache.decisions.withdraw(decisionId);
    s.cache.drafts.put(stored);
    s.cache.assignments.setLocalState(decision.assignmentId, 'none');
    s.cache.decisions.audit(at, 'decision.undone', decision.assignmentId, decisionId, { outcome: decision.outcome });
  })();
  s.engine.notifyLocalChange();
  return { assignmentId: decision.assignmentId, draft };
}
