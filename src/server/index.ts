/**
 * The reference review backend as a library: `startServer` opens (or
 * creates) its SQLite store, prepares users and demo data, and serves
 * ../shared/protocol.md on a loopback port. No side effects at import time,
 * and no files read from disk, so Vite/electron-vite can bundle it.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureUsers } from './bootstrap';
import type { ServerContext } from './context';
import { createCursorCodec } from './domain/cursor';
import { EventHub } from './domain/events-hub';
import { DEFAULT_FORM_REF } from './demo/forms';
import { publishDemoCatalog, seedDemoData } from './demo/generator';
import { BASE_PATH, createRequestListener } from './http/app';
import { buildRouter } from './routes';
import { createStore } from './store';
import { openDatabase } from './store/open';

export interface ServerOptions {
  port?: number; // 0 or undefined = ephemeral
  host?: string; // default '127.0.0.1'
  db?: string; // file path or ':memory:' (default)
  seed?: number; // demo assignments to generate on an empty db (default 0)
  token?: string; // reviewer token; random if absent (but reused from an existing db file if the db already has the default reviewer)
  adminToken?: string; // random if absent (same reuse rule)
  username?: string; // default reviewer username, default 'reviewer'
  keepaliveMs?: number; // SSE comment interval, default 15000
  changeRetention?: number; // how many changes the feed keeps before cursors expire (default: unlimited)
  now?: () => Date; // injectable clock
  quiet?: boolean;
}

export interface RunningServer {
  baseUrl: string; // e.g. http://127.0.0.1:54321/api/v1  (no trailing slash)
  port: number;
  token: string; // default reviewer's token
  adminToken: string;
  reviewerId: number;
  close(): Promise<void>; // closes SSE streams too, resolves when fully closed
}

/** How long close() waits for in-flight requests before cutting connections. */
const CLOSE_GRACE_MS = 5000;

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const now = opts.now ?? (() => new Date());
  const log = opts.quiet ? () => undefined : (m: string) => console.error(`[reviewdesk-server] ${m}`);
  if (opts.changeRetention !== undefined && !(Number.isInteger(opts.changeRetention) && opts.changeRetention >= 0)) {
    throw new Error('changeRetention must be a non-negative integer');
  }
  if (opts.seed !== undefined && !(Number.isInteger(opts.seed) && opts.seed >= 0))
    throw new Error('seed must be a non-negative integer');

  const db = openDatabase(opts.db ?? ':memory:');
  try {
    const store = createStore(db);
    const epoch = store.meta.ensure('epoch', () => randomBytes(8).toString('hex'));
    const fileSecret = store.meta.ensure('file_secret', () => randomBytes(24).toString('hex'));
    const { reviewer, admin } = ensureUsers(
      store,
      { username: opts.username ?? 'reviewer', token: opts.token, adminToken: opts.adminToken },
      now().toISOString(),
    );
    const hub = new EventHub();
    const cursors = createCursorCodec(epoch);
    let baseUrl = '';
    let depth = 0;
    const ctx: ServerContext = {
      store,
      now,
      hub,
      cursors,
      changeRetention: opts.changeRetention,
      fileSecret,
      defaultReviewerId: reviewer.id,
      keepaliveMs: opts.keepaliveMs ?? 15_000,
      defaultForm: undefined,
      baseUrl: () => baseUrl,
      log,
      tx<T>(fn: () => T): T {
        depth++;
        try {
          const result = db.transaction(fn)();
          // Listeners hear about a change only once it is committed (outermost transaction).
          if (depth === 1) hub.flush(() => cursors.encode(store.changes.lastSeq()));
          return result;
        } catch (err) {
          if (depth === 1) hub.discard();
          throw err;
        } finally {
          depth--;
        }
      },
    };
    if (store.forms.count() === 0) publishDemoCatalog(ctx);
    if (store.forms.get(DEFAULT_FORM_REF.id, DEFAULT_FORM_REF.version)) ctx.defaultForm = DEFAULT_FORM_REF;
    if ((opts.seed ?? 0) > 0 && store.assignments.count() === 0) {
      const started = Date.now();
      const n = seedDemoData(ctx, { count: opts.seed ?? 0 });
      log(`generated ${n} demo assignments in ${Date.now() - started} ms`);
    }

    // close() must not wait for sockets that carry no request (undici opens
    // spare connections, and an aborted fetch can leave one behind): it ends
    // the SSE streams, lets in-flight requests finish, then cuts the rest.
    const listener = createRequestListener(ctx, buildRouter(ctx));
    let inFlight = 0;
    let stopping = false;
    const server = createServer((req, res) => {
      inFlight++;
      res.once('close', () => {
        inFlight--;
        if (stopping && inFlight === 0) server.closeAllConnections();
      });
      listener(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    baseUrl = `http://${urlHost(host)}:${port}${BASE_PATH}`;

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= new Promise<void>((resolve) => {
        stopping = true;
        hub.closeAll();
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          db.close();
          resolve();
        });
        if (inFlight === 0) server.closeAllConnections();
        else server.closeIdleConnections();
      }));

    return { baseUrl, port, token: reviewer.token, adminToken: admin.token, reviewerId: reviewer.id, close };
  } catch (err) {
    if (db.open) db.close();
    throw err;
  }
}
