/**
 * An empty cache's first full pull, written in bulk, mostly off the main
 * thread. Three costs of writing 100,000 assignments row by row move:
 *
 * - The writes of new rows. The pull queues them (bulk-writes.ts) and a
 *   worker with its own connection writes them a thousand to a transaction,
 *   while the main thread fetches and parses the next page. The main thread
 *   only parses, checks and decides, so it never blocks on a commit.
 * - Secondary indexes (DEFERRABLE_INDEXES). Kept up row by row, every commit
 *   dirtied pages all over each of them: three quarters of a first sync
 *   (some 250 µs an assignment). They are dropped and built once at the end
 *   from the finished table.
 * - WAL checkpoints. At the default of one per 1,000 pages, a commit every
 *   few slices copied the WAL into the database and fsynced it on the main
 *   thread: a third of the time, and stalls of 200-600 ms on a busy disk.
 *   The main connection stops checkpointing while a thread of their own does
 *   it every quarter second (PASSIVE: it never waits for the writer).
 *
 * FTS5 merges less eagerly during the load (FTS_MERGE_LAZILY), and its
 * segments are merged into one after it, in the background (FTS_MERGE_STEP).
 *
 * WAL lets the main thread read while the worker writes; a write of its own
 * waits in busy_timeout for one batch of the worker, or for the index build.
 * The dropped indexes' SQL is kept in sync_state in the transaction that
 * drops them, and the build creates them and clears that record in one
 * transaction: whatever interrupts the pull, the record remains until the
 * job is done. Queries work meanwhile, only slower (queue-query.ts checks
 * before naming an index). A memory database (tests) does all this in place
 * on the main connection, the rows included.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import type { Db } from './connection';
import { NEW_ROW_COUNT } from './new-row';
import {
  BULK_SQL,
  createBulkWrites,
  movedBuffers,
  writesOf,
  type BulkWrites,
  type SealedBatch,
  type WriteAnswer,
} from './bulk-writes';
import type { SyncStateRepo } from './sync-state.repo';

/**
 * Indexes built at the end rather than kept row by row: those whose order is
 * random against the feed's, and those on project, kind and form, whose few
 * values each take an insert in the middle of the index (together a third of
 * a new row's insert). The primary key and the partial local-state index stay.
 */
export const DEFERRABLE_INDEXES = [
  'assignments_priority',
  'assignments_due',
  'assignments_created',
  'assignments_updated',
  'assignments_has_files',
  'assignments_facets',
  'assignments_project',
  'assignments_kind',
  'assignments_form',
] as const;

const CHECKPOINT_EVERY_MS = 250;
/** The worker's nice value: below the interface, above nothing in particular. */
const WORKER_NICE = 10;
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

/**
 * FTS5 merges its segments as it goes, by default once four of a size are
 * there. During a load of 100,000 rows a thousand at a time that merged the
 * same postings again and again: letting sixteen gather takes a tenth off a
 * first sync. At the end the default comes back (a setting of the table,
 * kept in the file).
 *
 * The twenty-odd segments left make a prefix search walk each of them (100,000
 * assignments, `"refund"*`: 20 ms, against 11 over one segment). Merging them
 * into one ('optimize') rewrote the whole index after the last page, alone on
 * one core (0.5-0.9 s), so the worker does it after the load has answered,
 * in steps of FTS_MERGE_STEP_PAGES pages, each its own short transaction,
 * pausing between them so that the main connection's writes get their turn
 * (the merge needs no lock of its own for longer than a step, some 5-20 ms).
 * A merge cut short by a crash or a quit is simply a less merged index.
 */
const FTS_MERGE_LAZILY = "INSERT INTO assignments_fts (assignments_fts, rank) VALUES ('automerge', 16)";
const FTS_MERGE_DEFAULT = "INSERT INTO assignments_fts (assignments_fts, rank) VALUES ('automerge', 4)";
const FTS_MERGE_STEP_PAGES = 64;
/** Negative: all segments, whatever their level, merged as one, a step at a time (FTS5's incremental 'optimize'). */
const FTS_MERGE_STEP = `INSERT INTO assignments_fts (assignments_fts, rank) VALUES ('merge', -${FTS_MERGE_STEP_PAGES})`;
const FTS_MERGE_PAUSE_MS = 10;

