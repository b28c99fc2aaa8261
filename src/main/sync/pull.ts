/**
 * Pull: follow the changes feed from the stored cursor until has_more is
 * false. The cursor advances only in the same transaction as the last
 * change of its page, so a crash mid-pull resumes from the last whole page.
 *
 * A page is written in slices of APPLY_SLICE changes, each its own short
 * transaction, with the event loop free in between: one transaction for a
 * whole page of 1,000 held the main thread for 100 ms and more. Replaying a
 * half-applied page after a crash is harmless — upserts and removals are
 * idempotent — and the cursor never runs ahead of what is in the cache.
 *
 * An empty cache's first pull is a bulk load (bulk-load.ts): assignments
 * new to the cache are written by a worker, a thousand to a commit, with the
 * cursor after its page's rows (applyInBulk); most indexes are set aside and
 * built once at its end, and WAL checkpoints move to the worker. Whatever
 * ends the pull, the queued rows are written and the indexes built again
 * before it returns; after a crash, the next pull finds them still set
 * aside, goes on in bulk and builds them; the forms its rows use are
 * fetched as they appear (form-prefetch.ts). Its pages are fetched (once
 * it is up) and read into row writes by the page worker (page-reader.ts,
 * backend/held-body.ts): this thread only decides which rows are new, and
 * passes each page's bytes and serialized rows on to the writer. The page
 * after each is asked for on the cursor its bytes end with, before the
 * worker has read it (trailingCursor), and used once the read confirms it.
 */
import type { Assignment } from '../../shared/protocol';
import type { BackendAdapter, ChangesPage, RawChangesPage } from '../backend/adapter';
import { assignmentSpans, trailingCursor } from '../backend/feed-spans';
import { BackendError } from '../backend/http-client';
import { beginBulkLoad, bulkLoadPending } from '../db/bulk-load';
import type { BulkWrites } from '../db/bulk-writes';
import type { Logger } from '../log';
import type { Cache } from './cache';
import { parseChange } from './change-parse';
import { nextTurn } from '../next-turn';
import { createFormPrefetch, type FormPrefetch } from './form-prefetch';
import { appendRows, assignmentJsonOf, emptyRows, parsePage, type PageRows } from './page-rows';
import { startPageReader, type PageReader } from './page-reader';

export const PAGE_LIMIT = 1000;
export const APPLY_SLICE = 200;

export interface PullReport {
  applied: number;
  removed: number;
  skipped: number;
  fullResync: boolean;
  formsFetched: number;
}

export async function pull(
  cache: Cache,
  backend: BackendAdapter,
  log: Logger,
  onProgress: (applied: number) => void = () => {},
  /** `pageReader`: reads a first sync's pages (tests hand one in; else one is started, and closed at the end). */
  opts: { pageReader?: PageReader } = {},
): Promise<PullReport> {
  const report: PullReport = { applied: 0, removed: 0, skipped: 0, fullResync: false, formsFetched: 0 };
  const cursor = cache.syncState.get('cursor');
  const empty = cache.assignments.count() === 0;
  const bulk =
    (cursor === null && empty) || bulkLoadPending(cache.syncState) ? beginBulkLoad(cache.db, cache.syncState, log) : null;
  const given = opts.pageReader;
  // Like the bulk writer, not for a memory database (tests): there everything happens in place.
  const reader = bulk && backend.changesBytes && (given || !cache.db.memory) ? (given ?? startPageReader(log)) : null;
  // Started now, it loads while the first page is on its way.
  if (reader && !given) void reader.ready();
  const writes = bulk?.writes ?? null;
  const forms = writes ? createFormPrefetch(cache.forms, backend, (form) => writes.form(form)) : null;
  try {
    await pullPages(cache, backend, log, onProgress, report, cursor, writes, reader, forms).finally(() =>
      reader !== given ? reader?.close() : undefined,
    );
    await forms?.settled(); // written with the rows' last batch
  } catch (e) {
    // Offline halfway through a first sync: what is cached is still queried through its indexes.
    await bulk
      ?.finish()
      .catch((r: unknown) =>
        log.warn('could not build the cache indexes; the next pull tries again', { error: (r as Error).message }),
      );
    throw e;
  }
  await bulk?.finish();

  if (!bulk && report.applied + report.removed > 1000) {
    // Fresh statistics after a large change, so the planner keeps choosing the
    // indexes the queue needs; analysis_limit keeps this to milliseconds. A
    // bulk load gathers them with its index build (bulk-load.ts).
    cache.db.pragma('analysis_limit = 400');
    cache.db.pragma('optimize');
  }
  await nextTurn(); // the forms' look-up in a turn of its own
  report.formsFetched = (forms?.fetched ?? 0) + (await fetchMissingForms(cache, backend, log));
  return report;
}

