/**
 * Opens the local cache. WAL for concurrent reads during a sync, and
 * synchronous=FULL because better-sqlite3 under WAL defaults to NORMAL, which
 * can lose the last transactions on power loss — and those hold decisions.
 */
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 16 MB of pages rather than SQLite's 2 MB: the queue's tables and indexes for 100,000
  // assignments are some 40 MB, and a search's page read a third of its rows from the OS.
  db.pragma('cache_size = -16384');
  immediateByDefault(db);
  migrate(db);
  return db;
}

/**
 * Every transaction on this connection begins IMMEDIATE, taking the write
 * lock first (waiting in busy_timeout if need be). A first sync's worker
 * (bulk-load.ts) writes to the same file meanwhile, and a DEFERRED
 * transaction that read before it wrote fails with SQLITE_BUSY_SNAPSHOT
 * when the worker committed in between: no wait, no retry, a lost action.
 */
function immediateByDefault(db: Db): void {
  const make = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => make(fn).immediate) as Db['transaction'];
}