/** Everything that ends a bulk load, as statements for one transaction: the record goes with the last. */
function finishingStatements(rec: BulkRecord): string[] {
  return [
    ...rec.indexes.map((k) => idempotent(k.sql)),
    // Statistics of the tables the queue plans over, sampled (some 15 ms; all tables, the bodies'
    // row count included, took 70), here rather than on the main thread.
    'PRAGMA analysis_limit = 400',
    'ANALYZE assignments',
    'ANALYZE assignment_tags',
    FTS_MERGE_DEFAULT,
    "DELETE FROM sync_state WHERE key = 'deferred_indexes'",
  ];
}

/** `CREATE INDEX x` → `CREATE INDEX IF NOT EXISTS x`: a build cut short by a crash is simply run again. */
function idempotent(sql: string): string {
  return sql.replace(
    /^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?!IF\s+NOT\s+EXISTS)/i,
    (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX IF NOT EXISTS `,
  );
}

/**
 * Lowers the calling thread's priority (Linux: a thread's own nice value, by
 * its id): on two cores, the bulk-load threads, the main thread and a local
 * server all busy put the main thread off the CPU for 50 ms and more at a
 * time. The interface has to answer first; the writes can wait their turn.
 */
const LOWER_PRIORITY = `
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) require('node:os').setPriority(tid, workerData.nice);
} catch (e) { /* not Linux, or not allowed: the thread runs at the main thread's priority */ }
`;

// Plain CommonJS evaluated in the worker, like integrity-check.ts: no bundler step, no TypeScript loader.
// It writes the batches of new rows it is sent (bulk-writes.ts), each in one transaction, answering
// 'ok' or the error for each, until it is sent the indexes to build; the build answers the same way,
// and the worker then merges the full-text index (FTS_MERGE_STEP) and ends itself.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { deserialize } = require('node:v8');
${LOWER_PRIORITY}
const describe = (e) => (e && e.code ? e.code + ': ' : '') + (e && e.message ? e.message : String(e));
let db = null;
let stmts = null;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 30000');
  db.pragma('synchronous = NORMAL');
  // Its commits never checkpoint: the checkpointer's thread does (CHECKPOINTER_SOURCE).
  db.pragma('wal_autocheckpoint = 0');
  parentPort.postMessage('started');
} catch (e) {
  parentPort.postMessage(describe(e));
}
let runStmt = null;
function write(batch) {
  if (!stmts) {
    stmts = workerData.sql.map((sql) => db.prepare(sql));
    runStmt = stmts[0].run;
  }
  // IMMEDIATE: the write lock first, so a commit of the main connection in between cannot fail it.
  db.transaction(() => {
    // Pages' rows as the page worker made them (bulk-writes.ts, PagePart), the status counts summed.
    const counts = new Map();
    for (const part of batch.pages || []) {
      const rows = deserialize(part.packed);
      const skip = new Set(part.skip);
      for (let k = 0; k < rows.starts.length; k++) {
        if (!skip.has(k)) run(rows.writes, rows.starts[k], rows.ends[k], part.bytes, counts);
      }
    }
    for (const [status, n] of counts) stmts[workerData.countStatement].run(status, n);
    run(batch.writes, 0, batch.writes.length, batch.bytes, null);
  }).immediate();
}
// Flat: statement, number of parameters, parameters (bulk-writes.ts, SealedBatch and writesOf).
function run(writes, from, to, bytes, counts) {
  for (let i = from; i < to; ) {
    const code = writes[i];
    const n = writes[i + 1];
    const params = writes.slice(i + 2, i + 2 + n);
    i += 2 + n;
    if (counts !== null && code === workerData.countStatement) {
      counts.set(params[0], (counts.get(params[0]) || 0) + params[1]);
      continue;
    }
    // Spread, not an array: better-sqlite3 binds an array element by element through property
    // look-ups, and arguments straight from the call.
    if (code >= 0) {
      runStmt.apply(stmts[code], params);
      continue;
    }
    // Packed bytes: the last two parameters are their place in the batch's (or page's) buffer.
    const end = params.pop();
    const start = params.pop();
    params.push(bytes.subarray(start, end));
    runStmt.apply(stmts[-code - 1], params);
  }
}
// After a failed batch it writes nothing more: the main thread writes that one and every later
// one itself, in order (bulk-writes.ts), and a later batch must not commit before them.
let refused = null;
parentPort.on('message', (m) => {
  let result = 'ok';
  if (m.kind === 'write') {
    if (refused !== null) result = 'not written after an earlier failure: ' + refused;
    else {
      try {
        if (!db) throw new Error('no connection');
        write(m.batch);
      } catch (e) {
        result = refused = describe(e);
      }
    }
    if (result === 'ok') return parentPort.postMessage(result);
    // The pages' buffers go back with the refusal: the main thread writes the batch from them.
    const pages = (m.batch.pages || []).map((p) => ({ packed: p.packed, bytes: p.bytes }));
    parentPort.postMessage({ refused: result, pages }, pages.flatMap((p) => [p.packed.buffer, p.bytes.buffer]));
    return;
  }
  try {
    if (!db) throw new Error('no connection');
    db.pragma('cache_size = -' + workerData.buildCacheKiB);
    db.transaction(() => {
      for (const sql of m.statements) db.exec(sql);
    }).immediate();
  } catch (e) {
    result = describe(e);
  }
  // Answered first: the pull is done once the indexes are in, and the main connection leaves
  // checkpoints to this one until it says 'checkpointed' (a checkpoint there would stall its thread).
  parentPort.postMessage(result);
  checkpoint();
  parentPort.postMessage('checkpointed');
  if (result === 'ok') mergeSearchIndex();
  else end();
});
function checkpoint() {
  try { if (db) db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { /* the main connection checkpoints later */ }
}
function end() {
  try { if (db) db.close(); } catch (e) { /* closing is all that is left */ }
  parentPort.close();
}
// A step at a time, each its own transaction, until a step finds nothing to merge (FTS5 then
// counts fewer than two changes); a step that fails (the lock not to be had, say) ends it.
function mergeSearchIndex() {
  const changes = db.prepare('SELECT total_changes()').pluck();
  const step = () => {
    try {
      const before = changes.get();
      db.exec(workerData.mergeStep);
      if (changes.get() - before >= 2) return void setTimeout(step, workerData.mergePauseMs);
    } catch (e) { /* left less merged: searches are as right, only slower */ }
    checkpoint();
    end();
  };
  step();
}
`;

