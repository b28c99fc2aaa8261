/**
 * Numbered migrations (Signal's migrations/ style). `PRAGMA user_version`
 * holds the number of the last one applied. A migration never drops unsent
 * local work: decisions, outbox and audit tables are only ever extended.
 */
import type Database from 'better-sqlite3';
import { AppFailure } from '../../shared/result';
import { reindexAll, SEARCH_INDEX_SQL } from './search-index';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'cache, forms, decisions, outbox, audit, sync state',
    up(db) {
      db.exec(`
        -- The queue's columns live in a narrow table so that scans, sorts and
        -- counts over 100,000 rows touch little; the whole assignment as
        -- received sits beside it in assignment_bodies.
        CREATE TABLE assignments (
          id            INTEGER PRIMARY KEY,
          project       INTEGER NOT NULL,
          status        TEXT    NOT NULL,
          priority      TEXT    NOT NULL,
          priority_rank INTEGER NOT NULL,
          kind          TEXT    NOT NULL,
          title         TEXT    NOT NULL,
          due_at        TEXT,
          -- due_at with "no date" sorted last, so one index serves the due orderings.
          due_sort      TEXT    NOT NULL,
          created_at    TEXT    NOT NULL,
          updated_at    TEXT    NOT NULL,
          version       INTEGER NOT NULL,
          form_id       TEXT    NOT NULL,
          form_version  INTEGER NOT NULL,
          tags          TEXT    NOT NULL DEFAULT '[]',
          -- 1 when the assignment has files to download for offline use.
          has_files     INTEGER NOT NULL DEFAULT 0,
          local_state   TEXT    NOT NULL DEFAULT 'none'
        );
        CREATE TABLE assignment_bodies (
          id   INTEGER PRIMARY KEY,
          json TEXT NOT NULL
        );
        CREATE INDEX assignments_status_priority ON assignments(status, priority_rank, due_sort, id);
        CREATE INDEX assignments_priority ON assignments(priority_rank, due_sort, id);
        CREATE INDEX assignments_due ON assignments(due_sort, priority_rank, id);
        CREATE INDEX assignments_created ON assignments(created_at, id);
        CREATE INDEX assignments_updated ON assignments(updated_at, id);
        CREATE INDEX assignments_form ON assignments(form_id, form_version);
        CREATE INDEX assignments_project ON assignments(project);
        CREATE INDEX assignments_kind ON assignments(kind);
        -- Tags as rows, so "has tag 4" is an index lookup rather than JSON parsing 100,000 times.
        CREATE TABLE assignment_tags (
          tag_id        INTEGER NOT NULL,
          assignment_id INTEGER NOT NULL,
          PRIMARY KEY (tag_id, assignment_id)
        ) WITHOUT ROWID;
        CREATE INDEX assignment_tags_assignment ON assignment_tags(assignment_id);
        CREATE INDEX assignments_has_files ON assignments(priority_rank, due_sort) WHERE has_files = 1;
        CREATE INDEX assignments_local_state ON assignments(local_state) WHERE local_state <> 'none';

        -- Contentless: the text is indexed but not stored a second time (the
        -- bodies table has it), which halves what a sync writes for search.
        -- contentless_delete lets an upsert replace a row's terms.
        CREATE VIRTUAL TABLE assignments_fts USING fts5(
          title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
        );

        CREATE TABLE forms (
          id      TEXT    NOT NULL,
          version INTEGER NOT NULL,
          json    TEXT    NOT NULL,
          PRIMARY KEY (id, version)
        );

        CREATE TABLE decisions (
          decision_id         TEXT PRIMARY KEY,
          assignment_id       INTEGER NOT NULL,
          outcome             TEXT NOT NULL,
          values_json         TEXT NOT NULL,
          comment             TEXT,
          form_id             TEXT NOT NULL,
          form_version        INTEGER NOT NULL,
          base_version        INTEGER NOT NULL,
          client_submitted_at TEXT NOT NULL,
          duration_ms         INTEGER,
          state               TEXT NOT NULL,
          error_json          TEXT,
          server_json         TEXT,
          created_at          TEXT NOT NULL,
          updated_at          TEXT NOT NULL
        );
        CREATE INDEX decisions_assignment ON decisions(assignment_id, created_at);

        CREATE TABLE outbox (
          seq             INTEGER PRIMARY KEY AUTOINCREMENT,
          idempotency_key TEXT NOT NULL UNIQUE,
          kind            TEXT NOT NULL,
          assignment_id   INTEGER,
          body_json       TEXT NOT NULL,
          attempts        INTEGER NOT NULL DEFAULT 0,
          next_attempt_at TEXT,
          last_error      TEXT,
          created_at      TEXT NOT NULL
        );

        CREATE TABLE audit_log (
          id            INTEGER PRIMARY KEY AUTOINCREMENT,
          at            TEXT NOT NULL,
          action        TEXT NOT NULL,
          assignment_id INTEGER,
          decision_id   TEXT,
          detail_json   TEXT NOT NULL DEFAULT '{}'
        );

        CREATE TABLE sync_state (
          key   TEXT PRIMARY KEY,
          value TEXT
        );
      `);
    },
  },
  {
    version: 2,
    name: 'drafts and the offline file cache',
    up(db) {
      db.exec(`
        -- What the reviewer typed but has not decided yet, autosaved.
        CREATE TABLE drafts (
          assignment_id INTEGER PRIMARY KEY,
          values_json   TEXT NOT NULL,
          comment       TEXT,
          updated_at    TEXT NOT NULL
        );

        -- Files downloaded for offline use, keyed by URL without its query
        -- string (presigned URLs rotate their signature between fetches).
        CREATE TABLE cached_files (
          url_key       TEXT PRIMARY KEY,
          path          TEXT NOT NULL,
          mime          TEXT,
          size          INTEGER NOT NULL,
          sha256        TEXT,
          last_used_at  TEXT NOT NULL
        );
        CREATE INDEX cached_files_lru ON cached_files(last_used_at);
      `);
    },
  },
  {
    version: 3,
    name: 'indexes for outbox look-ups',
    up(db) {
      db.exec(`
        -- "Has this assignment unsent work?" is asked for every pulled change
        -- and every decision: without an index it scanned the whole outbox.
        CREATE INDEX outbox_assignment ON outbox(assignment_id);
        -- The status line counts conflicts and parked decisions on every update.
        CREATE INDEX decisions_state ON decisions(state);
      `);
    },
  },
  {
    version: 4,
    name: 'signature of the searchable text',
    up(db) {
      // Lets an upsert skip re-indexing text that did not change (a decision's
      // answer changes status and version, not the words). NULL: index again.
      db.exec('ALTER TABLE assignments ADD COLUMN fts_sig INTEGER');
    },
  },
  {
    version: 5,
    name: 'feed changes held while a decision is unsent',
    up(db) {
      db.exec(`
        -- The feed's latest word on an assignment whose decision was still in
        -- the outbox when the pull met it (json NULL: removed for this
        -- reviewer). Applied once the outbox has answered for the decision.
        CREATE TABLE held_changes (
          assignment_id INTEGER PRIMARY KEY,
          json          TEXT
        );
      `);
    },
  },
  {
    version: 6,
    name: 'a covering index for the queue facets',
    up(db) {
      // Facet counts (per status, priority, project, kind, due, local state)
      // read these columns for every matching row: from the table that was
      // ~900 ms on 100,000 assignments, from one covering index a few ms each.
      db.exec('CREATE INDEX assignments_facets ON assignments(status, priority_rank, project, kind, due_at, local_state)');
    },
  },
  {
    version: 7,
    name: 'decisions keep what they were decided on',
    up(db) {
      db.exec(`
        -- The assignment's version and data as the reviewer saw them when
        -- deciding ({"version": n, "data": ...}): a conflict view after a
        -- restart compares the server's version with this. Cleared once the
        -- server accepted the decision (or it was replaced or dropped).
        ALTER TABLE decisions ADD COLUMN decided_on_json TEXT;
        -- "Done today / this week" counts decisions by when they were made.
        CREATE INDEX decisions_created ON decisions(created_at);
      `);
      // Decisions still waiting for the server: the cached copy is what they were decided on
      // while its version is still the decision's base (the feed's changes are held meanwhile).
      db.exec(`
        UPDATE decisions SET decided_on_json = (
          SELECT json_object('version', a.version, 'data', json(b.json -> '$.data'))
          FROM assignments a JOIN assignment_bodies b ON b.id = a.id
          WHERE a.id = decisions.assignment_id AND a.version = decisions.base_version)
        WHERE state IN ('unsent', 'sending', 'conflict', 'parked')
      `);
    },
  },
  {
    version: 8,
    name: 'cached assignments counted per status',
    up(db) {
      // Counting 100,000 rows per status took 10-60 ms, and the status line
      // and the queue ask for it all the time. The assignments repository,
      // the only writer of that table, keeps these counts in the transaction
      // of each write (triggers doing the same doubled the cost of an insert).
      db.exec(`
        CREATE TABLE assignment_status_counts (
          status TEXT PRIMARY KEY,
          n      INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO assignment_status_counts (status, n) SELECT status, count(*) FROM assignments GROUP BY status;
      `);
    },
  },
  {
    version: 9,
    name: 'a plain contentless full-text index',
    up(db) {
      // Without contentless_delete and column sizes (search-index.ts says why); the
      // words of every cached assignment are indexed again from its stored body.
      db.exec('DROP TABLE assignments_fts');
      db.exec(SEARCH_INDEX_SQL);
      reindexAll(db);
    },
  },
  {
    version: 10,
    name: 'one index fewer on the status',
    up(db) {
      // The queue filters on status along an ordering's index (queue-query.ts, Filter.broad), and
      // what groups by status reads the facets index, which starts with it too: this one served
      // nothing, and cost every first sync its build and every status change its update.
      db.exec('DROP INDEX IF EXISTS assignments_status_priority');
      // A first sync cut short by an older version may have recorded it to build again (bulk-load.ts).
      const row = db.prepare("SELECT value FROM sync_state WHERE key = 'deferred_indexes'").pluck().get() as string | undefined;
      if (row === undefined) return;
      try {
        const rec = JSON.parse(row) as { indexes?: { name: string }[] };
        rec.indexes = (rec.indexes ?? []).filter((k) => k.name !== 'assignments_status_priority');
        db.prepare("UPDATE sync_state SET value = ? WHERE key = 'deferred_indexes'").run(JSON.stringify(rec));
      } catch {
        /* not JSON: bulk-load.ts reads it as no record, and nothing is rebuilt from it */
      }
    },
  },
];

export const LATEST_VERSION = migrations[migrations.length - 1]?.version ?? 0;

/** Applies every migration above the database's user_version, each in its own transaction. */
export function migrate(db: Database.Database, list: Migration[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list[list.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new AppFailure(
      'db_corrupt',
      `This cache was written by a newer Reviewdesk (schema ${current}, this version knows ${latest}). Update the app.`,
    );
  }
  for (const m of list) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
