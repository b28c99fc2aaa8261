/**
 * A first sync's changes pages, read off the main thread. Decoding and
 * parsing a page of 1,000 assignments (a megabyte), checking each and
 * building its writes was most of the main thread's part of a first sync,
 * in stretches of 15-50 ms (a page's JSON.parse alone, the garbage it left
 * behind, the scan for the server's bytes of each assignment): the event
 * loop stalled past 50 ms about every other run. The page worker does it
 * (page-worker.ts); this thread only decides which rows are new and hands
 * them on (pull.ts).
 *
 * The worker is sent a copy of the page's bytes (a millisecond's copy; the
 * pull keeps its own, which the rows' packed bytes point into). Should the
 * worker fail to start or die, the page is read here, as it would be anyway.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { readPageRows, type PageRead } from './page-rows';

export interface PageReader {
  /** The page read on the worker; null when it is to be read here: a small page, or no worker. */
  read(bytes: Uint8Array): Promise<PageRead> | null;
  /**
   * Starts the worker if need be (it takes some 170 ms to load: the pull asks
   * at once, so it loads while the first page is on its way); resolves when
   * it is up (true) or will not be (false).
   */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The worker's script: the built one (out/main/page-worker.js, beside the
 * bundle or one up from the chunk this code landed in), or, running from the
 * sources (tests, benchmarks), the TypeScript through tsx.
 */
export function startPageWorker(): Worker {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const built = join(dir, 'page-worker.js');
    if (existsSync(built)) return new Worker(built);
  }
  const source = join(__dirname, 'page-worker.ts');
  if (!existsSync(source)) throw new Error(`no page worker script beside ${__dirname}`);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true });
}

/** Pages smaller than this are read here: quicker than the round trip to the worker. */
export const WORKER_PAGE_BYTES = 256 * 1024;

export function startPageReader(log: Logger, opts: { start?: () => Worker; minBytes?: number } = {}): PageReader {
  const start = opts.start ?? startPageWorker;
  const minBytes = opts.minBytes ?? WORKER_PAGE_BYTES;
  let worker: Worker | null = null;
  let up = false;
  /** Once the worker failed (or was closed), every page is read here. */
  let done = false;
  const waiting: ((up: boolean) => void)[] = [];
  const pending = new Map<number, { bytes: Uint8Array; resolve: (r: PageRead) => void }>();
  let next = 0;

  const giveUp = (why: string) => {
    if (done) return;
    done = true;
    log.warn('the page worker is not available: reading the first sync’s pages on the main thread', { error: why });
    void worker?.terminate();
    worker = null;
    for (const { bytes, resolve } of pending.values()) resolve(readPageRows(bytes));
    pending.clear();
    for (const w of waiting.splice(0)) w(false);
  };

  const started = (): Worker | null => {
    if (worker || done) return worker;
    try {
      const w = start();
      w.unref();
      w.on('message', (m: { ready?: true; id: number; read: PageRead }) => {
        if (m.ready) {
          up = true;
          for (const r of waiting.splice(0)) r(true);
          return;
        }
        const p = pending.get(m.id);
        pending.delete(m.id);
        p?.resolve(m.read);
      });
      w.on('error', (e) => giveUp(e.message));
      w.on('exit', (code) => giveUp(`exited with code ${code}`));
      worker = w;
    } catch (e) {
      giveUp((e as Error).message);
    }
    return worker;
  };

  return {
    read(bytes) {
      if (bytes.length < minBytes) return null;
      const w = started();
      if (!w) return null;
      const id = next++;
      return new Promise<PageRead>((resolve) => {
        pending.set(id, { bytes, resolve });
        w.postMessage({ id, bytes });
      });
    },
    ready() {
      if (!started()) return Promise.resolve(false);
      if (up) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => waiting.push(resolve));
    },
    async close() {
      const w = worker;
      done = true; // a close is no failure: nothing to say
      worker = null;
      pending.clear(); // a page asked for in advance, never to be used
      for (const r of waiting.splice(0)) r(false);
      if (w) await w.terminate();
    },
  };
}
