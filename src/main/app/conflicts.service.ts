/**
 * Settling what the server refused. A conflict (409: the assignment moved on)
 * is re-reviewed against the server's current version or discarded; a parked
 * decision (422: the values were refused) is fixed and resent. A new decision
 * always gets a new id (and so a new Idempotency-Key): the old key is bound
 * to the old body on the server, and reusing it would only earn a 422
 * idempotency_mismatch. The refused decision stays in the table, marked as
 * replaced or discarded, and the audit log tells the story.
 */
import { randomUUID } from 'node:crypto';
import type { DiscardResult, RedecideInput, SubmitResult } from '../../shared/contract';
import type { Assignment, Form, FormRef } from '../../shared/protocol';
import { redactSecrets } from '../../shared/forms';
import { AppFailure } from '../../shared/result';
import { BackendError } from '../backend/http-client';
import type { StoredDecision } from '../db/decisions.repo';
import { prepareDecision } from './decisions.service';
import type { ActiveSession } from './session';

/** 409 codes and statuses that say the assignment is no longer the reviewer's to decide. */
const GONE_CODES = new Set(['not_assignee', 'cancelled', 'not_found', '404']);

function refused(s: ActiveSession, decisionId: string, states: StoredDecision['storedState'][]): StoredDecision {
  const d = s.cache.decisions.get(decisionId);
  if (!d) throw new AppFailure('not_found', 'There is no such decision.');
  if (!states.includes(d.storedState)) {
    throw new AppFailure(
      'conflict',
      `This decision is ${d.storedState}, so there is nothing to ${states.includes('conflict') ? 're-review' : 'resend'}.`,
    );
  }
  return d;
}

/** The newer of two views of an assignment, by version. */
function newer(a: Assignment | null, b: Assignment | null): Assignment | null {
  if (!a) return b;
  if (!b) return a;
  return b.version > a.version ? b : a;
}

/** Why the reviewer cannot decide this assignment any more, or null. */
function notDecidable(s: ActiveSession, a: Assignment): string | null {
  if (a.status === 'cancelled') return 'This assignment was cancelled on the server. Discard your decision.';
  if (a.status === 'completed' || a.status === 'rejected')
    return 'This assignment was already decided elsewhere. Discard your decision.';
  if (a.assignee !== s.account.userId) return 'This assignment is no longer yours. Discard your decision.';
  return null;
}

async function formFor(s: ActiveSession, ref: FormRef): Promise<Form> {
  const cached = s.cache.forms.get(ref);
  if (cached) return cached;
  if (s.engine.mayRequest()) {
    try {
      const form = await s.backend.form(ref);
      s.cache.forms.put(form);
      return form;
    } catch {
      /* said below */
    }
  }
  throw new AppFailure('validation', 'The form for the new version has not been downloaded yet. Sync, then try again.');
}

async function redecide(
  s: ActiveSession,
  old: StoredDecision,
  current: Assignment,
  input: RedecideInput,
  action: 'resubmitted' | 'resent',
  now: () => Date,
  newId: () => string,
): Promise<SubmitResult> {
  const form = await formFor(s, current.form);
  const at = now().toISOString();
  const body = prepareDecision(
    form,
    current,
    {
      outcome: input.outcome ?? old.outcome,
      values: input.values ?? old.values,
      comment: input.comment ?? old.comment ?? undefined,
      durationMs: input.durationMs ?? old.durationMs ?? undefined,
    },
    at,
    newId(),
  );
  s.cache.db.transaction(() => {
    // Checked again inside the write: the reviewer may have resolved it in another window meanwhile.
    if (s.cache.decisions.get(old.decisionId)?.storedState !== old.storedState)
      throw new AppFailure('conflict', 'This decision was already resolved.');
    if (s.cache.decisions.hasUnsent(current.id))
      throw new AppFailure('conflict', 'Another decision on this assignment is waiting to be sent.');
    s.cache.assignments.upsert(current);
    s.cache.decisions.resolve(old.decisionId, 'superseded', at);
    s.cache.decisions.audit(at, `decision.${action}`, current.id, old.decisionId, {
      replaced_by: body.decision_id,
      base_version: body.base_version,
    });
    s.cache.decisions.record(body, current.id, at, redactSecrets(body.values, form.schema), {
      version: current.version,
      data: current.data,
    });
    // The replaced decision's secrets now live in the new one only.
    s.cache.decisions.replaceValues(old.decisionId, redactSecrets(old.values, (s.cache.forms.get(old.form) ?? form).schema));
    s.cache.assignments.setLocalState(current.id, 'unsent');
  })();
  s.engine.notifyLocalChange();
  return { decisionId: body.decision_id, state: 'unsent' };
}