/** A page as fetched: read into rows already (a first sync's page worker), or as the adapter parsed it. */
interface Fetched {
  cursor: string;
  hasMore: boolean;
  page: ChangesPage | null;
  rows: PageRows | null;
  /** The page's bytes, which the rows' packed bytes point into. */
  bytes: Uint8Array | null;
}

/**
 * A page asked for. `next`: a guess at its cursor from its bytes
 * (trailingCursor), as soon as they are in and before they are read; null
 * when there is no guess (or the page is not read as bytes).
 */
interface Request {
  fetched: Promise<Fetched>;
  next: Promise<string | null>;
}

function fetchPage(backend: BackendAdapter, reader: PageReader | null, since: string | null): Request {
  let guessed: (cursor: string | null) => void = () => {};
  const next = new Promise<string | null>((resolve) => (guessed = resolve));
  const fetched = fetchRead(backend, reader, since, guessed);
  fetched.then(
    () => guessed(null),
    () => guessed(null),
  );
  return { fetched, next };
}

function fetchRead(
  backend: BackendAdapter,
  reader: PageReader | null,
  since: string | null,
  guessed: (cursor: string | null) => void,
): Promise<Fetched> {
  if (reader && backend.changesBytes) {
    // Fetched by the page worker once it is up, the page's bytes never touching this thread's
    // heap until they come with its rows (backend/held-body.ts); fetched here until then.
    return backend.changesBytes(since, PAGE_LIMIT, reader.fetcher() ?? undefined).then(async (raw) => {
      if (raw.held) {
        guessed(raw.held.guess);
        const { read, bytes } = await reader.readHeld(raw.held);
        if (!read.ok) throw raw.badResponse(read.problem);
        return { cursor: read.rows.cursor, hasMore: read.rows.hasMore, page: null, rows: read.rows, bytes };
      }
      guessed(trailingCursor(raw.bytes));
      const asked = reader.read(raw.bytes);
      if (!asked) return pageHere(raw);
      const read = await asked;
      if (!read.ok) throw raw.badResponse(read.problem);
      const { rows } = read;
      return { cursor: rows.cursor, hasMore: rows.hasMore, page: null, rows, bytes: raw.bytes };
    });
  }
  return backend
    .changes(since, PAGE_LIMIT)
    .then((page) => ({ cursor: page.cursor, hasMore: page.hasMore, page, rows: null, bytes: null }));
}

const utf8 = new TextDecoder();

/**
 * A page read on this thread (small, or the page worker not up yet), as the
 * HTTP client reads a large body: decoded in one turn of the event loop,
 * parsed in the next; its rows are then made a slice at a time (applyInBulk).
 */
async function pageHere(raw: RawChangesPage & { bytes: Uint8Array }): Promise<Fetched> {
  const text = utf8.decode(raw.bytes);
  await nextTurn();
  const parsed = parsePage(text);
  if (!parsed.ok) throw raw.badResponse(parsed.problem);
  const { changes, cursor, hasMore } = parsed;
  let spans: (Uint8Array | null)[] | null | undefined;
  const assignmentJson = () => (spans ??= assignmentSpans(raw.bytes, changes.length));
  return { cursor, hasMore, page: { changes, cursor, hasMore, assignmentJson }, rows: null, bytes: null };
}

