/** Forms never change once published (protocol: Form), so they are cached forever by id + version. */
import type { Form, FormRef } from '../../shared/protocol';
import type { Db } from './connection';

export function createFormsRepo(db: Db) {
  const getStmt = db.prepare('SELECT json FROM forms WHERE id = ? AND version = ?');
  const putStmt = db.prepare('INSERT OR REPLACE INTO forms (id, version, json) VALUES (?, ?, ?)');
  const missingStmt = db.prepare(`
    SELECT DISTINCT a.form_id AS id, a.form_version AS version FROM assignments a
    LEFT JOIN forms f ON f.id = a.form_id AND f.version = a.form_version
    WHERE f.id IS NULL`);
  return {
    get(ref: FormRef): Form | null {
      const row = getStmt.get(ref.id, ref.version) as { json: string } | undefined;
      return row ? (JSON.parse(row.json) as Form) : null;
    },
    put(form: Form): void {
      putStmt.run(form.id, form.version, JSON.stringify(form));
    },
    /** Form references of cached assignments whose form is not cached yet. */
    missing(): FormRef[] {
      return missingStmt.all() as FormRef[];
    },
  };
}
export type FormsRepo = ReturnType<typeof createFormsRepo>;
