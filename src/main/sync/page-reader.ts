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
 * Once it is up, the worker fetches the pages too (fetcher(): the adapter
 * asks it, backend/held-body.ts) and keeps each until it is asked to read
 * it; the page's bytes then come here with its rows, moved, not copied (the
 * pull keeps them: the rows' packed bytes point into them). A page fetched
 * here is sent to the worker as a copy. Should the worker fail to start or
 * die, the pages are fetched and read here, as they would be anyway; a page
 * it held is fetched again by the pull's next attempt.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppFailure } from '../../shared/result';
import type { BodyFetcher, FetchOutcome, HeldBody } from '../backend/held-body';
import type { Logger } from '../log';
import { readPageRows, type PageRead } from './page-rows';

/** What the page worker is asked (page-worker.ts). */
export type PageWorkerRequest =
  | { kind: 'read'; id: number; bytes: Uint8Array }
  | { kind: 'fetch'; id: number; url: string; headers: Record<string, string>; timeoutMs: number }
  | { kind: 'read held'; id: number; held: number };

/** What it answers: a fetch's outcome, or a page read (with the page's bytes when it had held them). */
type PageWorkerAnswer =
  { ready: true } | { id: number; fetched: FetchOutcome } | { id: number; read: PageRead; bytes?: Uint8Array };

export interface PageReader {
  /** The page read on the worker; null when it is to be read here: a small page, or no worker. */
  read(bytes: Uint8Array): Promise<PageRead> | null;
  /**
   * Starts the worker if need be (it takes some 170 ms to load: the pull asks
   * at once, so it loads while the first page is on its way); resolves when
   * it is up (true) or will not be (false).
   */
  ready(): Promise<boolean>;
  /** The worker as a fetcher of pages, once it is up (null before, and once it has failed). */
  fetcher(): BodyFetcher | null;
  /** Reads a page the worker holds; rejects when the worker is gone (the page with it). */
  readHeld(held: HeldBody): Promise<{ read: PageRead; bytes: Uint8Array }>;
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
  const fetches = new Map<number, (outcome: FetchOutcome) => void>();
  const heldReads = new Map<
    number,
    { resolve: (r: { read: PageRead; bytes: Uint8Array }) => void; reject: (e: Error) => void }
  >();
  let next = 0;

  const giveUp = (why: string) => {
    if (done) return;
    done = true;
    log.warn('the page worker is not available: reading the first sync’s pages on the main thread', { error: why });
    void worker?.terminate();
    worker = null;
    for (const { bytes, resolve } of pending.values()) resolve(readPageRows(bytes));
    pending.clear();
    const stopped = `The first sync's page reader stopped (${why})`;
    for (const resolve of fetches.values()) resolve({ kind: 'stopped', message: stopped });
    fetches.clear();
    // The pull fails, and its next attempt fetches the page again.
    for (const { reject } of heldReads.values()) reject(new AppFailure('internal', stopped));
    heldReads.clear();
    for (const w of waiting.splice(0)) w(false);
  };

  const started = (): Worker | null => {
    if (worker || done) return worker;
    try {
      const w = start();
      w.unref();
      w.on('message', (m: PageWorkerAnswer) => {
        if ('ready' in m) {
          up = true;
          for (const r of waiting.splice(0)) r(true);
          return;
        }
        if ('fetched' in m) {
          fetches.get(m.id)?.(m.fetched);
          fetches.delete(m.id);
          return;
        }
        const h = heldReads.get(m.id);
        if (h) {
          heldReads.delete(m.id);
          return h.resolve({ read: m.read, bytes: m.bytes ?? new Uint8Array(0) });
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
        w.postMessage({ kind: 'read', id, bytes } satisfies PageWorkerRequest);
      });
    },
    fetcher() {
      const w = up && !done ? worker : null;
      if (!w) return null;
      return {
        fetch: (url, headers, timeoutMs) => {
          if (done) return Promise.resolve({ kind: 'stopped', message: "The first sync's page reader stopped" });
          const id = next++;
          return new Promise<FetchOutcome>((resolve) => {
            fetches.set(id, resolve);
            w.postMessage({ kind: 'fetch', id, url, headers, timeoutMs } satisfies PageWorkerRequest);
          });
        },
      };
    },
    readHeld(held) {
      const w = worker;
      if (!w || done) return Promise.reject(new AppFailure('internal', "The first sync's page reader stopped"));
      const id = next++;
      return new Promise((resolve, reject) => {
        heldReads.set(id, { resolve, reject });
        w.postMessage({ kind: 'read held', id, held: held.id } satisfies PageWorkerRequest);
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
      // Pages asked for ahead, never to be used: their requests settle, as failures nobody reads.
      for (const resolve of fetches.values()) resolve({ kind: 'stopped', message: "The first sync's page reader was closed" });
      fetches.clear();
      for (const { reject } of heldReads.values()) reject(new AppFailure('internal', "The first sync's page reader was closed"));
      heldReads.clear();
      for (const r of waiting.splice(0)) r(false);
      if (w) await w.terminate();
    },
  };
}
