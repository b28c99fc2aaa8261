/**
 * How an assignment becomes the cache's rows: the narrow table's columns,
 * its body, its tags, its words and its status counted, as statements with
 * parameters. Apart from the repository (assignments.repo.ts) so that the
 * first sync's page worker, which builds these writes for whole pages, loads
 * without the repository's queries or zod (a tenth of a second off its start).
 */
import type { Assignment } from '../../shared/protocol';
import { PRIORITIES } from '../../shared/protocol-values';
import { searchableText, SEARCH_INSERT_SQL, textSignature } from './search-index';

/** The column the queue orders and filters priority by: critical first, rank 0 (anything unknown ranks as low). */
export const priorityRank = (p: string): number => 3 - Math.max(0, PRIORITIES.indexOf(p as (typeof PRIORITIES)[number]));

/** Sorts after every ISO time: assignments without a due date come last. */
export const NO_DUE = '9999-12-31T23:59:59.999Z';

/** The narrow table's columns an upsert writes, in the order of its values. */
export const COLUMNS = [
  'project',
  'status',
  'priority',
  'priority_rank',
  'kind',
  'title',
  'due_at',
  'due_sort',
  'created_at',
  'updated_at',
  'version',
  'form_id',
  'form_version',
  'tags',
  'has_files',
  'fts_sig',
] as const;
export const TAGS = COLUMNS.indexOf('tags');
export const FTS_SIG = COLUMNS.indexOf('fts_sig');
export const STATUS = COLUMNS.indexOf('status');
export const TITLE = COLUMNS.indexOf('title');

/**
 * The statements that write an assignment new to the cache, in their order;
 * RowWrite names one by index, with its parameters. The narrow row, its
 * body, a row per tag, its words, and its status counted.
 */
export const NEW_ROW_SQL = [
  `INSERT INTO assignments (id, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`,
  // CAST: the server's JSON may come as its UTF-8 bytes (a first sync), stored as the text they are.
  'INSERT OR REPLACE INTO assignment_bodies (id, json) VALUES (?, CAST(? AS TEXT))',
  'INSERT OR IGNORE INTO assignment_tags (tag_id, assignment_id) VALUES (?, ?)',
  SEARCH_INSERT_SQL,
  'INSERT INTO assignment_status_counts (status, n) VALUES (?, ?) ON CONFLICT(status) DO UPDATE SET n = n + excluded.n',
] as const;
export const [NEW_NARROW, NEW_BODY, NEW_TAG, NEW_WORDS, NEW_COUNT] = [0, 1, 2, 3, 4] as const;
/** The statement of NEW_ROW_SQL that counts a row's status: [NEW_ROW_COUNT, status, +n]. */
export const NEW_ROW_COUNT = NEW_COUNT;
export type RowWrite = [statement: number, ...params: unknown[]];

export interface RowOf {
  /** The narrow table's values, in COLUMNS' order. */
  values: unknown[];
  /** The assignment's JSON: encoded here, or the server's own (its UTF-8 bytes). */
  body: string | Uint8Array;
  text: string;
}

export function rowOf(a: Assignment, json?: string | Uint8Array | null): RowOf {
  const text = searchableText(a.data);
  // Positional parameters, in COLUMNS' order: binding an object costs a property lookup per column, per row.
  const values = [
    a.project,
    a.status,
    a.priority,
    priorityRank(a.priority),
    a.kind,
    a.title,
    a.due_at,
    a.due_at ?? NO_DUE,
    a.created_at,
    a.updated_at,
    a.version,
    a.form.id,
    a.form.version,
    JSON.stringify(a.tags),
    Object.keys(a.files).length > 0 ? 1 : 0,
    textSignature(a.title, text),
  ];
  return { values, body: json ?? JSON.stringify(a), text };
}

export function newRowWrites(a: Assignment, { values, body, text }: RowOf): RowWrite[] {
  const out: RowWrite[] = [
    [NEW_NARROW, a.id, ...values],
    [NEW_BODY, a.id, body],
  ];
  for (const t of a.tags) out.push([NEW_TAG, t, a.id]);
  out.push([NEW_WORDS, a.id, a.title, text], [NEW_COUNT, a.status, 1]);
  return out;
}

/**
 * The writes that put an assignment not yet cached into the cache, as
 * statements of NEW_ROW_SQL with their parameters: a first sync's page
 * worker builds them (page-rows.ts) for the bulk-load writer. The caller
 * knows the id is new. `json`: the assignment as the server sent it (text or
 * UTF-8 bytes), stored as it is.
 */
export const newRowWritesOf = (a: Assignment, json?: string | Uint8Array | null): RowWrite[] => newRowWrites(a, rowOf(a, json));
