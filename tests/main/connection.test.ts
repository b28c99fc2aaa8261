/**
 * The cache's connection begins every transaction IMMEDIATE (connection.ts):
 * with a first sync's worker writing the same file, a transaction that read
 * and then wrote would otherwise fail with SQLITE_BUSY_SNAPSHOT whenever the
 * worker committed in between.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db/connection';
import { tempDir } from '../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let db: Db;
let other: Database.Database;

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(join(dir.path, 'cache.db'));
  other = new Database(join(dir.path, 'cache.db'));
  other.pragma('busy_timeout = 0');
});

afterEach(() => {
  other.close();
  db.close();
  dir.remove();
});

const setOn = (c: Database.Database, value: string) =>
  c
    .prepare("INSERT INTO sync_state (key, value) VALUES ('last_error', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
    .run(value);
const get = () => db.prepare("SELECT value FROM sync_state WHERE key = 'last_error'").pluck().get();

describe('the cache connection', () => {
  it('holds the write lock from the start of a transaction, so a read-then-write cannot be overtaken', () => {
    const outcome = db.transaction(() => {
      get(); // a read first, as most of the cache's transactions do
      let otherWrote: string;
      try {
        setOn(other, 'from the other connection');
        otherWrote = 'yes';
      } catch (e) {
        otherWrote = (e as { code?: string }).code ?? 'error';
      }
      setOn(db, 'from this connection');
      return otherWrote;
    })();
    expect(outcome).toBe('SQLITE_BUSY');
    expect(get()).toBe('from this connection');
  });

  it('keeps deferred transactions at hand for whoever asks for them', () => {
    const tx = db.transaction(() => get());
    expect(typeof tx.deferred).toBe('function');
    expect(() => tx.deferred()).not.toThrow();
  });
});
