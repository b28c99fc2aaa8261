/**
 * An empty cache's first full pull, written in bulk. Two costs of writing
 * 100,000 assignments row by row are moved off the main thread:
 *
 * - Secondary indexes that order by something unrelated to the feed's id
 *   order (priority, due date, times). Kept up row by row, every slice of a
 *   pull dirtied pages all over each of them and its commit wrote them out
 *   again: three quarters of a first sync (some 250 µs an assignment). They
 *   are dropped and built once at the end from the finished table.
 * - WAL checkpoints. At the default of one per 1,000 pages, a commit every
 *   few slices copied the WAL into the database and fsynced it on the main
 *   thread: a third of the time, and stalls of 200-600 ms on a busy disk.
 *   The main connection stops checkpointing while the helper's connection
 *   does it every quarter second (PASSIVE: it never waits for the writer).
 *
 * (FTS5's own merging stays on: with it off for the load and one merge at
 * the end, later small updates of the full-text index took 50-500 ms.)
 *
 * The helper is a worker with its own connection (WAL lets the main thread
 * read meanwhile; a write of its own waits for the end of the build). The
 * dropped indexes' SQL is kept in sync_state in the transaction that drops
 * them, and the build creates them and clears that record in one
 * transaction: whatever interrupts the pull, the record remains until the job
 * is done. Queries work meanwhile, only slower (queue-query.ts checks before
 * naming an index). A memory database (tests) does all this in place.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import type { Db } from './connection';
import type { SyncStateRepo } from './sync-state.repo';

/** Indexes whose order is random against the feed's. The others (project, kind, form) grow at their ends and stay. */
export const DEFERRABLE_INDEXES = [
  'assignments_status_priority',
  'assignments_priority',
  'assignments_due',
  'assignments_created',
  'assignments_updated',
  'assignments_has_files',
  'assignments_facets',
] as const;

const CHECKPOINT_EVERY_MS = 250;
/** The sort of each index build in memory rather than in temp files (the worker's connection only). */
const BUILD_CACHE_KIB = 32 * 1024;

interface DeferredIndex {
  name: string;
  sql: string;
}

/** What a bulk load changed, to be put back: kept in sync_state under `deferred_indexes`. */
interface BulkRecord {
  indexes: DeferredIndex[];
}

function record(state: SyncStateRepo): BulkRecord | null {
  const raw = state.get('deferred_indexes');
  if (!raw) return null;
  try {
    const r = JSON.parse(raw) as Partial<BulkRecord>;
    return { indexes: r.indexes ?? [] };
  } catch {
    return null;
  }
}

/** The indexes a bulk load set aside ([] when none is under way). */
export function deferredIndexes(state: SyncStateRepo): DeferredIndex[] {
  return record(state)?.indexes ?? [];
}

/** Whether a bulk load was begun and not finished (a crash, or its build failed). */
export function bulkLoadPending(state: SyncStateRepo): boolean {
  return record(state) !== null;
}

/** Drops the deferrable indexes, recording their SQL (with any recorded before), in one transaction. */
export function deferIndexes(db: Db, state: SyncStateRepo): void {
  const present = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name = ? AND sql IS NOT NULL");
  db.transaction(() => {
    const rec: BulkRecord = record(state) ?? { indexes: [] };
    for (const name of DEFERRABLE_INDEXES) {
      const row = present.get(name) as DeferredIndex | undefined;
      if (!row) continue;
      if (!rec.indexes.some((k) => k.name === name)) rec.indexes.push({ name, sql: row.sql });
      db.exec(`DROP INDEX ${name}`);
    }
    state.set('deferred_indexes', JSON.stringify(rec));
  })();
}

/** Everything that ends a bulk load, as statements for one transaction: the record goes with the last. */
function finishingStatements(rec: BulkRecord): string[] {
  return [...rec.indexes.map((k) => idempotent(k.sql)), "DELETE FROM sync_state WHERE key = 'deferred_indexes'"];
}

