/**
 * Assignments: the protocol document kept as JSON text ('doc') plus the
 * columns needed to filter and order. Every write goes through `save`, which
 * rewrites both from one Assignment object so they can never disagree.
 */
import type Database from 'better-sqlite3';
import { PRIORITIES, type Assignment, type Priority } from '../../shared/protocol';

export interface StoredAssignment {
  assignment: Assignment;
  /** Version at which data or form last changed (see schema.ts). */
  contentVersion: number;
}

export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

/** The protocol's field order, so stored text reads like the docs. */
export function serializeAssignment(a: Assignment): string {
  return JSON.stringify({
    id: a.id,
    project: a.project,
    status: a.status,
    assignee: a.assignee,
    priority: a.priority,
    kind: a.kind,
    title: a.title,
    data: a.data,
    files: a.files,
    form: { id: a.form.id, version: a.form.version },
    tags: a.tags,
    metadata: a.metadata,
    due_at: a.due_at,
    created_at: a.created_at,
    updated_at: a.updated_at,
    version: a.version,
  });
}

interface Row {
  doc: string;
  content_version: number;
}

export function createAssignmentsRepo(db: Database.Database) {
  const getStmt = db.prepare<[number], Row>('SELECT doc, content_version FROM assignments WHERE id = ?');
  const maxIdStmt = db.prepare<[], { m: number | null }>('SELECT max(id) AS m FROM assignments');
  const countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM assignments');
  const upsertStmt = db.prepare(`
    INSERT INTO assignments (id, project, status, assignee, priority_rank, kind, title, due_at,
                             created_at, updated_at, version, content_version, doc)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
      project = excluded.project, status = excluded.status, assignee = excluded.assignee,
      priority_rank = excluded.priority_rank, kind = excluded.kind, title = excluded.title,
      due_at = excluded.due_at, created_at = excluded.created_at, updated_at = excluded.updated_at,
      version = excluded.version, content_version = excluded.content_version, doc = excluded.doc`);
  const deleteStmt = db.prepare('DELETE FROM assignments WHERE id = ?');

  return {
    get(id: number): StoredAssignment | undefined {
      const row = getStmt.get(id);
      if (!row) return undefined;
      return { assignment: JSON.parse(row.doc) as Assignment, contentVersion: row.content_version };
    },
    /** Ids are handed out by the writer inside its transaction (the doc embeds the id). */
    nextId(): number {
      return (maxIdStmt.get()?.m ?? 0) + 1;
    },
    count: (): number => countStmt.get()?.n ?? 0,
    /** Writes the assignment; returns its doc, the text a response can splice in as is. */
    save(a: Assignment, contentVersion: number): string {
      const doc = serializeAssignment(a);
      // Positional: binding named parameters looks each one up on the object, per row.
      upsertStmt.run(
        a.id,
        a.project,
        a.status,
        a.assignee,
        priorityRank(a.priority),
        a.kind,
        a.title,
        a.due_at,
        a.created_at,
        a.updated_at,
        a.version,
        contentVersion,
        doc,
      );
      return doc;
    },
    delete(id: number): void {
      deleteStmt.run(id);
    },
  };
}
export type AssignmentsRepo = ReturnType<typeof createAssignmentsRepo>;
