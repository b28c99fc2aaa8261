/**
 * `GET /statistics/`: counts over the assignments the caller sees, and
 * timings over the decisions they recorded (all decisions for the admin).
 */
import { PRIORITIES, STATUSES, type Statistics } from '../../shared/protocol';
import type { ServerContext } from '../context';
import type { User } from '../store/users.repo';
import { buildFilter, whereSql, type ListQuery } from './list-query';

function countsBy(
  list: ListQuery,
  column: string,
  where: string,
  params: (string | number)[],
): { key: string | number; n: number }[] {
  return list.prepare(`SELECT ${column} AS key, count(*) AS n FROM assignments ${where} GROUP BY ${column}`).all(...params) as {
    key: string | number;
    n: number;
  }[];
}

export function statistics(ctx: ServerContext, list: ListQuery, user: User, q: URLSearchParams): Statistics {
  const f = buildFilter(user, q);
  const where = whereSql(f);

  const by_status: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  let total = 0;
  for (const r of countsBy(list, 'status', where, f.params)) {
    by_status[String(r.key)] = r.n;
    total += r.n;
  }
  const by_priority: Record<string, number> = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
  for (const r of countsBy(list, 'priority_rank', where, f.params)) {
    const name = PRIORITIES[Number(r.key)];
    if (name) by_priority[name] = r.n;
  }
  const by_kind: Record<string, number> = {};
  for (const r of countsBy(list, 'kind', where, f.params)) by_kind[String(r.key)] = r.n;

  // "Today" is the UTC day of the injected clock, matching the Z-suffixed times.
  const dayStart = `${ctx.now().toISOString().slice(0, 10)}T00:00:00.000Z`;
  // Timings cover the caller's own decisions; the admin sees everyone's, or one reviewer's.
  const assignee = q.get('assignee');
  let scope: number | undefined = user.id;
  if (user.role === 'admin' && assignee !== 'me') scope = assignee && /^\d+$/.test(assignee) ? Number(assignee) : undefined;
  const d = ctx.store.decisions.stats(scope, dayStart);
  const round = (n: number | null, digits: number): number | null =>
    n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;

  return {
    total,
    by_status,
    by_priority,
    by_kind,
    completed_today: d.completed_today,
    average_handle_seconds: round(d.average_handle_ms === null ? null : d.average_handle_ms / 1000, 1),
    average_response_hours: round(d.average_response_hours, 2),
  };
}
