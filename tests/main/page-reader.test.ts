/**
 * A first sync's pages read off the main thread (page-reader.ts): the page
 * worker reads a page exactly as this thread would, and when it cannot start
 * or dies, pages are still read, here, with a warning.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProtocolAdapter } from '../../src/main/backend/protocol-adapter';
import { recordingLogger } from '../../src/main/log';
import { parsePage, readPageRows, unpackRows, type PageRead } from '../../src/main/sync/page-rows';
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
  page = (await backend.changesBytes!(null, 1000)).bytes;
});
afterAll(() => server.close());

/** A worker's read with its writes unpacked, as this thread reads a page. */
function unpacked(read: PageRead | null): PageRead | null {
  if (!read?.ok) return read;
  const { packed: _packed, ...rows } = unpackRows({ ...read.rows });
  return { ok: true, rows };
}

const bytesOf = (text: string) => new TextEncoder().encode(text);

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
});
