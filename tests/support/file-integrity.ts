/**
 * `PRAGMA integrity_check` of a cache file on a connection of its own, as the
 * app checks its caches (integrity-check.ts, open-cache.ts). FTS5's part of
 * the check reads the full-text index through the connection's cached idea of
 * its segments, which the check does not refresh (searches and writes do): on
 * a connection that last read the index before the bulk-load worker merged it
 * (bulk-load.ts), it reports segments the merge has since dropped.
 */
import Database from 'better-sqlite3';
import type { Db } from '../../src/main/db/connection';

export function fileIntegrity(db: Db): string {
  const fresh = new Database(db.name, { readonly: true, fileMustExist: true });
  try {
    return String(fresh.pragma('integrity_check', { simple: true }));
  } finally {
    fresh.close();
  }
}
