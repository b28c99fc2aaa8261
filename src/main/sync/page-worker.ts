/**
 * The page worker's thread: fetches a first sync's changes pages and keeps
 * them (backend/held-body.ts), and reads each page it holds or is sent into
 * the writes of its new rows (page-rows.ts), answering with them serialized
 * (packRows) and the page's bytes, both moved to the main thread rather than
 * copied. Its own entry of the main build (electron.vite.config.mts);
 * page-reader.ts starts it.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { fetchAndHold } from '../backend/held-body';
import { packRows, readPageRows, type PageRead } from './page-rows';
import type { PageWorkerRequest } from './page-reader';

// Below the interface, as the bulk-load writer is (bulk-load.ts, WORKER_NICE): on two cores the
// main thread has to answer first, and a page read a little later costs the sync nothing.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) setPriority(tid, 10);
} catch {
  // Not Linux, or not allowed: the thread runs at the main thread's priority.
}

/** Pages fetched and not yet read, by the id of their fetch. */
const held = new Map<number, Uint8Array>();

function read(bytes: Uint8Array): PageRead {
  try {
    return readPageRows(bytes);
  } catch (e) {
    return { ok: false, problem: { kind: 'shape', detail: `could not be read (${(e as Error).message})` } };
  }
}

/**
 * Reads wait for a turn of their own (setImmediate), one per turn: a read
 * takes a core for 30-100 ms, and the fetch of the next page, asked for at
 * the same moment (pull.ts, trailingCursor), has to be on its way first, its
 * bytes taken in between reads. Read at once, each page came one fetch plus
 * one read after the last, the server idle during the read and this thread
 * during the fetch.
 */
const reads: Extract<PageWorkerRequest, { kind: 'read' | 'read held' }>[] = [];

function readNext(): void {
  const m = reads.shift();
  if (!m) return;
  if (reads.length > 0) setImmediate(readNext);
  let bytes: Uint8Array | undefined;
  if (m.kind === 'read held') {
    bytes = held.get(m.held);
    held.delete(m.held);
  } else bytes = m.bytes;
  if (!bytes)
    return parentPort!.postMessage({
      id: m.id,
      read: { ok: false, problem: { kind: 'shape', detail: 'the page was not kept' } },
    });
  const result = read(bytes);
  // A page sent here stays the main thread's too; a page fetched here goes to it with the rows.
  const page = m.kind === 'read held' ? bytes : undefined;
  const moved = page ? [page.buffer as ArrayBuffer] : [];
  if (!result.ok) return parentPort!.postMessage({ id: m.id, read: result, bytes: page }, moved);
  // The rows' writes go serialized, for the main thread to pass on untouched (bulk-writes.ts, PagePart).
  const packed = packRows(result.rows);
  parentPort!.postMessage({ id: m.id, read: result, bytes: page }, [packed.buffer as ArrayBuffer, ...moved]);
}

parentPort?.postMessage({ ready: true });
parentPort?.on('message', (m: PageWorkerRequest) => {
  if (m.kind === 'fetch') {
    void fetchAndHold(m.id, m.url, m.headers, m.timeoutMs, held).then((fetched) =>
      parentPort!.postMessage({ id: m.id, fetched }, fetched.kind === 'failed' ? [fetched.body.buffer as ArrayBuffer] : []),
    );
    return;
  }
  reads.push(m);
  if (reads.length === 1) setImmediate(readNext);
});
