/**
 * Signing in and out: checks a server and token against GET /me/, opens the
 * account's own cache file, starts its sync engine, and runs the embedded
 * demo backend when the reviewer chose "Try the demo".
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Account, SessionState } from '../../shared/contract';
import { AppFailure } from '../../shared/result';
import type { BackendAdapter } from '../backend/adapter';
import { BackendError, normaliseBaseUrl, type FetchFn } from '../backend/http-client';
import { createProtocolAdapter } from '../backend/protocol-adapter';
import { openCacheFile, type CacheRecovery } from '../db/open-cache';
import { quickCheckInBackground } from '../db/integrity-check';
import { createFileCache, type FileCache } from '../sync/file-cache';
import type { SecretStore } from '../desktop/secret-store';
import type { Logger } from '../log';
import { createCache, type Cache } from '../sync/cache';
import { createSyncEngine, type SyncEngine, type Timers } from '../sync/engine';
import type { SettingsStore, StoredAccount } from './settings';

export interface DemoServer {
  baseUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}
export type StartDemoServer = (opts: { db: string; port: number; seed: number }) => Promise<DemoServer>;

export interface SessionDeps {
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  log: Logger;
  startDemoServer: StartDemoServer;
  fetch?: FetchFn;
  now?: () => Date;
  timers?: Timers;
  demoSeed?: number;
  /** The OS's view of the network (Electron: net.isOnline); the engine believes it about "offline". */
  isOnline?: () => boolean;
  /** Follow the server's event stream (default true). */
  syncStream?: boolean;
}

export interface ActiveSession {
  account: Account;
  cache: Cache;
  engine: SyncEngine;
  backend: BackendAdapter;
  /** The offline file cache (absent in tests that build a session by hand). */
  files?: FileCache;
  /** Set when the cache file was found damaged at sign-in and rebuilt; cleared once the reviewer has seen it. */
  recovery?: CacheRecovery | null;
  /** Stops the background integrity check, if one is running, and waits for its worker. */
  stopCheck?: () => Promise<void>;
  /** The offline file download under way, if any (awaited before the cache closes). */
  downloading?: Promise<unknown>;
}

const TOKEN_KEY = (cacheKey: string) => `token:${cacheKey}`;

