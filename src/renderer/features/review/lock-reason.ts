import type { AssignmentView } from '../../../shared/contract';

/** Why no outcome can be chosen right now, or null when the reviewer may decide. */
export function lockReason(view: AssignmentView, removed: boolean): string | null {
  const { assignment, decision } = view;
  if (removed) return 'This assignment is no longer in your queue.';
  if (decision?.state === 'sent') return 'Your decision was sent.';
  if (decision?.state === 'sending') return 'Your decision is being sent.';
  if (assignment.status === 'cancelled') return 'This assignment was cancelled.';
  if ((assignment.status === 'completed' || assignment.status === 'rejected') && !decision) {
    return 'This assignment has already been decided.';
  }
  return null;
}
