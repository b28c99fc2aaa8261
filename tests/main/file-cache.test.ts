import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection';
import { recordingLogger } from '../../src/main/log';
import { createCache, type Cache } from '../../src/main/sync/cache';
import { createFileCache, urlKey } from '../../src/main/sync/file-cache';
import { makeAssignment } from '../support/assignment-factory';
import { tempDir } from '../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let cache: Cache;
let server: Server;
let origin: string;
const hits: string[] = [];
const body = (name: string) => Buffer.alloc(1000, name.charCodeAt(0));

beforeEach(async () => {
  dir = tempDir();
  cache = createCache(openDatabase(':memory:'));
  hits.length = 0;
  server = createServer((req, res) => {
    hits.push(req.url!);
    const name = new URL(req.url!, 'http://x').pathname.slice(1);
    if (name === 'missing') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'image/png' }).end(body(name));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  cache.db.close();
  dir.remove();
});

const withFiles = (i: number, names: string[], sig = 'a') =>
  makeAssignment(i, undefined, {
    files: Object.fromEntries(names.map((n) => [n, { url: `${origin}/${n}?sig=${sig}`, mime: 'image/png', size: 1000 }])),
  });

let clock = 0;
const files = (budget = 10_000) =>
  createFileCache({
    dir: join(dir.path, 'files'),
    repo: cache.files,
    log: recordingLogger(),
    budgetBytes: budget,
    now: () => new Date(1_700_000_000_000 + clock++ * 1000),
  });

describe('offline file cache', () => {
  it('keys files by URL without the query, so a rotated signature is not fetched again', async () => {
    const fc = files();
    expect(urlKey(`${origin}/a?sig=1`)).toBe(urlKey(`${origin}/a?sig=2`));
    await fc.sync([withFiles(1, ['a', 'b'], 'one')]);
    const again = await fc.sync([withFiles(1, ['a', 'b'], 'two')]);
    expect(again.downloaded).toBe(0);
    expect(hits).toHaveLength(2);
    expect(fc.read(`${origin}/a?sig=three`)?.bytes.equals(body('a'))).toBe(true);
  });

  it('keeps within the budget, evicting the least recently used but never an open assignment', async () => {
    const fc = files(3000);
    const a = withFiles(1, ['a', 'b']);
    await fc.sync([a]);
    fc.setOpen(a);
    fc.read(`${origin}/a`); // a is used after b: b is now the least recently used
    // Sizes unknown up front: both download, then the cache evicts down to the budget.
    const c = makeAssignment(2, undefined, { files: { c: { url: `${origin}/c` }, d: { url: `${origin}/d` } } });
    const r = await fc.sync([c]);
    expect(r.downloaded).toBe(2);
    expect(r.evicted).toBe(1);
    expect(fc.usedBytes()).toBe(3000);
    expect(fc.read(`${origin}/b`)).not.toBeNull(); // open: kept although least recently used
    expect(fc.read(`${origin}/c`)).toBeNull(); // the oldest file not on screen went
    expect(fc.read(`${origin}/a`)).not.toBeNull();
    expect(fc.read(`${origin}/d`)).not.toBeNull();
    fc.setOpen(null);
    expect(fc.setBudget(1000)).toBe(2);
    expect(fc.usedBytes()).toBe(1000);
  });

  it('skips files that would not fit when their size is known', async () => {
    const fc = files(1500);
    const r = await fc.sync([withFiles(1, ['a', 'b'])]);
    expect(r).toMatchObject({ downloaded: 1, skippedForBudget: 1 });
  });

  it('refuses a file whose bytes do not match its sha256, and logs a failed download without stopping', async () => {
    const fc = files();
    const good = createHash('sha256').update(body('g')).digest('hex');
    const a = makeAssignment(1, undefined, {
      files: {
        bad: { url: `${origin}/x`, sha256: 'f'.repeat(64) },
        gone: { url: `${origin}/missing` },
        good: { url: `${origin}/g`, sha256: good },
      },
    });
    const r = await fc.sync([a]);
    expect(r).toMatchObject({ downloaded: 1, failed: 2 });
    expect(fc.read(`${origin}/x`)).toBeNull();
    expect(fc.read(`${origin}/g`)).not.toBeNull();
  });

  it('stops at once when the session closes: the download in flight is dropped and nothing more is written', async () => {
    const fc = files();
    const a = withFiles(1, ['a', 'b', 'c']);
    const running = fc.sync([a]);
    fc.stop();
    const r = await running;
    expect(r.downloaded).toBe(0);
    expect(r.failed).toBe(0);
    expect(readdirSync(join(dir.path, 'files'))).toEqual([]);
    expect(cache.files.totalBytes()).toBe(0);
    expect((await fc.sync([a])).downloaded).toBe(0);
  });
});
