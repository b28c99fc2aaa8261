/**
 * `GET /assignments/` filters and ordering, turned into one parameterised SQL
 * query over indexed columns. Statements are cached by their text: a client
 * repeats the same few query shapes.
 */
import type Database from 'better-sqlite3';
import { PRIORITIES, STATUSES } from '../../shared/protocol';
import { addFieldError, validationError, type FieldErrors } from '../http/errors';
import { offsetOf, type PageParams } from '../http/pagination';
import type { User } from '../store/users.repo';
import { visibilityFilter, type SqlFilter } from './visibility';

/** Orderable fields and their columns (priority orders by rank, low → critical). */
const ORDER_COLUMNS: Record<string, string> = {
  id: 'id',
  priority: 'priority_rank',
  due_at: 'due_at',
  created_at: 'created_at',
  updated_at: 'updated_at',
  status: 'status',
  title: 'title',
  project: 'project',
  kind: 'kind',
  version: 'version',
};

function list(raw: string | null): string[] {
  if (raw === null) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function inClause(f: SqlFilter, column: string, values: (string | number)[]): void {
  if (values.length === 0) return;
  f.clauses.push(`${column} IN (${values.map(() => '?').join(',')})`);
  f.params.push(...values);
}

function isoParam(raw: string | null, field: string, errors: FieldErrors): string | undefined {
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) {
    addFieldError(errors, field, 'An ISO 8601 date-time is required.');
    return undefined;
  }
  return new Date(ms).toISOString();
}

/** Builds the WHERE clause shared by the list and the statistics. */
export function buildFilter(user: User, q: URLSearchParams): SqlFilter {
  const errors: FieldErrors = {};
  const f = visibilityFilter(user, q.get('assignee'), errors);

  const projects = list(q.get('project'));
  if (projects.some((p) => !/^-?\d+$/.test(p))) addFieldError(errors, 'project', 'Project ids are integers.');
  else inClause(f, 'project', projects.map(Number));

  const statuses = list(q.get('status'));
  const badStatus = statuses.filter((s) => !(STATUSES as readonly string[]).includes(s));
  if (badStatus.length > 0) addFieldError(errors, 'status', `Unknown status: ${badStatus.join(', ')}.`);
  else inClause(f, 'status', statuses);

  const priorities = list(q.get('priority'));
  const badPriority = priorities.filter((p) => !(PRIORITIES as readonly string[]).includes(p));
  if (badPriority.length > 0) addFieldError(errors, 'priority', `Unknown priority: ${badPriority.join(', ')}.`);
  else
    inClause(
      f,
      'priority_rank',
      priorities.map((p) => PRIORITIES.indexOf(p as (typeof PRIORITIES)[number])),
    );

  inClause(f, 'kind', list(q.get('kind')));

  const search = q.get('search')?.trim();
  if (search) {
    // LIKE is case-insensitive for ASCII; escape the wildcards a user may type.
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // The cheap LIKE on the whole doc filters first; json_extract then keeps only data matches.
    f.clauses.push("(title LIKE ? ESCAPE '\\' OR (doc LIKE ? ESCAPE '\\' AND json_extract(doc, '$.data') LIKE ? ESCAPE '\\'))");
    f.params.push(pattern, pattern, pattern);
  }

  // "after" is inclusive so a client syncing by updated_after with an overlap never misses a row.
  const createdAfter = isoParam(q.get('created_after'), 'created_after', errors);
  if (createdAfter) {
    f.clauses.push('created_at >= ?');
    f.params.push(createdAfter);
  }
  const updatedAfter = isoParam(q.get('updated_after'), 'updated_after', errors);
  if (updatedAfter) {
    f.clauses.push('updated_at >= ?');
    f.params.push(updatedAfter);
  }

  if (Object.keys(errors).length > 0) throw validationError(errors);
  return f;
}

export function buildOrdering(raw: string | null): string {
  const parts: string[] = [];
  let hasId = false;
  for (const term of list(raw)) {
    const desc = term.startsWith('-');
    const field = desc ? term.slice(1) : term;
    const column = ORDER_COLUMNS[field];
    if (!column) {
      throw validationError({ ordering: [`Cannot order by "${field}". Use one of: ${Object.keys(ORDER_COLUMNS).join(', ')}.`] });
    }
    if (column === 'id') hasId = true;
    // Assignments without a due date go last either way.
    if (column === 'due_at') parts.push('due_at IS NULL');
    parts.push(`${column} ${desc ? 'DESC' : 'ASC'}`);
  }
  if (!hasId) parts.push('id ASC'); // a total order keeps pages stable
  return parts.join(', ');
}

export function whereSql(f: SqlFilter): string {
  return f.clauses.length > 0 ? `WHERE ${f.clauses.join(' AND ')}` : '';
}

export function createListQuery(db: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (cache.size < 500) cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    prepare,
    run(user: User, q: URLSearchParams, page: PageParams): { count: number; docs: string[] } {
      const f = buildFilter(user, q);
      const where = whereSql(f);
      const order = buildOrdering(q.get('ordering'));
      const count = (prepare(`SELECT count(*) AS n FROM assignments ${where}`).get(...f.params) as { n: number }).n;
      const rows = prepare(`SELECT doc FROM assignments ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
        ...f.params,
        page.pageSize,
        offsetOf(page),
      ) as { doc: string }[];
      return { count, docs: rows.map((r) => r.doc) };
    },
  };
}
export type ListQuery = ReturnType<typeof createListQuery>;
