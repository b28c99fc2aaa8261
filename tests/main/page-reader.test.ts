/**
 * A first sync's pages read off the main thread (page-reader.ts): the page
 * worker reads a page exactly as this thread would, and when it cannot start
 * or dies, pages are still read, here, with a warning.
 */
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentSpans, trailingCursor } from '../../src/main/backend/feed-spans';
import type { BodyFetcher, FetchOutcome } from '../../src/main/backend/held-body';
import { createHttpClient } from '../../src/main/backend/http-client';
import { createProtocolAdapter } from '../../src/main/backend/protocol-adapter';
import { recordingLogger } from '../../src/main/log';
import { appendRows, emptyRows, parsePage, readPageRows, unpackRows, type PageRead } from '../../src/main/sync/page-rows';
import { ChangesPageSchema } from '../../src/shared/protocol';
import { startPageReader, startPageWorker } from '../../src/main/sync/page-reader';
import { createAssignments, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';

let server: TestServer;
let page: Uint8Array;

beforeAll(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  await createAssignments(server, 40);
  const backend = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
  page = (await backend.changesBytes!(null, 1000)).bytes!;
});
afterAll(() => server.close());

/** A worker's read with its writes unpacked, as this thread reads a page. */
function unpacked(read: PageRead | null): PageRead | null {
  if (!read?.ok) return read;
  const { packed: _packed, ...rows } = unpackRows({ ...read.rows });
  return { ok: true, rows };
}

const bytesOf = (text: string) => new TextEncoder().encode(text);

