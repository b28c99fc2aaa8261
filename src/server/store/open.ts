/** Opens the server database with the pragmas it relies on, then migrates it. */
import Database from 'better-sqlite3';
import { migrate } from './schema';

export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  if (file !== ':memory:' && file !== '') {
    // WAL lets the feed read while a write commits, and survives crashes well.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  // A larger page cache keeps a 100k-assignment feed in memory between pages.
  db.pragma('cache_size = -65536');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
