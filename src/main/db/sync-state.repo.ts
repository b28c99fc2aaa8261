/** Key/value sync bookkeeping: the feed cursor, the last success and the last error. */
import type { Db } from './connection';

/** `deferred_indexes`: indexes set aside during a first full pull, with their SQL (bulk-load.ts). */
export type SyncKey = 'cursor' | 'last_sync_at' | 'last_error' | 'deferred_indexes';

export function createSyncStateRepo(db: Db) {
  const getStmt = db.prepare('SELECT value FROM sync_state WHERE key = ?');
  const setStmt = db.prepare(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const delStmt = db.prepare('DELETE FROM sync_state WHERE key = ?');
  return {
    get(key: SyncKey): string | null {
      const row = getStmt.get(key) as { value: string | null } | undefined;
      return row?.value ?? null;
    },
    set(key: SyncKey, value: string | null): void {
      if (value === null) delStmt.run(key);
      else setStmt.run(key, value);
    },
  };
}
export type SyncStateRepo = ReturnType<typeof createSyncStateRepo>;