/** A loopback port nothing listens on (one just let go). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe('the page reader', () => {
  it('reads a page on the worker exactly as it would be read here', async () => {
    const log = recordingLogger();
    let started = 0;
    const reader = startPageReader(log, { minBytes: 0, start: () => (started++, startPageWorker()) });
    const here = readPageRows(page);
    expect(here.ok && here.rows.ids.filter((id) => id !== 0)).toHaveLength(40);
    // Sent before the worker is up, read once it is; its rows' writes come serialized, to be passed on as they are.
    const first = await reader.read(page);
    expect(first?.ok && first.rows.writes).toEqual([]);
    expect(first?.ok && first.rows.packed).toBeInstanceOf(Uint8Array);
    expect(unpacked(first)).toEqual(here);
    expect(unpacked(await reader.read(page))).toEqual(here);
    expect(await reader.ready()).toBe(true);
    expect(started).toBe(1);
    expect(log.entries).toEqual([]);
    await reader.close();
  });

  it('loads without zod or the protocol schemas, so it is up before the first page is in', async () => {
    const built = await build({
      entryPoints: [join(__dirname, '../../src/main/sync/page-worker.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      logLevel: 'silent',
    });
    const inputs = Object.keys(built.metafile.inputs);
    expect(inputs.some((f) => f.endsWith('src/main/sync/page-rows.ts'))).toBe(true);
    expect(inputs.filter((f) => f.includes('node_modules/zod') || f.endsWith('src/shared/protocol.ts'))).toEqual([]);
  });

  it('checks a page’s envelope exactly as the protocol’s schema does', () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }));
    const envelope = fc.oneof(
      fc.record({ changes: value, cursor: value, has_more: value }, { requiredKeys: [] }),
      fc.record({ changes: fc.constant([]), cursor: fc.string(), has_more: fc.boolean() }),
      value,
    );
    fc.assert(
      fc.property(envelope, (page) => {
        expect(parsePage(JSON.stringify(page)).ok).toBe(ChangesPageSchema.safeParse(page).success);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a page in pieces (splitPage) to the very rows a whole parse gives', () => {
    /** The rows of a page parsed whole and scanned for its spans: readPageRows' own fallback. */
    const wholeRead = (bytes: Uint8Array): PageRead => {
      const page = parsePage(new TextDecoder().decode(bytes));
      if (!page.ok) return page;
      const rows = emptyRows(page.cursor, page.hasMore);
      appendRows(rows, page.changes, 0, page.changes.length, assignmentSpans(bytes, page.changes.length), bytes);
      return { ok: true, rows };
    };
    const tricky = fc.oneof(fc.string(), fc.constantFrom('"', '\\', '},{"op":"upsert","assignment":{', ']', '\u00e9t\u00e9'));
    const assignment = fc.record({
      id: fc.integer({ min: 1, max: 50 }),
      project: fc.integer({ min: 1, max: 3 }),
      status: fc.constantFrom('pending', 'completed', 'exploded'),
      assignee: fc.constant(1),
      priority: fc.constantFrom('high', 'low'),
      kind: fc.constant('annotation'),
      title: tricky,
      data: fc.dictionary(
        fc.constantFrom('text', 'note', 'op'),
        fc.oneof(tricky, fc.integer(), fc.array(tricky, { maxLength: 2 })),
      ),
      files: fc.constant({}),
      form: fc.constant({ id: 'f', version: 1 }),
      tags: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
      metadata: fc.constant({}),
      due_at: fc.constant(null),
      created_at: fc.constant('2026-11-01T00:00:00.000Z'),
      updated_at: fc.constant('2026-11-01T00:00:00.000Z'),
      version: fc.integer({ min: 0, max: 3 }),
    });
    const change = fc.oneof(
      { weight: 4, arbitrary: fc.record({ op: fc.constant('upsert'), assignment }) },
      fc.record({ op: fc.constant('remove'), id: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant('upsert'), assignment: fc.dictionary(fc.string(), tricky, { maxKeys: 2 }) }),
    );
    let ready = 0;
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 8 }), fc.boolean(), (changes, hasMore) => {
        const bytes = bytesOf(JSON.stringify({ changes, cursor: 'c', has_more: hasMore }));
        const read = readPageRows(bytes);
        expect(read).toEqual(wholeRead(bytes));
        if (read.ok) ready += read.rows.ids.filter((id) => id !== 0).length;
      }),
      { numRuns: 400 },
    );
    expect(ready, 'most upserts were ready rows').toBeGreaterThan(400);
  });

  it('leaves a small page to this thread, without starting a worker', async () => {
    let started = 0;
    const reader = startPageReader(recordingLogger(), { start: () => (started++, startPageWorker()) });
    expect(page.length).toBeLessThan(256 * 1024);
    expect(reader.read(page)).toBeNull();
    expect(started).toBe(0);
    await reader.close();
  });

  it('says what is wrong with bytes that are not a page', async () => {
    const reader = startPageReader(recordingLogger(), { minBytes: 0 });
    expect(await reader.ready()).toBe(true);
    expect(await reader.read(bytesOf('{"changes": [{"op": "upsert", "assign'))).toEqual({
      ok: false,
      problem: { kind: 'not_json' },
    });
    const noCursor = await reader.read(bytesOf('{"changes": [], "has_more": false}'));
    expect(noCursor).toEqual({ ok: false, problem: { kind: 'shape', detail: 'cursor: expected a string' } });
    const notAList = await reader.read(bytesOf('{"changes": {}, "cursor": "c", "has_more": false}'));
    expect(notAList).toEqual({ ok: false, problem: { kind: 'shape', detail: 'changes: expected an array' } });
    await reader.close();
  });

  it('leaves the pages to this thread, with a warning, when the worker cannot start or dies', async () => {
    const refused = recordingLogger();
    const noThreads = startPageReader(refused, {
      minBytes: 0,
      start: () => {
        throw new Error('no threads left');
      },
    });
    expect(noThreads.read(page)).toBeNull();
    expect(await noThreads.ready()).toBe(false);
    expect(refused.entries.map((e) => e.extra?.error)).toEqual(['no threads left']);

    const died = recordingLogger();
    // Up, then gone before it answers: the page it was sent is read here.
    const dying = startPageReader(died, {
      minBytes: 0,
      start: () =>
        new Worker(
          "const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ ready: true }); parentPort.on('message', () => process.exit(3));",
          { eval: true },
        ),
    });
    expect(await dying.ready()).toBe(true);
    expect(await dying.read(page)).toEqual(readPageRows(page));
    expect(dying.read(page)).toBeNull();
    expect(died.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
    expect(String(died.entries[0]?.extra?.error)).toMatch(/exited with code 3/);
  });

  it('fetches a page and keeps it, then reads it there: the rows as read here, the page’s bytes moved here with them', async () => {
    let worker: Worker | null = null;
    const reader = startPageReader(recordingLogger(), { start: () => (worker = startPageWorker()) });
    expect(reader.fetcher(), 'not before the worker is up').toBeNull();
    expect(await reader.ready()).toBe(true);
    const url = `${server.baseUrl}/sync/assignments/?limit=1000`;
    const fetched = await reader.fetcher()!.fetch(url, { Authorization: `Token ${server.token}` }, 10_000);
    if (fetched.kind !== 'held') throw new Error(`the page should be held: ${JSON.stringify(fetched)}`);
    expect(fetched.held.size).toBe(page.length);
    expect(fetched.held.guess).toBe(trailingCursor(page));
    const { read, bytes } = await reader.readHeld(fetched.held);
    expect(unpacked(read)).toEqual(readPageRows(page));
    expect(Buffer.from(bytes).equals(Buffer.from(page))).toBe(true);
    // Read once, then forgotten: the worker keeps no page it has handed over.
    expect(await reader.readHeld(fetched.held)).toEqual({
      read: { ok: false, problem: { kind: 'shape', detail: 'the page was not kept' } },
      bytes: new Uint8Array(0),
    });

    // A refusal comes back as its status and body, for the adapter to say what it means.
    const refused = await reader.fetcher()!.fetch(url, { Authorization: 'Token wrong' }, 10_000);
    expect(refused).toMatchObject({ kind: 'failed', status: 401, retryAfter: null });
    expect(refused.kind === 'failed' && JSON.parse(new TextDecoder().decode(refused.body))).toHaveProperty('detail');
    const closed = await closedPort();
    const unreachable = await reader.fetcher()!.fetch(`http://127.0.0.1:${closed}/sync/assignments/`, {}, 10_000);
    expect(unreachable).toEqual({ kind: 'offline', message: 'Cannot reach the server: connection refused' });

    // A page held by a worker that dies is gone with it: its read fails (the pull's next attempt fetches it again).
    const held = await reader.fetcher()!.fetch(url, { Authorization: `Token ${server.token}` }, 10_000);
    if (held.kind !== 'held') throw new Error('the page should be held');
    await worker!.terminate();
    await expect(reader.readHeld(held.held)).rejects.toMatchObject({ code: 'internal', message: /page reader stopped/ });
    expect(reader.fetcher(), 'pages are fetched here from then on').toBeNull();
    await reader.close();
  });

  it('maps a held page’s refusal as any answer of the server: 429 with its Retry-After, 410, an unreachable server', async () => {
    const http = createHttpClient({ baseUrl: server.baseUrl, token: server.token });
    const answering = (outcome: FetchOutcome): BodyFetcher => ({ fetch: () => Promise.resolve(outcome) });
    const body = (json: unknown) => bytesOf(JSON.stringify(json));
    await expect(
      http.requestHeld(
        '/sync/assignments/',
        answering({ kind: 'failed', status: 429, retryAfter: '3', body: new Uint8Array(0) }),
      ),
    ).rejects.toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 3000 });
    await expect(
      http.requestHeld(
        '/sync/assignments/',
        answering({ kind: 'failed', status: 410, retryAfter: null, body: body({ code: 'cursor_expired', detail: 'Too old' }) }),
      ),
    ).rejects.toMatchObject({ code: 'not_found', status: 410, message: 'Too old' });
    await expect(
      http.requestHeld(
        '/sync/assignments/',
        answering({ kind: 'failed', status: 502, retryAfter: null, body: bytesOf('<html>') }),
      ),
    ).rejects.toMatchObject({ code: 'server', status: 502, retryable: true });
    await expect(
      http.requestHeld(
        '/sync/assignments/',
        answering({ kind: 'offline', message: 'Cannot reach the server: connection reset' }),
      ),
    ).rejects.toMatchObject({ code: 'offline', message: 'Cannot reach the server: connection reset', status: null });
    // The token goes with the request, as on every other.
    let asked: Record<string, string> = {};
    const held = { id: 7, size: 10, guess: null };
    const recording: BodyFetcher = { fetch: (_url, headers) => ((asked = headers), Promise.resolve({ kind: 'held', held })) };
    expect(await http.requestHeld('/sync/assignments/', recording)).toEqual(held);
    expect(asked.Authorization).toBe(`Token ${server.token}`);
  });
});
