/**
 * The page worker's thread: reads each changes page it is sent into the
 * writes of its new rows (page-rows.ts) and answers with them, serialized
 * (packRows). Its own entry
 * of the main build (electron.vite.config.mts); page-reader.ts starts it.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { packRows, readPageRows, type PageRead } from './page-rows';

// Below the interface, as the bulk-load writer is (bulk-load.ts, WORKER_NICE): on two cores the
// main thread has to answer first, and a page read a little later costs the sync nothing.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) setPriority(tid, 10);
} catch {
  // Not Linux, or not allowed: the thread runs at the main thread's priority.
}

parentPort?.postMessage({ ready: true });
parentPort?.on('message', (m: { id: number; bytes: Uint8Array }) => {
  let read: PageRead;
  try {
    read = readPageRows(m.bytes);
  } catch (e) {
    read = { ok: false, problem: { kind: 'shape', detail: `could not be read (${(e as Error).message})` } };
  }
  if (!read.ok) return parentPort!.postMessage({ id: m.id, read });
  // The rows' writes go serialized, for the main thread to pass on untouched (bulk-writes.ts, PagePart).
  const packed = packRows(read.rows);
  parentPort!.postMessage({ id: m.id, read }, [packed.buffer as ArrayBuffer]);
});