export function createSessionService(deps: SessionDeps, onActivated: (s: ActiveSession | null) => void) {
  let active: ActiveSession | null = null;
  let demo: DemoServer | null = null;

  function state(): SessionState {
    return active ? { status: 'signed_in', account: active.account } : { status: 'signed_out' };
  }

  function activate(stored: StoredAccount, token: string, check: 'now' | 'later' = 'later'): ActiveSession {
    const dir = join(deps.dataDir, 'cache');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${stored.cacheKey}.db`);
    const { db, recovery } = openCacheFile(file, deps.log, deps.now, check);
    const cache = createCache(db);
    const backend = createProtocolAdapter({ baseUrl: stored.baseUrl, token, fetch: deps.fetch, log: deps.log });
    const engine = createSyncEngine({
      cache,
      backend,
      log: deps.log,
      now: deps.now,
      timers: deps.timers,
      intervalMs: deps.settings.get().syncIntervalMs,
      isOnline: deps.isOnline,
      stream: deps.syncStream,
    });
    const { cacheKey: _k, ...account } = stored;
    if (!deps.settings.get().everSignedIn) deps.settings.update({ everSignedIn: true });
    const files = createFileCache({
      dir: join(deps.dataDir, 'files', stored.cacheKey),
      repo: cache.files,
      log: deps.log,
      fetch: deps.fetch,
      now: deps.now,
      budgetBytes: deps.settings.get().fileBudgetBytes,
      auth: { origin: new URL(stored.baseUrl).origin, token },
    });
    active = { account, cache, engine, backend, files, recovery };
    downloadFilesAfterEachSync(active, deps.log);
    onActivated(active);
    engine.start();
    if (check === 'later') verifyInBackground(active, stored, token, file);
    return active;
  }

  /**
   * The integrity check runs while the reviewer works. Should it fail, the
   * session is reopened with the check done at once, which sets the damaged
   * file aside and carries the reviewer's unsent work into a fresh cache
   * (anything recorded in the meantime included).
   */
  function verifyInBackground(mine: ActiveSession, stored: StoredAccount, token: string, file: string): void {
    const run = quickCheckInBackground(file);
    mine.stopCheck = run.stop;
    void run.result.then(async (result) => {
      if (result === 'ok' || result === 'cancelled' || active !== mine) return;
      deps.log.error('the background integrity check found the cache damaged', { result });
      await deactivate();
      activate(stored, token, 'now');
    });
  }

  async function deactivate(): Promise<void> {
    if (!active) return;
    const s = active;
    active = null;
    s.engine.stop();
    s.files?.stop();
    await Promise.all([s.engine.idle(), s.stopCheck?.(), s.downloading]);
    s.cache.db.close();
    onActivated(null);
  }

  /** Checks the server and token; every failure becomes a sentence the reviewer can act on. */
  async function check(baseUrlInput: string, token: string) {
    let baseUrl: string;
    try {
      baseUrl = normaliseBaseUrl(baseUrlInput);
    } catch {
      throw new AppFailure(
        'validation',
        `"${baseUrlInput}" is not a valid server URL. Example: https://review.example.com/api/v1`,
      );
    }
    const backend = createProtocolAdapter({ baseUrl, token, fetch: deps.fetch, timeoutMs: 10_000 });
    try {
      const me = await backend.me();
      return { baseUrl, me };
    } catch (e) {
      if (!(e instanceof BackendError)) throw e;
      const host = new URL(baseUrl).host;
      switch (e.code) {
        case 'offline':
          throw new AppFailure(
            'offline',
            `Cannot reach ${host}: ${e.message.replace(/^Cannot reach the server: /, '')}. Check the URL and your connection.`,
          );
        case 'unauthorized':
        case 'forbidden':
          throw new AppFailure('unauthorized', 'The server did not accept this token. Copy it again from your review backend.');
        case 'not_found':
          throw new AppFailure(
            'not_found',
            `No review backend answers at ${baseUrl} (GET /me/ was not found). Check the path, e.g. …/api/v1.`,
          );
        default:
          throw new AppFailure('bad_response', `The server at ${host} did not answer like a review backend (${e.message}).`);
      }
    }
  }

  return {
    state,
    active: () => active,

    /** Signs back in to the stored account at start-up, without a network round trip. */
    async restore(): Promise<SessionState> {
      const stored = deps.settings.get().account;
      if (!stored) return state();
      if (stored.demo) {
        try {
          return await startDemo();
        } catch (e) {
          deps.log.error('could not restart the demo backend', { error: (e as Error).message });
          return state();
        }
      }
      const token = deps.secrets.get(TOKEN_KEY(stored.cacheKey));
      if (token === null) {
        deps.log.warn('stored account has no readable token; sign in again');
        return state();
      }
      activate(stored, token);
      return state();
    },

    async connect(url: string, token: string): Promise<SessionState> {
      const { baseUrl, me } = await check(url, token);
      await deactivate();
      const cacheKey = createHash('sha256').update(`${baseUrl}\n${me.id}`).digest('hex').slice(0, 16);
      const stored: StoredAccount = {
        baseUrl,
        userId: me.id,
        username: me.username,
        displayName: me.display_name || me.username,
        demo: false,
        cacheKey,
      };
      deps.secrets.set(TOKEN_KEY(cacheKey), token);
      deps.settings.update({ account: stored });
      activate(stored, token);
      return state();
    },

    async startDemo(): Promise<SessionState> {
      return startDemo();
    },

    async signOut(): Promise<SessionState> {
      const stored = deps.settings.get().account;
      await deactivate();
      if (stored) deps.secrets.delete(TOKEN_KEY(stored.cacheKey));
      deps.settings.update({ account: null });
      await stopDemo();
      return state();
    },

    async dispose(): Promise<void> {
      await deactivate();
      await stopDemo();
    },
  };

  async function startDemo(): Promise<SessionState> {
    if (!demo) {
      const dir = join(deps.dataDir, 'demo');
      mkdirSync(dir, { recursive: true });
      const db = join(dir, 'server.db');
      const seed = deps.demoSeed ?? 300;
      const preferred = deps.settings.get().demoPort ?? 0;
      try {
        demo = await deps.startDemoServer({ db, port: preferred, seed });
      } catch (e) {
        // The port we used last time is taken: any free one will do.
        if (preferred === 0) throw e;
        demo = await deps.startDemoServer({ db, port: 0, seed });
      }
      deps.settings.update({ demoPort: demo.port });
    }
    const { me } = await check(demo.baseUrl, demo.token);
    await deactivate();
    const stored: StoredAccount = {
      baseUrl: demo.baseUrl,
      userId: me.id,
      username: me.username,
      displayName: me.display_name || me.username,
      demo: true,
      cacheKey: 'demo',
    };
    deps.settings.update({ account: stored });
    activate(stored, demo.token);
    return state();
  }

  async function stopDemo(): Promise<void> {
    const d = demo;
    demo = null;
    if (d) await d.close();
  }
}
export type SessionService = ReturnType<typeof createSessionService>;

/**
 * After every finished sync, fetch the files of open assignments for offline
 * use, most urgent first, one run at a time, never holding up the sync itself.
 */
function downloadFilesAfterEachSync(s: ActiveSession, log: Logger): void {
  let running = false;
  let previous = s.engine.status().phase;
  s.engine.onStatus((status) => {
    const finished = previous === 'syncing' && status.phase === 'idle';
    previous = status.phase;
    if (!finished || running || !s.files) return;
    running = true;
    s.downloading = s.files
      .sync(s.cache.assignments.openWithFiles(500))
      .catch((e: unknown) => log.warn('offline file download stopped', { error: (e as Error).message }))
      .finally(() => (running = false));
  });
}