async function pullPages(
  cache: Cache,
  backend: BackendAdapter,
  log: Logger,
  onProgress: (applied: number) => void,
  report: PullReport,
  from: string | null,
  bulk: BulkWrites | null,
  reader: PageReader | null,
  forms: FormPrefetch | null,
): Promise<void> {
  let cursor = from;
  /** During a full resync: every id the server still lists, to drop the rest at the end. */
  let seen: Set<number> | null = cursor === null && cache.assignments.count() > 0 ? new Set() : null;
  const fresh = bulk ? freshLoad(cache) : null;

  // The next page is requested as soon as this one's cursor is known, so the
  // server prepares it (and the page worker reads it) while this one is written to the cache.
  // Known for sure once the page is read; guessed from its last bytes as soon as they are in
  // (trailingCursor), so the page after it is on its way while the worker reads it: a first
  // sync's pages otherwise came one fetch plus one read apart (40 ms, most of the write phase).
  let request = fetchPage(backend, reader, cursor);
  /** The page asked for on the current request's guessed cursor. */
  let ahead: { since: string; request: Request } | null = null;
  /** Off after a wrong guess: a server whose pages do not end as expected is not asked twice per page. */
  let guessing = true;
  const askAhead = (current: Request) => {
    void current.next.then((since) => {
      if (since === null || !guessing || request !== current) return;
      const next = fetchPage(backend, reader, since);
      next.fetched.catch(() => {}); // handled if used; never an unhandled rejection meanwhile
      ahead = { since, request: next };
    });
  };
  const takeAhead = () => {
    const taken = ahead;
    ahead = null;
    return taken;
  };
  askAhead(request);
  for (;;) {
    let page;
    try {
      page = await request.fetched;
    } catch (e) {
      if (e instanceof BackendError && e.status === 410 && cursor !== null) {
        log.warn('sync cursor expired; pulling everything again');
        report.fullResync = true;
        cursor = null;
        seen = new Set();
        takeAhead();
        request = fetchPage(backend, reader, null);
        askAhead(request);
        continue;
      }
      throw e;
    }
    if (page.hasMore) {
      const guessed = takeAhead();
      if (guessed && guessed.since === page.cursor) request = guessed.request;
      else {
        if (guessed) guessing = false;
        request = fetchPage(backend, reader, page.cursor);
        request.fetched.catch(() => {}); // handled when awaited; never an unhandled rejection meanwhile
      }
      askAhead(request);
    }
    const nextCursor = page.cursor;
    if (bulk) {
      await applyInBulk(cache, bulk, page, report, seen, log, fresh, forms);
      cursor = nextCursor;
      onProgress(report.applied + report.removed);
      if (!page.hasMore) break;
      continue;
    }
    const changes = page.page!.changes;
    for (let start = 0; start < changes.length || start === 0; start += APPLY_SLICE) {
      // Each slice in a turn of its own: the page arrives in the poll phase (parsed there), and
      // a slice run straight after it, or after another slice in the same check phase, doubled
      // the longest stall of the event loop.
      if (changes.length > APPLY_SLICE) await nextTurn();
      const slice = changes.slice(start, start + APPLY_SLICE);
      const last = start + APPLY_SLICE >= changes.length;
      cacheWrite(cache, () => {
        for (const raw of slice) applyChange(cache, raw, report, seen, log);
        // During a full resync the cursor is stored only with its end (below): the ids seen so
        // far live in memory, and a restart must start the resync over, not resume past it.
        if (last && seen === null) cache.syncState.set('cursor', nextCursor);
      });
    }
    cursor = nextCursor;
    onProgress(report.applied + report.removed);
    if (!page.hasMore) break;
  }

  if (seen) {
    await bulk?.drain(); // the rows to keep are all in before anything goes
    await dropUnlisted(cache, seen, cursor, report);
  }
}

/**
 * A load into an empty cache with an empty outbox: until something else
 * writes an assignment or records work (the reviewer deciding on a row
 * already in, an answer of the outbox), an id is cached or has unsent work
 * only if this load queued it, and the two look-ups per change (a tenth of
 * the main thread's part of a first sync) are left out.
 */
interface FreshLoad {
  writes: number;
}

function freshLoad(cache: Cache): FreshLoad | null {
  if (cache.assignments.count() > 0 || cache.decisions.anyUnsent()) return null;
  return { writes: cache.assignments.writeCount() };
}