/** `CREATE INDEX x` → `CREATE INDEX IF NOT EXISTS x`: a build cut short by a crash is simply run again. */
function idempotent(sql: string): string {
  return sql.replace(
    /^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?!IF\s+NOT\s+EXISTS)/i,
    (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX IF NOT EXISTS `,
  );
}

// Plain CommonJS evaluated in the worker, like integrity-check.ts: no bundler step, no TypeScript loader.
// It checkpoints until it is sent the indexes to build, builds them, answers 'ok' or the error, and ends.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const describe = (e) => (e && e.code ? e.code + ': ' : '') + (e && e.message ? e.message : String(e));
let db = null;
let timer = null;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 30000');
  db.pragma('synchronous = NORMAL');
  timer = setInterval(() => {
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { /* the next one tries again */ }
  }, workerData.everyMs);
  parentPort.postMessage('started');
} catch (e) {
  parentPort.postMessage(describe(e));
}
parentPort.on('message', (statements) => {
  clearInterval(timer);
  let result = 'ok';
  try {
    if (!db) throw new Error('no connection');
    db.pragma('cache_size = -' + workerData.buildCacheKiB);
    db.transaction(() => {
      for (const sql of statements) db.exec(sql);
    })();
  } catch (e) {
    result = describe(e);
  }
  try { if (db) db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { /* the main connection checkpoints later */ }
  try { if (db) db.close(); } catch (e) { /* closing is all that is left */ }
  parentPort.postMessage(result);
  parentPort.close();
});
`;

interface Helper {
  /** Sends the statements; resolves with 'ok' or what went wrong. */
  build(statements: string[]): Promise<string>;
}

function startHelper(file: string, onFailure: () => void): Helper | null {
  let driver: string;
  try {
    driver = require.resolve('better-sqlite3');
  } catch {
    return null;
  }
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS, buildCacheKiB: BUILD_CACHE_KIB },
  });
  worker.unref(); // a pull that never ends must not keep the process alive
  let answer: ((m: string) => void) | null = null;
  let failed: string | null = null;
  let answered = false;
  const fail = (m: string) => {
    if (answered) return; // its exit after the answer
    if (failed === null) {
      failed = m;
      onFailure();
    }
    answer?.(m);
  };
  worker.on('message', (m: string) => {
    if (m === 'started') return;
    if (!answer) return fail(m); // it could not open the cache: the main connection checkpoints again
    answered = true;
    answer(m);
  });
  worker.once('error', (e) => fail(`worker: ${e.message}`));
  worker.once('exit', () => fail('the bulk-load worker stopped'));
  return {
    build(statements) {
      if (failed !== null) return Promise.resolve(failed);
      return new Promise<string>((resolve) => {
        answer = resolve;
        worker.postMessage(statements);
      });
    },
  };
}

export interface BulkLoad {
  /** Builds the indexes set aside, hands checkpoints back to the main connection, forgets the record. */
  finish(): Promise<void>;
}

/**
 * Starts (or, after a crash, resumes) a bulk load. Throws from finish() when
 * the indexes could not be built: the record stays, and the next pull tries again.
 */
export function beginBulkLoad(db: Db, state: SyncStateRepo, log: Logger): BulkLoad {
  deferIndexes(db, state);
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const restoreCheckpoints = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
  };
  const helper = db.memory ? null : startHelper(db.name, restoreCheckpoints);
  if (helper) db.pragma('wal_autocheckpoint = 0');
  let finished: Promise<void> | null = null;

  async function finish(): Promise<void> {
    const rec = record(state);
    if (!rec) return restoreCheckpoints();
    const statements = finishingStatements(rec);
    const result = helper ? await helper.build(statements) : null;
    restoreCheckpoints();
    if (result !== 'ok') {
      if (result !== null) log.warn('could not build the cache indexes in the background; building them here', { result });
      db.transaction(() => {
        for (const sql of statements) db.exec(sql);
      })();
    }
  }

  return {
    finish: () => (finished ??= finish()),
  };
}
