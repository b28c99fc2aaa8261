/** Forms never change once published (protocol: Form), so they are cached forever by id + version. */
import type { Form, FormRef } from '../../shared/protocol';
import type { Db } from './connection';

/** A form's row: id, version and the form as JSON (the bulk-load writer writes it too, bulk-writes.ts). */
export const PUT_FORM_SQL = 'INSERT OR REPLACE INTO forms (id, version, json) VALUES (?, ?, ?)';

export function createFormsRepo(db: Db) {
  const getStmt = db.prepare('SELECT json FROM forms WHERE id = ? AND version = ?');
  const putStmt = db.prepare(PUT_FORM_SQL);
  const hasStmt = db.prepare('SELECT 1 FROM forms WHERE id = ? AND version = ?');
  const referencedStmt = db.prepare('SELECT DISTINCT form_id AS id, form_version AS version FROM assignments');
  return {
    get(ref: FormRef): Form | null {
      const row = getStmt.get(ref.id, ref.version) as { json: string } | undefined;
      return row ? (JSON.parse(row.json) as Form) : null;
    },
    put(form: Form): void {
      putStmt.run(form.id, form.version, JSON.stringify(form));
    },
    has(ref: FormRef): boolean {
      return hasStmt.get(ref.id, ref.version) !== undefined;
    },
    /** Forms that cached assignments use but the cache does not hold yet (walks the form index, not the table). */
    missing(): FormRef[] {
      return (referencedStmt.all() as FormRef[]).filter((r) => hasStmt.get(r.id, r.version) === undefined);
    },
  };
}
export type FormsRepo = ReturnType<typeof createFormsRepo>;
