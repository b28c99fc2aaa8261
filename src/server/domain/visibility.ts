/**
 * Which assignments a caller sees. A reviewer sees the assignments assigned to
 * them (so `assignee=me` is what they get anyway); the admin sees all of them
 * and may narrow with `assignee=me|none|<id>`.
 */
import { addFieldError, type FieldErrors } from '../http/errors';
import type { User } from '../store/users.repo';

export interface SqlFilter {
  clauses: string[];
  params: (string | number)[];
}

export function visibilityFilter(user: User, assigneeParam: string | null, errors: FieldErrors): SqlFilter {
  const f: SqlFilter = { clauses: [], params: [] };
  if (user.role !== 'admin') {
    f.clauses.push('assignee = ?');
    f.params.push(user.id);
  }
  if (assigneeParam === null || assigneeParam === '') return f;
  if (assigneeParam === 'me') {
    f.clauses.push('assignee = ?');
    f.params.push(user.id);
  } else if (assigneeParam === 'none' || assigneeParam === 'null') {
    f.clauses.push('assignee IS NULL');
  } else if (/^\d+$/.test(assigneeParam)) {
    f.clauses.push('assignee = ?');
    f.params.push(Number(assigneeParam));
  } else {
    addFieldError(errors, 'assignee', 'Use "me", "none" or a user id.');
  }
  return f;
}

/** Whether `user` may see one assignment (GET /assignments/{id}/ and friends). */
export function canSee(user: User, assignee: number | null): boolean {
  return user.role === 'admin' || assignee === user.id;
}