const stillFresh = (cache: Cache, fresh: FreshLoad | null) =>
  fresh !== null && fresh.writes === cache.assignments.writeCount() && !cache.decisions.anyUnsent();

/**
 * A page of a first sync: assignments new to the cache are queued for the
 * bulk-load worker, a slice at a time with the event loop free in between,
 * with the server's own JSON for each where the adapter has it; anything
 * else (an update, a removal, an assignment with unsent work, a malformed
 * change) waits until the worker has written what came before it and goes
 * through applyChange on this thread, one transaction per slice. The cursor
 * is queued after the page's rows, so it is committed with them or after them.
 *
 * The page comes read into rows by the page worker (page-reader.ts), or
 * parsed by the adapter, when its rows are made here, slice by slice.
 */
async function applyInBulk(
  cache: Cache,
  bulk: BulkWrites,
  fetched: Fetched,
  report: PullReport,
  seen: Set<number> | null,
  log: Logger,
  fresh: FreshLoad | null,
  forms: FormPrefetch | null,
): Promise<void> {
  const { page } = fetched;
  const rows = fetched.rows ?? emptyRows(fetched.cursor, fetched.hasMore);
  let bytes = fetched.bytes;
  let spans: (Uint8Array | null)[] | null = null;
  if (page?.assignmentJson) {
    await nextTurn(); // in a turn of its own: the page was parsed in the last one
    spans = page.assignmentJson();
    // Views of one page's bytes: their places are counted from the start of those.
    const some = spans?.find((v) => v !== null);
    bytes = some ? new Uint8Array(some.buffer) : null;
  }
  const count = page ? page.changes.length : rows.ids.length;
  // A page the page worker read goes whole: its rows' writes were serialized there and go to the
  // bulk writer as they are (PagePart), with the changes not to write among them named.
  const packed = rows.packed ?? null;
  const slice = packed ? Math.max(count, 1) : APPLY_SLICE;
  for (let start = 0; start < count; start += slice) {
    if (count > slice) await nextTurn();
    await bulk.room();
    const end = Math.min(start + slice, count);
    if (page) appendRows(rows, page.changes, start, end, spans, bytes);
    forms?.want(rows.forms);
    const lookUp = !stillFresh(cache, fresh);
    /** Ids of the slice's changes left to this thread: a later row of one of them waits with it. */
    const held = new Set<number>();
    const known = (id: number) => bulk.queued(id) || held.has(id) || (lookUp && cache.assignments.has(id));
    /** The slice's other changes, in order: they concern other ids than the queued rows, so they can wait for its end. */
    const here: unknown[] = [];
    const taken: number[] = [];
    const skip: number[] = [];
    for (let k = start; k < end; k++) {
      const id = rows.ids[k]!;
      if (id !== 0) {
        if (!known(id) && !(lookUp && cache.decisions.hasUnsent(id))) {
          if (packed) taken.push(id);
          else bulk.rowWrites(id, rows.writes, rows.starts[k]!, rows.ends[k]!, bytes);
          seen?.add(id);
          report.applied++;
        } else {
          if (packed) skip.push(k);
          held.add(id);
          here.push(page ? page.changes[k] : { op: 'upsert', assignment: JSON.parse(assignmentJsonOf(rows, k, bytes)) });
        }
        continue;
      }
      const raw = rows.others[k];
      const parsed = parseChange(raw);
      if (parsed.success && parsed.data.op === 'remove' && !known(parsed.data.id)) {
        // Nothing cached to remove (applyRemove would do nothing): an assignment reassigned before this sync saw it.
        seen?.delete(parsed.data.id);
        report.removed++;
      } else {
        if (parsed.success) held.add(parsed.data.op === 'upsert' ? parsed.data.assignment.id : parsed.data.id);
        here.push(raw);
      }
    }
    // A worker-read page always comes with its bytes (Fetched), which the writes point into.
    if (packed && taken.length > 0) bulk.pageRows(taken, { packed, bytes: bytes!, skip });
    if (here.length > 0) {
      await bulk.drain(); // what they update or remove is written first
      cacheWrite(cache, () => {
        for (const raw of here) applyChange(cache, raw, report, seen, log);
      });
    }
    bulk.flush();
  }
  // During a full resync the cursor is stored only with its end (dropUnlisted).
  if (seen === null) bulk.state('cursor', rows.cursor);
  bulk.flush(true);
}