/**
 * The WAL checkpoints of a load, on a thread (and connection) of their own:
 * PASSIVE, so they never wait for the writer, and off the writer's thread,
 * which is the one a first sync waits for (there they were a sixteenth of
 * its time, with the fsyncs besides). It ends when told to, or with the load.
 */
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
${LOWER_PRIORITY}
let db = null;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('synchronous = NORMAL');
  parentPort.postMessage('started');
} catch (e) {
  parentPort.postMessage((e && e.message) || String(e));
}
const timer = db && setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { /* the next one tries again */ }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { if (db) db.close(); } catch (e) { /* closing is all that is left */ }
  parentPort.close();
});
`;

/** Starts the checkpoints of a load; the function returned stops them. Calls `onFailure` if they cannot run. */
function startCheckpoints(file: string, driver: string, onFailure: () => void): () => void {
  const worker = new Worker(CHECKPOINTER_SOURCE, {
    eval: true,
    workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS, nice: WORKER_NICE },
  });
  worker.unref();
  let stopped = false;
  const fail = () => {
    if (stopped) return;
    stopped = true;
    onFailure();
  };
  worker.on('message', (m: string) => {
    if (m !== 'started') fail();
  });
  worker.once('error', fail);
  worker.once('exit', fail);
  return () => {
    if (stopped) return;
    stopped = true;
    worker.postMessage('stop');
  };
}

interface Helper {
  /** Writes a batch in one transaction; resolves with 'ok' or what went wrong (with the pages moved back). */
  write(batch: SealedBatch): Promise<WriteAnswer>;
  /** Sends the statements; resolves with 'ok' or what went wrong. The worker then checkpoints, merges the full-text index and ends. */
  build(statements: string[]): Promise<string>;
  /** Resolves once the worker has checkpointed after the build (or is gone). */
  readonly checkpointed: Promise<void>;
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
    workerData: {
      file,
      driver,
      buildCacheKiB: BUILD_CACHE_KIB,
      sql: BULK_SQL,
      countStatement: NEW_ROW_COUNT,
      nice: WORKER_NICE,
      mergeStep: FTS_MERGE_STEP,
      mergePauseMs: FTS_MERGE_PAUSE_MS,
    },
  });
  // Started with the first batch, not with the load: on two cores, three threads starting at once
  // (each some 40 ms of CPU at normal priority before it lowers its own) held the main thread off.
  let stopCheckpoints: (() => void) | null = null;
  worker.unref(); // a pull that never ends must not keep the process alive
  /** Who waits for an answer, in the order of the requests (the worker answers in that order). */
  const waiting: ((m: WriteAnswer) => void)[] = [];
  let failed: string | null = null;
  let ended = false;
  let checkpointed = () => {};
  const afterBuild = new Promise<void>((resolve) => (checkpointed = resolve));
  const fail = (m: string) => {
    if (ended) return; // its exit after the build's answer
    if (failed === null) {
      failed = m;
      onFailure();
    }
    for (const w of waiting.splice(0)) w(m);
  };
  worker.on('message', (m: WriteAnswer) => {
    if (m === 'started') return;
    if (m === 'checkpointed') return checkpointed();
    const next = waiting.shift();
    if (!next) return fail(typeof m === 'string' ? m : m.refused); // it could not open the cache: the main connection checkpoints again
    next(m);
  });
  worker.once('error', (e) => fail(`worker: ${e.message}`));
  worker.once('exit', () => {
    checkpointed();
    fail('the bulk-load worker stopped');
  });
  const ask = (message: unknown, last: boolean, transfer: ArrayBuffer[] = []) => {
    if (failed !== null) return Promise.resolve<WriteAnswer>(failed);
    return new Promise<WriteAnswer>((resolve) => {
      waiting.push((m: WriteAnswer) => {
        if (last) ended = true;
        resolve(m);
      });
      worker.postMessage(message, transfer);
    });
  };
  return {
    // Pages' packed rows and bytes are moved, not copied; back with a refusal (bulk-writes.ts, WriteAnswer).
    write: (batch) => {
      stopCheckpoints ??= startCheckpoints(file, driver, onFailure);
      return ask({ kind: 'write', batch }, false, movedBuffers(batch));
    },
    build: (statements) => {
      stopCheckpoints?.(); // the build writes in one transaction, and checkpoints once it is done
      return ask({ kind: 'build', statements }, true).then((m) => (typeof m === 'string' ? m : m.refused));
    },
    checkpointed: afterBuild,
  };
}

/** Writes a batch on this connection, in one transaction, as the worker would: where the worker cannot. */
export function batchWriter(db: Db): (batch: SealedBatch) => void {
  const stmts = BULK_SQL.map((sql) => db.prepare(sql));
  return (batch) =>
    db.transaction(() => {
      for (const [statement, params] of writesOf(batch)) stmts[statement]!.run(...params);
    })();
}

export interface BulkLoad {
  /** New rows and the cursor, for the worker to write (null: none, the pull writes everything itself). */
  readonly writes: BulkWrites | null;
  /** Builds the indexes set aside, hands checkpoints back to the main connection, forgets the record. */
  finish(): Promise<void>;
}

/**
 * Starts (or, after a crash, resumes) a bulk load. Throws from finish() when
 * the queued writes or the indexes could not be written: the record stays,
 * and the next pull tries again.
 */
export function beginBulkLoad(db: Db, state: SyncStateRepo, log: Logger): BulkLoad {
  deferIndexes(db, state);
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const restoreCheckpoints = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
  };
  const helper = db.memory ? null : startHelper(db.name, restoreCheckpoints);
  if (helper) db.pragma('wal_autocheckpoint = 0');
  if (helper) db.exec(FTS_MERGE_LAZILY);
  let writes: BulkWrites | null = null;
  if (helper) {
    writes = createBulkWrites((batch) => helper.write(batch), batchWriter(db), log);
  }

  async function finish(): Promise<void> {
    try {
      await writes?.drain();
    } finally {
      // The indexes come back whatever happened to the writes: the cache is queried through them.
      await buildIndexes();
    }
  }

  async function buildIndexes(): Promise<void> {
    const rec = record(state);
    if (!rec) return restoreCheckpoints();
    const statements = finishingStatements(rec);
    const result = helper ? await helper.build(statements) : null;
    if (result === 'ok') void helper!.checkpointed.then(restoreCheckpoints);
    else restoreCheckpoints();
    if (result !== 'ok') {
      if (result !== null) log.warn('could not build the cache indexes in the background; building them here', { result });
      db.transaction(() => {
        for (const sql of statements) db.exec(sql);
      })();
    }
  }

  let finished: Promise<void> | null = null;
  return {
    writes,
    finish: () => (finished ??= finish()),
  };
}
