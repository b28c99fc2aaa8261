/** Small key/value facts about this database (its epoch, its file-signing secret). */
import type Database from 'better-sqlite3';

export function createMetaRepo(db: Database.Database) {
  const getStmt = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const setStmt = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    get(key: string): string | undefined {
      return getStmt.get(key)?.value;
    },
    set(key: string, value: string): void {
      setStmt.run(key, value);
    },
    /** Returns the stored value, creating it with `make` the first time. */
    ensure(key: string, make: () => string): string {
      const existing = getStmt.get(key)?.value;
      if (existing !== undefined) return existing;
      const value = make();
      setStmt.run(key, value);
      return value;
    },
  };
}
export type MetaRepo = ReturnType<typeof createMetaRepo>;
