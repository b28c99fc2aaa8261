/**
 * The server's SQLite schema as numbered migrations (PRAGMA user_version).
 * A database written by a newer server is refused rather than guessed at.
 */
import type Database from 'better-sqlite3';

const MIGRATIONS: readonly string[] = [
  // 1: everything the protocol needs.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT,
    token TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
    created_at TEXT NOT NULL
  );

  CREATE TABLE forms (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (id, version)
  ) WITHOUT ROWID;

  CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, color TEXT);

  -- 'doc' is the assignment exactly as the protocol serializes it, so lists and
  -- the changes feed can splice stored text into responses without re-encoding.
  -- The other columns exist to filter and order on.
  CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    project INTEGER NOT NULL,
    status TEXT NOT NULL,
    assignee INTEGER,
    priority_rank INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    due_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    -- version at which data or form last changed: decisions based on an
    -- earlier version are stale.
    content_version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX assignments_assignee_status ON assignments (assignee, status);
  CREATE INDEX assignments_assignee_updated ON assignments (assignee, updated_at);

  -- A compacted, per-viewer change log: one row per (user, assignment), moved to
  -- a fresh seq on every change. Reading a user's rows in seq order from 0 gives
  -- the current set; reading from a cursor gives what changed since.
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    assignment_id INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'remove')),
    reason TEXT
  );
  CREATE UNIQUE INDEX changes_user_assignment ON changes (user_id, assignment_id);
  CREATE INDEX changes_user_seq ON changes (user_id, seq);
  CREATE INDEX changes_removes ON changes (seq) WHERE op = 'remove';

  CREATE TABLE decisions (
    decision_id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    assignment_id INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    record TEXT NOT NULL,
    response TEXT NOT NULL,
    duration_ms INTEGER,
    received_at TEXT NOT NULL,
    assignment_created_at TEXT NOT NULL,
    final INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX decisions_assignment ON decisions (assignment_id, received_at);
  CREATE INDEX decisions_user ON decisions (user_id, received_at);
  CREATE INDEX decisions_received ON decisions (received_at, decision_id);

  CREATE TABLE idempotency (
    key TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 2: decisions in a rowid table. Each row carries its whole first response
  // (~2 KB), and WITHOUT ROWID kept those rows in the random order of their
  // keys: an insert split pages all over the table (60 µs a decision in a
  // batch). Rows now go at the end; the key is a unique index.
  `
  CREATE TABLE decisions_v2 (
    decision_id TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL,
    assignment_id INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    record TEXT NOT NULL,
    response TEXT NOT NULL,
    duration_ms INTEGER,
    received_at TEXT NOT NULL,
    assignment_created_at TEXT NOT NULL,
    final INTEGER NOT NULL
  );
  INSERT INTO decisions_v2 (decision_id, user_id, assignment_id, outcome, body_hash, record, response, duration_ms,
                            received_at, assignment_created_at, final)
    SELECT decision_id, user_id, assignment_id, outcome, body_hash, record, response, duration_ms,
           received_at, assignment_created_at, final
    FROM decisions ORDER BY received_at, decision_id;
  DROP TABLE decisions;
  ALTER TABLE decisions_v2 RENAME TO decisions;
  CREATE INDEX decisions_assignment ON decisions (assignment_id, received_at);
  CREATE INDEX decisions_user ON decisions (user_id, received_at);
  CREATE INDEX decisions_received ON decisions (received_at, decision_id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to SCHEMA_VERSION (or `to`, for tests of a migration), one transaction per migration. */
export function migrate(db: Database.Database, to: number = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${current} is newer than this server understands (${SCHEMA_VERSION}); use a newer server`,
    );
  }
  for (let v = current; v < Math.min(to, SCHEMA_VERSION); v++) {
    const sql = MIGRATIONS[v];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
