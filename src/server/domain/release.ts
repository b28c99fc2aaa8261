/**
 * A reviewer hands an assignment back: it returns to the unassigned pool as
 * pending, and leaves the reviewer's feed as a `remove`. Keyed like a
 * decision, so a retried release answers the first response again.
 */
import { hashJson } from '../canonical-json';
import { nowIso, type ServerContext } from '../context';
import { serializeAssignment } from '../store/assignments.repo';
import type { User } from '../store/users.repo';
import { updateAssignment } from './assignment-writer';
import { conflictAnswer, type Answer } from './decide';

export function release(ctx: ServerContext, user: User, id: number, key: string | undefined): Answer {
  const hash = hashJson({ op: 'release', assignment_id: id });
  if (key !== undefined) {
    const prior = ctx.store.idempotency.get(key);
    if (prior) {
      if (prior.user_id === user.id && prior.request_hash === hash) return { status: prior.status, text: prior.response };
      return {
        status: 422,
        text: JSON.stringify({
          detail: 'This Idempotency-Key was already used with a different request.',
          code: 'idempotency_mismatch',
        }),
      };
    }
  }
  const stored = ctx.store.assignments.get(id);
  // Unassigned or missing is what a GET would call gone: 404.
  if (!stored || stored.assignment.assignee === null) {
    return { status: 404, text: JSON.stringify({ detail: 'No such assignment.', code: 'not_found' }) };
  }
  if (stored.assignment.assignee !== user.id) {
    return conflictAnswer('not_assignee', 'This assignment is no longer yours.', stored.assignment);
  }
  const a = stored.assignment;
  if (a.status === 'cancelled') return conflictAnswer('cancelled', 'This assignment was cancelled.', a);
  if (a.status === 'completed' || a.status === 'rejected') {
    return conflictAnswer('already_decided', 'This assignment already has a decision.', a);
  }
  const updated = updateAssignment(ctx, id, (next) => {
    next.assignee = null;
    next.status = 'pending';
  });
  if (!updated) return { status: 404, text: JSON.stringify({ detail: 'No such assignment.', code: 'not_found' }) };
  const answer: Answer = { status: 200, text: serializeAssignment(updated.assignment) };
  if (key !== undefined) {
    ctx.store.idempotency.put(
      key,
      { user_id: user.id, request_hash: hash, status: answer.status, response: answer.text },
      nowIso(ctx),
    );
  }
  return answer;
}
