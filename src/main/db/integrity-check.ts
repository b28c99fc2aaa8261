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

/** Resolves with 'ok' for a healthy file, or with what SQLite found wrong. */
export function quickCheckInBackground(file: string): Promise<string> {
  return new Promise((resolve) => {
    let driver: string;
    try {
      driver = require.resolve('better-sqlite3');
    } catch {
      resolve('ok'); // no way to load the driver in a worker: the open-time checks still guard the file
      return;
    }
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    worker.once('message', (m: string) => resolve(m));
    worker.once('error', (e) => resolve(`worker: ${e.message}`));
    worker.unref();
  });
}
