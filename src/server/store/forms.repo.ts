/** Published forms. A version never changes once stored (protocol: Form). */
import type Database from 'better-sqlite3';
import type { Form } from '../../shared/protocol';

export function createFormsRepo(db: Database.Database) {
  const getStmt = db.prepare<[string, number], { body: string }>('SELECT body FROM forms WHERE id = ? AND version = ?');
  const insertStmt = db.prepare('INSERT INTO forms (id, version, body, created_at) VALUES (?, ?, ?, ?)');
  const countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM forms');
  const cache = new Map<string, Form>();
  return {
    /** The stored JSON text, ready to send. */
    getText(id: string, version: number): string | undefined {
      return getStmt.get(id, version)?.body;
    },
    /** Parsed and memoized: published versions are immutable, so the cache never goes stale. */
    get(id: string, version: number): Form | undefined {
      const key = `${version}\u0000${id}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const row = getStmt.get(id, version);
      if (!row) return undefined;
      const form = JSON.parse(row.body) as Form;
      cache.set(key, form);
      return form;
    },
    insert(form: Form, createdAt: string): void {
      insertStmt.run(form.id, form.version, JSON.stringify(form), createdAt);
    },
    count: (): number => countStmt.get()?.n ?? 0,
  };
}
export type FormsRepo = ReturnType<typeof createFormsRepo>;
