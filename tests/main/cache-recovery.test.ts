import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection';
import { migrate, migrations } from '../../src/main/db/migrations';
import { openCacheFile } from '../../src/main/db/open-cache';
import { auditToCsv, auditToJson } from '../../src/main/db/audit.repo';
import { createDecisionsRepo } from '../../src/main/db/decisions.repo';
import { recordingLogger } from '../../src/main/log';
import { createCache } from '../../src/main/sync/cache';
import type { DecisionBody } from '../../src/shared/protocol';
import { makeAssignment } from '../support/assignment-factory';
import { tempDir } from '../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

const body = (i: number): DecisionBody => ({
  decision_id: `d-${i}`,
  outcome: 'approve',
  values: { amount: i },
  form: { id: 'f', version: 1 },
  base_version: 1,
  client_submitted_at: '2026-11-21T10:00:00.000Z',
});

/** A cache file holding 3 unsent decisions, a draft, and many assignments written after them. */
function seedCache(file: string): void {
  const cache = createCache(openDatabase(file));
  cache.db.transaction(() => {
    for (let i = 0; i < 3; i++)
      cache.decisions.record(body(i), i + 1, '2026-11-21T10:00:00.000Z', body(i).values, { version: 1, data: { n: i } });
    cache.drafts.put({
      assignmentId: 42,
      values: { note: 'half typed' },
      comment: 'so far',
      updatedAt: '2026-11-21T10:01:00.000Z',
    });
  })();
  cache.db.transaction(() => {
    for (let i = 0; i < 3000; i++) cache.assignments.upsert(makeAssignment(i));
  })();
  cache.db.pragma('wal_checkpoint(TRUNCATE)');
  cache.db.close();
}

function scribble(file: string, at: number, bytes: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(bytes, 0xa5), 0, bytes, at);
  closeSync(fd);
}

describe('migration 2', () => {
  it('adds drafts and the file cache to a version-1 cache without touching unsent work', () => {
    const db = new Database(join(dir.path, 'v1.db'));
    migrate(db, migrations.slice(0, 1));
    db.prepare(
      "INSERT INTO outbox (idempotency_key, kind, assignment_id, body_json, created_at) VALUES ('k', 'decision', 1, '{}', 'now')",
    ).run();
    expect(migrate(db, migrations.slice(0, 2))).toBe(2);
    expect(db.prepare('SELECT idempotency_key FROM outbox').all()).toEqual([{ idempotency_key: 'k' }]);
    db.prepare("INSERT INTO drafts (assignment_id, values_json, updated_at) VALUES (1, '{}', 'now')").run();
    db.prepare("INSERT INTO cached_files (url_key, path, size, last_used_at) VALUES ('u', 'p', 1, 'now')").run();
  });
});

describe('migration 3', () => {
  it('indexes the outbox by assignment and decisions by state, so look-ups do not scan', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 2));
    db.prepare(
      "INSERT INTO outbox (idempotency_key, kind, assignment_id, body_json, created_at) VALUES ('k', 'decision', 7, '{}', 'now')",
    ).run();
    expect(migrate(db, migrations.slice(0, 3))).toBe(3);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan('SELECT 1 FROM outbox WHERE assignment_id = 7 LIMIT 1')).toMatch(/USING (COVERING )?INDEX outbox_assignment/);
    expect(plan("SELECT count(*) FROM decisions WHERE state IN ('conflict', 'parked')")).toMatch(/INDEX decisions_state/);
    expect(db.prepare('SELECT idempotency_key FROM outbox').all()).toEqual([{ idempotency_key: 'k' }]);
  });
});

describe('migration 5', () => {
  it('adds the table that holds feed changes met while a decision was unsent, keeping the outbox', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 4));
    db.prepare(
      "INSERT INTO outbox (idempotency_key, kind, assignment_id, body_json, created_at) VALUES ('k', 'decision', 7, '{}', 'now')",
    ).run();
    expect(migrate(db, migrations.slice(0, 5))).toBe(5);
    db.prepare('INSERT INTO held_changes (assignment_id, json) VALUES (7, NULL)').run();
    expect(db.prepare('SELECT assignment_id, json FROM held_changes').all()).toEqual([{ assignment_id: 7, json: null }]);
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
  });
});

describe('migration 6', () => {
  it('adds a covering index the facet counts read instead of the table', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 5));
    expect(migrate(db, migrations.slice(0, 6))).toBe(6);
    const plan = (
      db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT kind, count(*) FROM assignments INDEXED BY assignments_facets WHERE status IN ('pending') GROUP BY 1",
        )
        .all() as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toMatch(/COVERING INDEX assignments_facets/);
  });
});