/** Re-review a conflict against the server's current version: a new decision with base_version = that version. */
export async function resubmitConflict(
  s: ActiveSession,
  input: RedecideInput,
  now: () => Date,
  newId: () => string = randomUUID,
): Promise<SubmitResult> {
  const old = refused(s, input.decisionId, ['conflict']);
  const current = newer(old.server, s.cache.assignments.get(old.assignmentId)?.assignment ?? null);
  if (!current)
    throw new AppFailure('not_found', 'The server’s version of this assignment is not known yet. Sync, then try again.');
  const why = notDecidable(s, current);
  if (why) throw new AppFailure('conflict', why);
  return redecide(s, old, current, input, 'resubmitted', now, newId);
}

/** Resend a parked decision after the reviewer fixed what the server refused. */
export async function resendParked(
  s: ActiveSession,
  input: RedecideInput,
  now: () => Date,
  newId: () => string = randomUUID,
): Promise<SubmitResult> {
  const old = refused(s, input.decisionId, ['parked']);
  if (old.error && GONE_CODES.has(old.error.code))
    throw new AppFailure('not_found', 'This assignment is gone from the server. Discard your decision.');
  const cached = s.cache.assignments.get(old.assignmentId);
  if (!cached) throw new AppFailure('not_found', 'This assignment is no longer in your queue. Discard your decision.');
  return redecide(s, old, cached.assignment, input, 'resent', now, newId);
}

/**
 * Drop a refused decision and show the assignment as the server has it now:
 * asked afresh when the network allows, else from the server's 409 answer.
 * An assignment the server says is no longer the reviewer's leaves the cache.
 */
export async function discardRefused(s: ActiveSession, decisionId: string, now: () => Date): Promise<DiscardResult> {
  const old = refused(s, decisionId, ['conflict', 'parked']);
  const id = old.assignmentId;
  let gone = old.error !== null && GONE_CODES.has(old.error.code);
  let fresh: Assignment | null = null;
  if (!gone && s.engine.mayRequest()) {
    try {
      fresh = await s.backend.assignment(id);
    } catch (e) {
      // Not reachable just now: the 409's copy will do. A 404 means it is gone for this reviewer.
      if (e instanceof BackendError && e.status === 404) gone = true;
    }
  }
  if (fresh && (fresh.status === 'cancelled' || fresh.assignee !== s.account.userId)) gone = true;
  const restore = newer(fresh ?? old.server, s.cache.assignments.get(id)?.assignment ?? null);
  const at = now().toISOString();
  s.cache.db.transaction(() => {
    if (s.cache.decisions.get(decisionId)?.storedState !== old.storedState)
      throw new AppFailure('conflict', 'This decision was already resolved.');
    const kept = redactSecrets(old.values, s.cache.forms.get(old.form)?.schema);
    s.cache.decisions.resolve(decisionId, 'discarded', at);
    s.cache.decisions.replaceValues(decisionId, kept);
    s.cache.decisions.audit(at, 'decision.discarded', id, decisionId, {
      outcome: old.outcome,
      values: kept,
      comment: old.comment,
      code: old.error?.code ?? null,
      removed: gone,
    });
    if (gone && !s.cache.decisions.hasUnsent(id)) {
      s.cache.assignments.remove(id);
    } else {
      if (restore) s.cache.assignments.upsert(restore);
      s.cache.assignments.setLocalState(id, s.cache.decisions.hasUnsent(id) ? 'unsent' : 'none');
    }
  })();
  s.engine.notifyLocalChange();
  return { assignmentId: id, removed: gone && s.cache.assignments.get(id) === null };
}
