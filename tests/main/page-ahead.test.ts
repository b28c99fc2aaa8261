/**
 * A first sync asks for the next page on the cursor it reads from the end of
 * this page's bytes, while this page is still being read (pull.ts,
 * trailingCursor): each page is asked for once, before the one before it is
 * read; a guess the read page does not confirm is dropped, the page is asked
 * for again on the right cursor, and no more guesses are made in that pull.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { BackendAdapter } from '../../src/main/backend/adapter';
import { createProtocolAdapter } from '../../src/main/backend/protocol-adapter';
import { openDatabase } from '../../src/main/db/connection';
import { recordingLogger } from '../../src/main/log';
import { createCache, type Cache } from '../../src/main/sync/cache';
import type { PageReader } from '../../src/main/sync/page-reader';
import { readPageRows, type PageRead } from '../../src/main/sync/page-rows';
import { pull } from '../../src/main/sync/pull';
import { createAssignments, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { fileIntegrity } from '../support/file-integrity';
import { tempDir } from '../support/temp-dir';

const COUNT = 2300; // three pages of up to 1,000

let server: TestServer;
let real: BackendAdapter;
let dir: ReturnType<typeof tempDir>;
let cache: Cache;

beforeAll(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  await createAssignments(server, COUNT);
  real = createProtocolAdapter({ baseUrl: server.baseUrl, token: server.token });
});
afterAll(() => server.close());
beforeEach(() => {
  dir = tempDir();
  cache = createCache(openDatabase(join(dir.path, 'cache.db')));
});
afterEach(() => {
  cache.db.close();
  dir.remove();
});

/** Resolves once `ok()` holds, or after `ms` regardless (the test's assertions then say what did not happen). */
async function until(ok: () => boolean, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; !ok() && Date.now() < end;) await new Promise((r) => setTimeout(r, 5));
}

/**
 * The adapter, recording the cursor of every page asked for. A cursor ending
 * in `~` is asked for without it, and its page comes with a space after the
 * JSON, to be told apart.
 */
function recording(): { backend: BackendAdapter; asked: (string | null)[] } {
  const asked: (string | null)[] = [];
  const backend: BackendAdapter = {
    ...real,
    changesBytes: async (since, limit) => {
      asked.push(since);
      if (!since?.endsWith('~')) return real.changesBytes!(since, limit);
      const raw = await real.changesBytes!(since.slice(0, -1), limit);
      return { badResponse: raw.badResponse, bytes: new Uint8Array(Buffer.concat([raw.bytes!, Buffer.from(' ')])) };
    },
  };
  return { backend, asked };
}

/** Reads pages on this thread; `hook` sees the n-th read (and may change it) before it is handed over. */
function reader(hook: (n: number, read: PageRead, bytes: Uint8Array) => Promise<void> | void): PageReader {
  let reads = 0;
  return {
    read(bytes) {
      const n = reads++;
      const read = readPageRows(bytes);
      return Promise.resolve(hook(n, read, bytes)).then(() => read);
    },
    ready: () => Promise.resolve(true),
    // Pages come to this thread: the hook sees them all.
    fetcher: () => null,
    readHeld: () => Promise.reject(new Error('no page is held here')),
    close: () => Promise.resolve(),
  };
}

const complete = () => {
  expect(cache.assignments.count()).toBe(COUNT);
  expect(fileIntegrity(cache.db)).toBe('ok');
};

describe('the next page of a first sync', () => {
  it('is asked for, once, on the cursor at the end of this page, before this page is read', async () => {
    const { backend, asked } = recording();
    let askedWhenFirstRead = 0;
    const log = recordingLogger();
    const report = await pull(cache, backend, log, undefined, {
      pageReader: reader(async (n) => {
        if (n !== 0) return;
        await until(() => asked.length >= 2);
        askedWhenFirstRead = asked.length;
      }),
    });
    expect(askedWhenFirstRead).toBe(2);
    expect(report.applied).toBe(COUNT);
    // Three pages, three requests: every guess was right, and each page was asked for once.
    expect(asked).toHaveLength(3);
    expect(asked[0]).toBeNull();
    expect(new Set(asked).size).toBe(3);
    expect(log.entries.filter((e) => e.level !== 'info')).toEqual([]);
    complete();
    // The cursor stored is the last page's: nothing more to pull.
    expect((await pull(cache, real, log)).applied).toBe(0);
  });

  it('drops a guess the read page does not confirm, asks again on the page’s cursor, and guesses no more', async () => {
    const { backend, asked } = recording();
    const log = recordingLogger();
    let askedAfterItsRead = -1;
    const report = await pull(cache, backend, log, undefined, {
      pageReader: reader(async (n, read, bytes) => {
        if (n === 0) {
          // Once read, the first page names an equivalent cursor that its bytes do not end with.
          if (read.ok) read.rows.cursor += '~';
          await until(() => asked.length >= 2);
        }
        if (bytes[bytes.length - 1] === 0x20) {
          // The second page asked for again: by now a guess from its bytes would have asked for the third.
          await new Promise((r) => setTimeout(r, 100));
          askedAfterItsRead = asked.length;
        }
      }),
    });
    expect(report.applied).toBe(COUNT);
    // The first page; the second on the guess (dropped) and again on the read cursor; the third, not guessed.
    expect(asked).toHaveLength(4);
    expect(asked[0]).toBeNull();
    expect(asked[2]).toBe(`${asked[1]}~`);
    expect(asked[3]).not.toBe(asked[1]);
    expect(askedAfterItsRead).toBe(3);
    expect(log.entries.filter((e) => e.level !== 'info')).toEqual([]);
    complete();
  });
});
