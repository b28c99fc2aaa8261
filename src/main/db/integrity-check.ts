/**
 * `PRAGMA quick_check` off the main thread. On a 100,000-assignment cache it
 * reads some 200 MB and takes a second or more: run at open on the main
 * thread, it held the window's first paint. A worker with its own read-only
 * connection checks while the reviewer works; WAL lets both read at once.
 */
import { Worker } from 'node:worker_threads';

// Plain CommonJS evaluated in the worker: no bundler step, no TypeScript loader needed.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let result;
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try { result = String(db.pragma('quick_check', { simple: true })); } finally { db.close(); }
} catch (e) {
  result = (e && e.code ? e.code + ': ' : '') + (e && e.message ? e.message : String(e));
}
parentPort.postMessage(result);
`;

/** A running check: its verdict, and a way to stop it (the session closing). */
export interface BackgroundCheck {
  /** 'ok' for a healthy file, 'cancelled' when stopped, or what SQLite found wrong. */
  result: Promise<string>;
  /** Ends the worker and waits until its thread (and its read connection) are gone. */
  stop(): Promise<void>;
}

export function quickCheckInBackground(file: string): BackgroundCheck {
  let driver: string;
  try {
    driver = require.resolve('better-sqlite3');
  } catch {
    // No way to load the driver in a worker: the open-time checks still guard the file.
    return { result: Promise.resolve('ok'), stop: () => Promise.resolve() };
  }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const result = new Promise<string>((resolve) => {
    worker.once('message', (m: string) => resolve(stopped ? 'cancelled' : m));
    worker.once('error', (e) => resolve(stopped ? 'cancelled' : `worker: ${e.message}`));
    void exited.then(() => resolve('cancelled'));
  });
  worker.unref();
  return {
    result,
    // A worker stuck in native code exits once SQLite hands control back; the
    // caller must not delete or reopen the file before then.
    stop: async () => {
      stopped = true;
      await worker.terminate();
      await exited;
    },
  };
}