/**
 * The end of a full resync: what the server no longer lists goes, in slices
 * with the event loop free between them, the cursor with the last. Cut short,
 * the resync starts over (no cursor yet) and comes back here.
 */
async function dropUnlisted(cache: Cache, seen: Set<number>, cursor: string | null, report: PullReport): Promise<void> {
  const gone: number[] = [];
  for (let after = 0; ;) {
    const ids = cache.assignments.idsAfter(after, 5000);
    if (ids.length === 0) break;
    for (const id of ids) if (!seen.has(id)) gone.push(id);
    after = ids[ids.length - 1]!;
    await nextTurn();
  }
  for (let start = 0; start < gone.length || start === 0; start += APPLY_SLICE) {
    const last = start + APPLY_SLICE >= gone.length;
    cacheWrite(cache, () => {
      for (const id of gone.slice(start, start + APPLY_SLICE)) applyRemove(cache, id);
      if (last) cache.syncState.set('cursor', cursor);
    });
    if (!last) await nextTurn();
  }
  report.removed += gone.length;
}

/**
 * Writes of re-fetchable server state skip the fsync at commit
 * (synchronous=NORMAL): under WAL a crash can lose them but never corrupt the
 * file, and the cursor is lost with them, so they are simply pulled again.
 * The reviewer's own work is committed with synchronous=FULL, restored here
 * before anything else can run on this connection.
 */
function cacheWrite(cache: Cache, fn: () => void): void {
  cache.db.pragma('synchronous = NORMAL');
  try {
    cache.db.transaction(fn)();
  } finally {
    cache.db.pragma('synchronous = FULL');
  }
}

function applyChange(cache: Cache, raw: unknown, report: PullReport, seen: Set<number> | null, log: Logger): void {
  const parsed = parseChange(raw);
  if (!parsed.success) {
    report.skipped++;
    log.warn('skipped a malformed change from the server', {
      id: idOf(raw),
      problem: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`),
    });
    return;
  }
  const change = parsed.data;
  if (change.op === 'upsert') {
    seen?.add(change.assignment.id);
    applyUpsert(cache, change.assignment);
    report.applied++;
  } else {
    seen?.delete(change.id);
    applyRemove(cache, change.id);
    report.removed++;
  }
}

/**
 * Server state never overwrites an assignment with an unsent decision: the
 * outbox's answer (which carries the current assignment) settles it first.
 */
function applyUpsert(cache: Cache, a: Assignment): void {
  // Held, not dropped: the cursor moves past this change, so it would never come again.
  if (cache.decisions.hasUnsent(a.id)) return cache.assignments.hold(a.id, a);
  cache.assignments.upsert(a);
}

/** A removal of an assignment holding the reviewer's unsettled work keeps it, as a conflict the reviewer sees. */
function applyRemove(cache: Cache, id: number): void {
  const local = cache.assignments.localState(id);
  if (local === null) return;
  const unsent = cache.decisions.hasUnsent(id);
  if (unsent) cache.assignments.hold(id, null);
  if (local !== 'none' || unsent) {
    cache.assignments.setLocalState(id, 'conflict');
    return;
  }
  cache.assignments.remove(id);
}

async function fetchMissingForms(cache: Cache, backend: BackendAdapter, log: Logger): Promise<number> {
  let fetched = 0;
  for (const ref of cache.forms.missing()) {
    try {
      const form = await backend.form(ref);
      cache.forms.put(form);
      fetched++;
    } catch (e) {
      if (e instanceof BackendError && e.retryable) throw e;
      log.warn('could not fetch a form', { form: ref.id, version: ref.version, error: (e as Error).message });
    }
  }
  return fetched;
}

function idOf(raw: unknown): unknown {
  if (raw && typeof raw === 'object') {
    const r = raw as { id?: unknown; assignment?: { id?: unknown } };
    return r.assignment?.id ?? r.id ?? null;
  }
  return null;
}