describe('migration 7', () => {
  it('keeps what decisions were decided on, filled in for those still waiting while the cached copy is that version', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 6));
    const same = makeAssignment(1, undefined, { version: 3, data: { amount: 5 } });
    const moved = makeAssignment(2, undefined, { version: 4 });
    const insert = db.prepare(`INSERT INTO decisions (decision_id, assignment_id, outcome, values_json, form_id, form_version,
      base_version, client_submitted_at, state, created_at, updated_at) VALUES (?, ?, 'approve', '{}', 'f', 1, ?, 't', ?, 't', 't')`);
    db.transaction(() => {
      for (const a of [same, moved]) {
        // The v6 assignments table, written as pull did then.
        db.prepare(
          `INSERT INTO assignments (id, project, status, priority, priority_rank, kind, title, due_at, due_sort, created_at,
           updated_at, version, form_id, form_version, tags, has_files) VALUES (?, 1, 'pending', 'low', 3, 'k', 't', NULL, 'z', 't', 't', ?, 'f', 1, '[]', 0)`,
        ).run(a.id, a.version);
        db.prepare('INSERT INTO assignment_bodies (id, json) VALUES (?, ?)').run(a.id, JSON.stringify(a));
      }
      insert.run('waiting', same.id, 3, 'unsent');
      insert.run('refused', moved.id, 3, 'conflict'); // the cached copy moved on since: unknown
      insert.run('accepted', same.id, 3, 'sent'); // needs nothing kept
    })();
    expect(migrate(db, migrations.slice(0, 7))).toBe(7);
    const decisions = createDecisionsRepo(db as unknown as Parameters<typeof createDecisionsRepo>[0]);
    expect(decisions.get('waiting')?.decidedOn).toEqual({ version: 3, data: { amount: 5 } });
    expect(decisions.get('refused')?.decidedOn).toBeNull();
    expect(decisions.get('accepted')?.decidedOn).toBeNull();
    const plan = (
      db.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM decisions WHERE created_at >= '2026'").all() as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.join(' ')).toMatch(/decisions_created/);
  });
});

describe('a damaged cache', () => {
  it('is opened as is when healthy', () => {
    const file = join(dir.path, 'ok.db');
    seedCache(file);
    const { db, recovery } = openCacheFile(file, recordingLogger());
    expect(recovery).toBeNull();
    expect(createCache(db).assignments.count()).toBe(3000);
    db.close();
  });

  it('that is not a database at all is set aside and rebuilt', () => {
    const file = join(dir.path, 'garbage.db');
    writeFileSync(file, 'this is not a sqlite file, just text that looks nothing like one'.repeat(100));
    const log = recordingLogger();
    const { db, recovery } = openCacheFile(file, log);
    expect(recovery?.reason).toMatch(/SQLITE_NOTADB/);
    expect(existsSync(recovery!.movedTo)).toBe(true);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(log.entries.some((e) => e.level === 'error' && e.msg.includes('damaged'))).toBe(true);
    db.close();
  });

  it('with silent damage inside keeps the unsent decisions, outbox and drafts, and says what happened', () => {
    const file = join(dir.path, 'hurt.db');
    seedCache(file);
    const size = statSync(file).size;
    scribble(file, Math.floor(size * 0.7) - (Math.floor(size * 0.7) % 4096), 4096 * 3);
    const { db, recovery } = openCacheFile(file, recordingLogger());
    expect(recovery).not.toBeNull();
    expect(recovery!.carried).toMatchObject({ decisions: 3, outbox: 3, drafts: 1 });
    const cache = createCache(db);
    expect(cache.decisions.pendingCount()).toBe(3);
    expect(cache.decisions.latestFor(2)?.values).toEqual({ amount: 1 });
    // What each was decided on comes along, for the conflict view.
    expect(cache.decisions.get('d-1')?.decidedOn).toEqual({ version: 1, data: { n: 1 } });
    expect(cache.drafts.get(42)).toMatchObject({ values: { note: 'half typed' }, comment: 'so far' });
    expect(cache.assignments.count()).toBe(0); // the next pull brings them back
    expect(cache.audit.all().some((e) => e.action === 'cache.rebuilt')).toBe(true);
    expect(readdirSync(dir.path).some((f) => f.startsWith('hurt.db.corrupt-'))).toBe(true);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('audit export', () => {
  it('exports every local decision as JSON and as spreadsheet-safe CSV', () => {
    const cache = createCache(openDatabase(':memory:'));
    cache.decisions.record({ ...body(1), comment: 'line one\n"quoted", =SUM(A1)' }, 7, '2026-11-21T10:00:00.000Z');
    const entries = cache.audit.all();
    expect(entries).toHaveLength(1);
    expect(JSON.parse(auditToJson(entries))[0]).toMatchObject({
      action: 'decision.recorded',
      assignmentId: 7,
      decisionId: 'd-1',
    });
    const csv = auditToCsv([
      ...entries,
      { id: 2, at: 'x', action: '=cmd|calc', assignmentId: null, decisionId: null, detail: {} },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,at,action,assignment_id,decision_id,detail');
    expect(lines[1]).toContain('"{""outcome"":""approve""'); // the JSON detail, quoted, with quotes doubled
    expect(csv).toContain(",'=cmd|calc,");
  });
});
