/**
 * An empty cache's first pull in bulk (bulk-load.ts): the order-by indexes
 * are set aside and built at the end by a worker, however the pull ends, and
 * a pull after a crash mid-way finishes the job. The counts per status
 * (migration 8) stay equal to the rows.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProtocolAdapter } from '../../src/main/backend/protocol-adapter';
import type { BackendAdapter } from '../../src/main/backend/adapter';
import { BackendError } from '../../src/main/backend/http-client';
import { batchWriter, beginBulkLoad, DEFERRABLE_INDEXES, deferIndexes, deferredIndexes } from '../../src/main/db/bulk-load';
import { createBulkWrites, movedBuffers, PAGES_LOST, type SealedBatch } from '../../src/main/db/bulk-writes';
import { COLUMNS } from '../../src/main/db/new-row';
import { openDatabase } from '../../src/main/db/connection';
import { newRowWritesOf } from '../../src/main/db/assignments.repo';
import { recordingLogger } from '../../src/main/log';
import { queueRow } from '../support/queue-row';
import { createCache, type Cache } from '../../src/main/sync/cache';
import { pull } from '../../src/main/sync/pull';
import { startPageReader, startPageWorker, type PageReader } from '../../src/main/sync/page-reader';
import { packRows, readPageRows } from '../../src/main/sync/page-rows';
import { parseStoredAssignment } from '../../src/main/sync/change-parse';
import { createAssignments, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { fileIntegrity } from '../support/file-integrity';
import { tempDir } from '../support/temp-dir';

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let cache: Cache;
let log: ReturnType<typeof recordingLogger>;

const indexes = () =>
  (cache.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[]).filter((n) =>
    (DEFERRABLE_INDEXES as readonly string[]).includes(n),
  );
const countsMatchRows = () => {
  const rows = cache.db.prepare('SELECT status, count(*) AS n FROM assignments GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
  expect(cache.assignments.countsByStatus()).toEqual(Object.fromEntries(rows.map((r) => [r.status, r.n])));
  expect(cache.assignments.count()).toBe(rows.reduce((a, r) => a + r.n, 0));
};

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  dir = tempDir();
  cache = createCache(openDatabase(join(dir.path, 'cache.db')));
  log = recordingLogger();
});

afterEach(async () => {
  cache.db.close();
  await server.close();
  dir.remove();
});

describe('a first pull in bulk', () => {
  it('ends with every index built, nothing set aside, and the queue planned on its indexes', async () => {
    await createAssignments(server, 1200);
    const backend = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    const seen: string[][] = [];
    const changes = backend.changesBytes!.bind(backend);
    backend.changesBytes = async (...args) => {
      seen.push(indexes());
      return changes(...args);
    };
    const report = await pull(cache, backend, log);
    expect(report.applied).toBe(1200);
    expect(seen[1], 'set aside while the pages come').toEqual([]);
    expect(indexes().sort()).toEqual([...DEFERRABLE_INDEXES].sort());
    expect(deferredIndexes(cache.syncState)).toEqual([]);
    // Checkpoints come back to this connection once the worker has made its own, after answering.
    await vi.waitFor(() => expect(cache.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000), { timeout: 10_000 });
    // The full-text index merges at its default pace again after the load.
    expect(cache.db.prepare("SELECT v FROM assignments_fts_config WHERE k = 'automerge'").pluck().get()).toBe(4);
    expect(cache.assignments.list({ search: 'order 5507', limit: 10, offset: 0 }).items.map((i) => i.title)).toContain(
      'Approve refund for order 5507',
    );
    expect(fileIntegrity(cache.db)).toBe('ok');
    expect(cache.assignments.explain({ limit: 200, offset: 0, ordering: 'due' }).join(' ')).toMatch(/assignments_due/);
    // The planner's statistics of the rebuilt indexes were gathered with them.
    const stat = cache.db.prepare('SELECT stat FROM sqlite_stat1 WHERE idx = ?').pluck();
    for (const name of DEFERRABLE_INDEXES)
      expect(stat.get(name), name).toMatch(name === 'assignments_has_files' ? /^0 / : /^1200 /);
    countsMatchRows();
  });

  it('merges the full-text index into one segment once the pull is done, while the cache stays writable', async () => {
    await createAssignments(server, 2600);
    const backend = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    const segments = () => cache.db.prepare('SELECT count(DISTINCT segid) FROM assignments_fts_idx').pluck().get() as number;
    const found = () => cache.assignments.list({ search: 'refund', limit: 5000, offset: 0 }).total;
    await pull(cache, backend, log);
    // Three pages, three commits, three segments (automerge waits for sixteen): merged by the
    // worker after the pull has answered, which may be done by now.
    const before = found();
    expect(before).toBeGreaterThan(0);
    // Writes of this connection meanwhile wait for a step of the merge at most.
    const id = cache.assignments.list({ limit: 1, offset: 0 }).items[0]!.id;
    cache.assignments.setLocalState(id, 'parked');
    for (const end = Date.now() + 10_000; segments() > 1 && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
    expect(segments()).toBe(1);
    expect(found()).toBe(before);
    expect(cache.assignments.localState(id)).toBe('parked');
    // FTS5's own check of the index against itself: it throws on a corrupt index.
    expect(() =>
      cache.db.exec("INSERT INTO assignments_fts (assignments_fts, rank) VALUES ('integrity-check', 0)"),
    ).not.toThrow();
    expect(fileIntegrity(cache.db)).toBe('ok');
  });

  it('fetches the forms its rows use while the pages come, each once, and the worker writes them', async () => {
    await createAssignments(server, 2500);
    const backend = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    const events: string[] = [];
    const changes = backend.changesBytes!.bind(backend);
    let asked = 0;
    backend.changesBytes = async (...args) => {
      const page = await changes(...args);
      if (++asked === 3) await new Promise((r) => setTimeout(r, 300)); // the last page comes late
      events.push('page');
      return page;
    };
    const form = backend.form.bind(backend);
    backend.form = async (ref) => (events.push(`form ${ref.id} v${ref.version}`), form(ref));
    const report = await pull(cache, backend, log);
    expect(report.applied).toBe(2500);
    expect(report.formsFetched).toBe(1);
    const forms = events.filter((e) => e.startsWith('form'));
    expect(forms).toHaveLength(1);
    expect(events.indexOf(forms[0]!), 'asked for before the last page is in').toBeLessThan(events.lastIndexOf('page'));
    expect(cache.forms.missing()).toEqual([]);
    const { form: ref } = cache.assignments.get(cache.assignments.list({ limit: 1, offset: 0 }).items[0]!.id)!.assignment;
    expect(cache.forms.get(ref)?.id).toBe(ref.id);
    // Nothing left to fetch: the next pull asks for no form.
    await createAssignments(server, 3, 2500);
    expect((await pull(cache, backend, log)).formsFetched).toBe(0);
    expect(events.filter((e) => e.startsWith('form'))).toHaveLength(1);
  });

  it('checkpoints the WAL while the pages come, though neither the writer nor this connection does', async () => {
    await createAssignments(server, 2600);
    const backend = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    const file = join(dir.path, 'cache.db');
    const sizes: number[] = [];
    const changes = backend.changesBytes!.bind(backend);
    backend.changesBytes = async (...args) => {
      // Time for the checkpointer's quarter-second timer between pages.
      if (sizes.length > 0) await new Promise((r) => setTimeout(r, 600));
      sizes.push(statSync(file).size);
      return changes(...args);
    };
    await pull(cache, backend, log);
    expect(sizes).toHaveLength(3);
    // The database file grows only by checkpoints: the rows of the first two pages reached it mid-pull.
    expect(sizes[2]!).toBeGreaterThan(sizes[0]!);
    expect(cache.assignments.count()).toBe(2600);
  });

  it('writes the batches here, bytes and all, when the worker cannot', async () => {
    const here = createCache(openDatabase(':memory:'));
    const q = createBulkWrites(async () => 'the bulk-load worker stopped', batchWriter(here.db), log);
    const rows = [1, 2, 3].map((id) => ({
      id,
      json: `{"id":${id},"project":1,"status":"pending","assignee":1,"priority":"high","kind":"annotation","title":"Caption “${id}”","data":{"text":"heron ${id}"},"files":{},"form":{"id":"f","version":1},"tags":[],"metadata":{},"due_at":null,"created_at":"2026-11-01T00:00:00.000Z","updated_at":"2026-11-01T00:00:00.000Z","version":1}`,
    }));
    for (const r of rows) {
      // The JSON as bytes in a page, as the feed's spans give it.
      const page = new TextEncoder().encode(`[${r.json}]`);
      queueRow(q, r.id, newRowWritesOf(parseStoredAssignment(r.json), page.subarray(1, page.length - 1)), page);
    }
    q.state('cursor', 'c-3');
    await q.drain();

    expect(log.entries.some((e) => e.level === 'warn' && JSON.stringify(e).includes('writing here'))).toBe(true);
    for (const r of rows) {
      expect(here.db.prepare('SELECT json FROM assignment_bodies WHERE id = ?').pluck().get(r.id)).toBe(r.json);
      expect(here.assignments.get(r.id)?.assignment.title).toBe(`Caption “${r.id}”`);
    }
    expect(here.assignments.list({ search: 'heron 2', limit: 10, offset: 0 }).items.map((i) => i.id)).toEqual([2]);
    expect(here.assignments.countsByStatus()).toEqual({ pending: 3 });
    expect(here.syncState.get('cursor')).toBe('c-3');
    here.db.close();
  });

  it.each([
    ['as packed', false],
    ['read again, the packed rows having gone to the worker', true],
  ])('writes a page worker’s rows here (%s), minus the ones to skip, when the worker cannot', async (_how, moved) => {
    const here = createCache(openDatabase(':memory:'));
    const q = createBulkWrites(async () => 'the bulk-load worker stopped', batchWriter(here.db), log);
    const json = (id: number) =>
      `{"id":${id},"project":1,"status":"${id === 3 ? 'completed' : 'pending'}","assignee":1,"priority":"high","kind":"annotation","title":"Heron ${id}","data":{"text":"egret ${id}"},"files":{},"form":{"id":"f","version":1},"tags":[${id}],"metadata":{},"due_at":null,"created_at":"2026-11-01T00:00:00.000Z","updated_at":"2026-11-01T00:00:00.000Z","version":1}`;
    const changes = [1, 2, 3].map((id) => `{"op":"upsert","assignment":${json(id)}}`).join(',');
    const bytes = new TextEncoder().encode(`{"changes":[${changes}],"cursor":"c-3","has_more":false}`);
    const read = readPageRows(bytes);
    if (!read.ok) throw new Error('the page should read');
    const packed = packRows(read.rows);
    expect(read.rows.writes).toEqual([]);
    if (moved) structuredClone(packed.buffer, { transfer: [packed.buffer as ArrayBuffer] });
    expect(packed.byteLength === 0).toBe(moved);
    q.pageRows([1, 3], { packed, bytes, skip: [1] });
    q.state('cursor', 'c-3');
    await q.drain();

    expect(here.assignments.get(2)).toBeNull();
    for (const id of [1, 3])
      expect(here.db.prepare('SELECT json FROM assignment_bodies WHERE id = ?').pluck().get(id)).toBe(json(id));
    expect(
      here.assignments
        .list({ search: 'egret', limit: 10, offset: 0 })
        .items.map((i) => i.id)
        .sort(),
    ).toEqual([1, 3]);
    expect(here.assignments.list({ tags: [3], limit: 10, offset: 0 }).items.map((i) => i.id)).toEqual([3]);
    expect(here.assignments.countsByStatus()).toEqual({ pending: 1, completed: 1 });
    expect(here.syncState.get('cursor')).toBe('c-3');
    here.db.close();
  });

  /** A page of three new assignments as the page worker reads it: its rows packed, and its bytes. */
  const workerPage = () => {
    const json = (id: number) =>
      `{"id":${id},"project":1,"status":"pending","assignee":1,"priority":"high","kind":"annotation","title":"Heron ${id}","data":{"text":"egret ${id}"},"files":{},"form":{"id":"f","version":1},"tags":[],"metadata":{},"due_at":null,"created_at":"2026-11-01T00:00:00.000Z","updated_at":"2026-11-01T00:00:00.000Z","version":1}`;
    const changes = [1, 2, 3].map((id) => `{"op":"upsert","assignment":${json(id)}}`).join(',');
    const bytes = new TextEncoder().encode(`{"changes":[${changes}],"cursor":"c-3","has_more":false}`);
    const read = readPageRows(bytes);
    if (!read.ok) throw new Error('the page should read');
    return { part: { packed: packRows(read.rows), bytes, skip: [] as number[] }, json };
  };
  /** Moves a batch's buffers away, as postMessage to the worker does. */
  const moveAway = (batch: SealedBatch) => structuredClone(batch, { transfer: movedBuffers(batch) });

  it('writes a batch here from the pages the worker hands back with its refusal', async () => {
    const here = createCache(openDatabase(':memory:'));
    const q = createBulkWrites(
      async (batch) => {
        const there = moveAway(batch);
        expect(batch.pages![0]!.bytes.byteLength, 'moved, not copied').toBe(0);
        return { refused: 'SQLITE_IOERR: disk I/O error', pages: there.pages! };
      },
      batchWriter(here.db),
      log,
    );
    const { part, json } = workerPage();
    q.pageRows([1, 2, 3], part);
    q.state('cursor', 'c-3');
    await q.drain();
    for (const id of [1, 2, 3])
      expect(here.db.prepare('SELECT json FROM assignment_bodies WHERE id = ?').pluck().get(id)).toBe(json(id));
    expect(here.syncState.get('cursor')).toBe('c-3');
    here.db.close();
  });

  it('fails the load, writing nothing of the batch, when its pages went with a worker that stopped', async () => {
    const here = createCache(openDatabase(':memory:'));
    const q = createBulkWrites(async (batch) => (moveAway(batch), 'the bulk-load worker stopped'), batchWriter(here.db), log);
    q.pageRows([1, 2, 3], workerPage().part);
    q.state('cursor', 'c-3');
    await expect(q.drain()).rejects.toMatchObject({ code: 'internal', message: PAGES_LOST });
    expect(here.assignments.count()).toBe(0);
    expect(here.syncState.get('cursor')).toBeNull();
    here.db.close();
  });

  it('has the worker hand a refused batch’s pages back, for this thread to write it', async () => {
    const load = beginBulkLoad(cache.db, cache.syncState, log);
    // Written here meanwhile: the worker's insert of the same id fails, and so does this thread's of the batch it gets back.
    cache.db
      .prepare(`INSERT INTO assignments (id, ${COLUMNS.join(', ')}) VALUES (2, ${COLUMNS.map(() => '?').join(', ')})`)
      .run(1, 'pending', 'high', 2, 'annotation', 'Heron 2', null, '9999', 'x', 'x', 1, 'f', 1, '[]', 0, null);
    load.writes!.pageRows([1, 2, 3], workerPage().part);
    const drained = load.writes!.drain();
    // Not PAGES_LOST: the pages came back, and the write here failed on its own.
    await expect(drained).rejects.toThrow(/UNIQUE constraint failed: assignments.id/);
    await load.finish().catch(() => {});
    expect(log.entries.some((e) => e.level === 'warn' && JSON.stringify(e).includes('UNIQUE'))).toBe(true);
  });

  it.each([
    ['read by the page worker', true],
    ['parsed by the adapter', false],
  ])('writes new rows through the worker and the rest here, ending equal to the server (pages %s)', async (_how, raw) => {
    const created = await createAssignments(server, 2600);
    // Reassigned before this client ever saw them: the feed holds removals of ids it never cached.
    const other = await server.admin<{ id: number }>('POST', '/admin/users/', { username: 'someone-else' });
    for (const c of created.slice(2000, 2010))
      await server.admin('POST', `/admin/assignments/${c.id}/reassign/`, { assignee: other.id });
    const real = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    let calls = 0;
    /** Pages whose assignments' JSON the pull took as the server sent it. */
    let asSent = 0;
    // Renamed after its first page went by: it comes again later in the same pull, as an update.
    const renameOnSecond = async () => {
      if (++calls === 2) await server.admin('PATCH', `/admin/assignments/${created[3]!.id}/`, { title: 'Renamed mid-pull' });
    };
    const backend: BackendAdapter = raw
      ? {
          ...real,
          changesBytes: async (since, limit) => (await renameOnSecond(), real.changesBytes!(since, limit)),
        }
      : {
          ...real,
          changesBytes: undefined,
          changes: async (since, limit) => {
            await renameOnSecond();
            const page = await real.changes(since, limit);
            const json = page.assignmentJson;
            return json ? { ...page, assignmentJson: () => json() && (asSent++, json()) } : page;
          },
        };
    // Every page read by the worker: started, and up, before the first one comes.
    const reader = startPageReader(log, { minBytes: 0 });
    let byWorker = 0;
    const counting: PageReader = {
      ...reader,
      read: (bytes) => {
        const asked = reader.read(bytes);
        if (asked) byWorker++;
        return asked;
      },
    };
    if (raw) expect(await reader.ready()).toBe(true);
    const report = await pull(cache, backend, log, undefined, { pageReader: counting });
    await reader.close();
    expect(byWorker).toBe(raw ? 3 : 0);
    expect(report.removed).toBeGreaterThanOrEqual(10);
    expect(cache.assignments.count()).toBe(2590);
    expect(cache.assignments.get(created[3]!.id)?.assignment.title).toBe('Renamed mid-pull');
    expect(cache.assignments.get(created[2005]!.id)).toBeNull();
    const words = cache.assignments.list({ search: 'mid-pull', limit: 10, offset: 0 }).items.map((i) => i.id);
    expect(words).toEqual([created[3]!.id]);
    // The cursor came with the rows: the next pull has nothing to apply.
    expect((await pull(cache, real, log)).applied).toBe(0);
    expect(fileIntegrity(cache.db)).toBe('ok');
    // A row written in bulk keeps the server's own JSON, byte for byte (feed-spans.ts); read back, it has the app's shape.
    for (const id of [created[100]!.id, created[2599]!.id]) {
      const served = await fetch(`${server.baseUrl}/assignments/${id}/`, { headers: { Authorization: `Token ${server.token}` } });
      const stored = cache.db.prepare('SELECT json FROM assignment_bodies WHERE id = ?').pluck().get(id);
      expect(stored).toBe(await served.text());
      expect(cache.assignments.get(id)?.assignment).toEqual(await real.assignment(id));
    }
    if (!raw) expect(asSent).toBe(calls);
    expect(cache.db.prepare("SELECT count(*) FROM assignments_fts WHERE assignments_fts MATCH 'refund'").pluck().get()).toBe(
      cache.db.prepare("SELECT count(*) FROM assignments WHERE title LIKE '%refund%'").pluck().get(),
    );
    countsMatchRows();
  });

  it('a first page that is not a page fails the pull with the adapter’s own error, read here or on the worker', async () => {
    await createAssignments(server, 5);
    const real = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    const worker = startPageReader(log, { minBytes: 0 });
    const spoilt = [
      ['{"changes": [{"op": "upsert", "assign', /response that is not JSON \(GET \/api\/v1\/sync\/assignments\/\)/],
      ['{"changes": [], "has_more": false}', /answer to GET \/api\/v1\/sync\/assignments\/ is not in the expected shape/],
    ] as const;
    for (const pageReader of [undefined, worker])
      for (const [text, message] of spoilt) {
        const backend: BackendAdapter = {
          ...real,
          changesBytes: async (since, limit) => ({
            badResponse: (await real.changesBytes!(since, limit)).badResponse,
            bytes: new TextEncoder().encode(text),
          }),
        };
        const failed = pull(cache, backend, log, undefined, { pageReader });
        await expect(failed).rejects.toThrow(message);
        await expect(failed).rejects.toMatchObject({ code: 'bad_response' });
      }
    await worker.close();
    expect(cache.assignments.count()).toBe(0);
    expect((await pull(cache, real, log)).applied).toBe(5);
  });

  it('a malformed change in a first page read as bytes is logged and skipped, one only zod can judge applied, here or on the worker', async () => {
    const created = await createAssignments(server, 6);
    const real = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    const backend: BackendAdapter = {
      ...real,
      changesBytes: async (since, limit) => {
        const page = await real.changesBytes!(since, limit);
        const body = JSON.parse(new TextDecoder().decode(page.bytes)) as { changes: { assignment?: Record<string, unknown> }[] };
        body.changes[1]!.assignment!.status = 'exploded';
        delete body.changes[2]!.assignment!.version;
        // Well-formed, but with a key the quick check leaves to zod (which drops it): applied all the same.
        let n = 0;
        const text = JSON.stringify(body).replace(/"assignment":\{/g, (m) => (n++ === 3 ? `${m}"__proto__":{"x":1},` : m));
        return { badResponse: page.badResponse, bytes: new TextEncoder().encode(text) };
      },
    };
    const worker = startPageReader(log, { minBytes: 0 });
    for (const pageReader of [undefined, worker]) {
      const here = createCache(openDatabase(join(dir.path, `malformed-${pageReader ? 'worker' : 'here'}.db`)));
      const report = await pull(here, backend, log, undefined, { pageReader });
      expect(report.applied).toBe(4);
      expect(report.skipped).toBe(2);
      expect(here.assignments.get(created[1]!.id)).toBeNull();
      expect(here.assignments.get(created[3]!.id)?.assignment.id).toBe(created[3]!.id);
      here.db.close();
    }
    await worker.close();
    const skipped = log.entries.filter((e) => e.msg.includes('malformed change'));
    expect(skipped.map((e) => e.extra?.id)).toEqual([created[1]!.id, created[2]!.id, created[1]!.id, created[2]!.id]);
  });

  it('has the page worker fetch the pages once it is up, ending equal to the server', async () => {
    const created = await createAssignments(server, 2600);
    const real = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    const reader = startPageReader(log);
    expect(await reader.ready()).toBe(true);
    let held = 0;
    const backend: BackendAdapter = {
      ...real,
      changesBytes: async (...args) => {
        const raw = await real.changesBytes!(...args);
        if (raw.held) held++;
        return raw;
      },
    };
    const report = await pull(cache, backend, log, undefined, { pageReader: reader });
    await reader.close();
    expect(held, 'every page, the worker being up from the start').toBe(3);
    expect(report.applied).toBe(2600);
    countsMatchRows();
    expect(cache.assignments.idsAfter(0, 5000)).toEqual(created.map((a) => a.id).sort((a, b) => a - b));
    expect(cache.assignments.list({ search: 'order 5507', limit: 10, offset: 0 }).total).toBe(1);
    expect(fileIntegrity(cache.db)).toBe('ok');
  });

  it('fails the pull when the page worker dies holding a page, and the next pull finishes the job', async () => {
    await createAssignments(server, 2600);
    const real = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    let worker: Worker | null = null;
    const reader = startPageReader(log, { start: () => (worker = startPageWorker()) });
    expect(await reader.ready()).toBe(true);
    let pages = 0;
    const backend: BackendAdapter = {
      ...real,
      changesBytes: async (...args) => {
        const raw = await real.changesBytes!(...args);
        if (++pages === 2) await worker!.terminate(); // the second page is in, held by the worker, which goes
        return raw;
      },
    };
    const failed = pull(cache, backend, log, undefined, { pageReader: reader });
    await expect(failed).rejects.toMatchObject({ code: 'internal', message: /page reader stopped/ });
    await reader.close();
    expect(cache.assignments.count(), 'the first page is in').toBeGreaterThanOrEqual(1000);
    expect(log.entries.some((e) => e.level === 'warn' && String(e.extra?.error).includes('exited'))).toBe(true);

    const report = await pull(cache, real, log);
    expect(cache.assignments.count()).toBe(2600);
    expect(report.applied + 1000).toBeGreaterThanOrEqual(2600);
    expect(indexes().sort()).toEqual([...DEFERRABLE_INDEXES].sort());
    countsMatchRows();
    expect(fileIntegrity(cache.db)).toBe('ok');
  });

  it('builds them again when the pull fails halfway', async () => {
    await createAssignments(server, 2500);
    const real = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    let calls = 0;
    const backend: BackendAdapter = {
      ...real,
      changesBytes: async (since, limit) => {
        if (++calls === 2) throw new BackendError('offline', 'Cannot reach the server', null, null);
        return real.changesBytes!(since, limit);
      },
    };
    await expect(pull(cache, backend, log)).rejects.toThrow(/Cannot reach/);
    expect(cache.assignments.count()).toBe(1000);
    expect(indexes()).toHaveLength(DEFERRABLE_INDEXES.length);
    expect(deferredIndexes(cache.syncState)).toEqual([]);
    // The rest comes with the next pull, through the indexes.
    await pull(cache, real, log);
    expect(cache.assignments.count()).toBe(2500);
    countsMatchRows();
  });

  it('after a crash with the indexes set aside, the next pull goes on in bulk and builds them', async () => {
    await createAssignments(server, 300);
    const backend = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
    await pull(cache, backend, log);
    deferIndexes(cache.db, cache.syncState); // as a crash mid-way leaves it
    expect(indexes()).toEqual([]);
    await createAssignments(server, 10, 300);
    const report = await pull(cache, backend, log);
    expect(report.applied).toBe(10);
    expect(indexes()).toHaveLength(DEFERRABLE_INDEXES.length);
    expect(deferredIndexes(cache.syncState)).toEqual([]);
    countsMatchRows();
  });

  it('answers queries while the indexes are set aside', async () => {
    await createAssignments(server, 50);
    await pull(cache, createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token }), log);
    deferIndexes(cache.db, cache.syncState);
    const page = cache.assignments.list({ statuses: ['pending'], limit: 10, offset: 0, facets: true });
    expect(page.total).toBe(cache.assignments.countsByStatus().pending);
    expect(page.facets?.status.pending).toBe(page.total);
  });
});
