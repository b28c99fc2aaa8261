import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, migrations } from '../../src/main/db/migrations';
import { openDatabase } from '../../src/main/db/connection';
import { AppFailure } from '../../src/shared/result';
import { tempDir } from '../support/temp-dir';
import { join } from 'node:path';

/** A database migrated up to, not including, `version`. */
function before(version: number): Database.Database {
  const db = new Database(':memory:');
  migrate(
    db,
    migrations.filter((m) => m.version < version),
  );
  return db;
}

/** A cached assignment's narrow row, with only what the migrations read. */
function insertRow(db: Database.Database, id: number, status: string, title = 't'): void {
  db.prepare(
    `INSERT INTO assignments (id, project, status, priority, priority_rank, kind, title, due_sort, created_at, updated_at,
                              version, form_id, form_version) VALUES (?, 1, ?, 'low', 3, 'k', ?, 'z', 'c', 'u', 1, 'f', 1)`,
  ).run(id, status, title);
}

describe('migrations', () => {
  it('brings an empty database to the latest version and is idempotent', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(migrate(db)).toBe(LATEST_VERSION);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name);
    for (const t of ['assignments', 'forms', 'decisions', 'outbox', 'audit_log', 'sync_state']) expect(tables).toContain(t);
  });

  it('migration 1 creates the full-text index', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 1));
    db.prepare("INSERT INTO assignments_fts (rowid, title, body) VALUES (1, 'Refund', 'order 5521')").run();
    expect(db.prepare('SELECT rowid FROM assignments_fts WHERE assignments_fts MATCH \'"5521"*\'').all()).toHaveLength(1);
  });

  it('migration 8 counts the cached assignments per status', () => {
    const db = before(8);
    ['pending', 'pending', 'completed'].forEach((status, i) => insertRow(db, i + 1, status));
    migrate(db);
    expect(db.prepare('SELECT status, n FROM assignment_status_counts ORDER BY status').all()).toEqual([
      { status: 'completed', n: 1 },
      { status: 'pending', n: 2 },
    ]);
  });

  it('migration 9 indexes every cached assignment again, without the old table’s options', () => {
    const db = before(9);
    insertRow(db, 1, 'pending', 'Refund for order 5521');
    insertRow(db, 2, 'pending', 'Label a caption');
    db.prepare('INSERT INTO assignment_bodies (id, json) VALUES (?, ?)').run(1, JSON.stringify({ data: { note: 'heron' } }));
    db.prepare('INSERT INTO assignment_bodies (id, json) VALUES (?, ?)').run(2, 'not json');
    migrate(db);
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'assignments_fts'").pluck().get() as string;
    expect(sql).toMatch(/columnsize = 0/);
    expect(sql).not.toMatch(/contentless_delete/);
    const match = (w: string) => db.prepare('SELECT rowid FROM assignments_fts WHERE assignments_fts MATCH ?').pluck().all(w);
    expect(match('heron')).toEqual([1]);
    expect(match('"5521"*')).toEqual([1]);
    // A body that cannot be read leaves its row out of the index, recorded as such.
    expect(match('caption')).toEqual([]);
    expect(db.prepare('SELECT fts_sig FROM assignments WHERE id = 2').pluck().get()).toBeNull();
    expect(db.prepare('SELECT fts_sig FROM assignments WHERE id = 1').pluck().get()).not.toBeNull();
  });
  it('migration 10 drops the status index, also from an unfinished first sync’s record', () => {
    const db = before(10);
    const indexes = () =>
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'assignments_%'").pluck().all();
    expect(indexes()).toContain('assignments_status_priority');
    const record = {
      indexes: [
        { name: 'assignments_status_priority', sql: 'CREATE INDEX …' },
        { name: 'assignments_due', sql: 'CREATE INDEX …' },
      ],
    };
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('deferred_indexes', ?)").run(JSON.stringify(record));
    migrate(db);
    expect(indexes()).not.toContain('assignments_status_priority');
    expect(indexes()).toContain('assignments_facets');
    const kept = JSON.parse(db.prepare("SELECT value FROM sync_state WHERE key = 'deferred_indexes'").pluck().get() as string);
    expect(kept.indexes.map((k: { name: string }) => k.name)).toEqual(['assignments_due']);
  });

  it('refuses a database written by a newer version', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(AppFailure);
    expect(() => migrate(db)).toThrow(/newer Reviewdesk/);
  });

  it('opens files in WAL mode with synchronous=FULL', () => {
    const dir = tempDir();
    try {
      const db = openDatabase(join(dir.path, 'c.db'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      db.close();
    } finally {
      dir.remove();
    }
  });
});
